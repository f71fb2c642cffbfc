import * as z from 'zod/mini';
import type { cancelRegistration } from '#app/cancel-registration.ts';
import type { changeParticipants } from '#app/change-participants.ts';
import type {
  courseTotalsFor,
  listCourses,
  listRegistrationPage,
  registrationDetail,
  registrationExport,
} from '#app/coordinator-queries.ts';
import type { getCourseForSignup } from '#app/get-course.ts';
import type { resendMail } from '#app/resend-mail.ts';
import type { saveCourse } from '#app/save-course.ts';
import type { RegistrationReceipt } from '#domain/registration.ts';
import type { Holds, SameJson } from './schema-drift.ts';

/**
 * The answers of the signup and the coordinator's registration routes as they go out as JSON. Written for
 * the answer, not reused from the input schemas: a stored registration may have lost its people's data
 * (empty addresses), and an answer has no defaults or transforms.
 */
const text = z.string();
const amount = z.int();
const count = z.int().check(z.nonnegative());
const instant = z.iso.datetime();
const day = z.iso.date();
const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));
const registrationStatus = z.enum(['confirmed', 'waitlisted', 'cancelled']);

const address = z.strictObject({ name: text, street: text, postalCode: text, city: text });
const priceLine = z.strictObject({
  description: text,
  unitPrice: amount,
  vat: z.strictObject({ rate: z.number(), exemptionReason: z.optional(text) }),
});
export const pricing = z.strictObject({
  currency: z.literal('DKK'),
  participantsPerPackage: z.int(),
  package: priceLine,
  cateringPerParticipant: priceLine,
});
export const price = z.strictObject({
  currency: z.literal('DKK'),
  packages: count,
  participants: count,
  packageFee: amount,
  catering: amount,
  subtotal: amount,
  vatRate: z.nullable(z.number()),
  vat: amount,
  total: amount,
});
export const participant = z.strictObject({
  name: text,
  email: text,
  jobTitle: z.optional(text),
  dietaryNeeds: z.optional(text),
});
const courseCounters = z.strictObject({
  confirmedLibraries: count,
  confirmedParticipants: count,
  waitlistedLibraries: count,
  waitlistedParticipants: count,
});
export const ledgerLine = z.strictObject({
  number: text,
  kind: z.enum(['invoice', 'credit-note']),
  total: amount,
  issueDate: day,
  credits: z.optional(text),
});
/** An item as the table holds it (the access request's export): open, its attributes are the table's. */
const storedItem = z.record(z.string(), z.unknown());

const session = z.strictObject({
  id: text,
  kind: z.enum(['teaching-day', 'visit-round', 'group-guidance']),
  title: text,
  when: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('timed'), date: day, start: clockTime, end: clockTime }),
    z.strictObject({ type: z.literal('span'), from: day, to: day, isoWeek: z.optional(z.int()) }),
  ]),
  byAppointment: z.boolean(),
  place: text,
  atVenue: z.boolean(),
  content: z.array(text),
  startsAt: instant,
  endsAt: instant,
  whenText: text,
});

export const courseForSignup = z.strictObject({
  id: text,
  title: text,
  kind: text,
  year: z.int(),
  organiser: z.strictObject({ name: text, address }),
  targetGroup: text,
  description: text,
  caseWork: text,
  venue: address,
  sessions: z.array(session),
  book: z.strictObject({ title: text, author: text, perParticipant: count }),
  prices: z.strictObject({
    currency: z.literal('DKK'),
    participantsPerPackage: z.int(),
    packageFee: amount,
    packageFeeText: text,
    cateringPerParticipant: amount,
    cateringPerParticipantText: text,
    lines: z.array(
      z.strictObject({
        description: text,
        unitPrice: amount,
        vatRate: z.number(),
        vatExemptionReason: z.optional(text),
      }),
    ),
  }),
  pricing,
  signup: z.strictObject({
    deadline: day,
    deadlineText: text,
    closesAt: instant,
    maxParticipantsPerRegistration: z.int(),
  }),
  signupOpen: z.boolean(),
  seatsLeft: z.optional(count),
  contacts: z.array(
    z.strictObject({
      role: z.enum(['coordinator', 'teacher']),
      name: text,
      title: text,
      handles: text,
      email: z.optional(text),
    }),
  ),
});

export const registrationReceipt = z.strictObject({
  registration: z.strictObject({ id: text, courseId: text, status: registrationStatus }),
  price,
});

export const courseList = z.strictObject({
  courses: z.array(
    z.strictObject({ id: text, title: text, year: z.int(), signupDeadline: day, counters: courseCounters }),
  ),
});

export const registrationPage = z.strictObject({
  items: z.array(
    z.strictObject({
      id: text,
      status: registrationStatus,
      createdAt: instant,
      library: z.strictObject({ name: text, municipality: text, ean: text }),
      contact: z.strictObject({ name: text, email: text }),
      participants: count,
      total: amount,
      invoiceNumber: z.optional(text),
    }),
  ),
  nextCursor: z.optional(text),
});

const resendRequest = z.strictObject({
  id: text,
  what: z.enum(['confirmation', 'invoice']),
  at: instant,
});

/** A stored registration without its bookkeeping of owed work: what the coordinator's detail shows. */
const registeredRegistration = z.strictObject({
  id: text,
  courseId: text,
  status: registrationStatus,
  createdAt: instant,
  library: z.strictObject({
    name: text,
    municipality: text,
    address: text,
    postalCode: text,
    city: text,
    ean: text,
    cvr: z.optional(text),
  }),
  contact: z.strictObject({ name: text, email: text, phone: text }),
  leader: z.strictObject({ name: text, email: text }),
  participants: z.array(participant),
  invoiceEmail: z.optional(text),
  invoiceReference: text,
  comment: z.optional(text),
  consent: z.literal(true),
  price,
  pricing,
  invoiceNumber: z.optional(text),
  documents: z.optional(z.array(ledgerLine)),
  toCredit: z.optional(z.array(text)),
  cancelledAt: z.optional(instant),
  cancellationReason: z.optional(text),
  promotedAt: z.optional(instant),
  resendRequests: z.optional(z.array(resendRequest)),
  participantChanges: z.optional(
    z.array(
      z.strictObject({
        version: z.int(),
        at: instant,
        removed: z.array(z.strictObject({ name: text, email: text })),
        credited: z.optional(text),
      }),
    ),
  ),
  personalDataRemovalFrom: z.optional(instant),
  personalDataRemovedAt: z.optional(instant),
  /**
   * When DynamoDB's TTL deletes the item (epoch seconds): set once its people's data is removed. The
   * adapter passes it through though StoredRegistration does not declare it; the answer has always had it.
   */
  expiresAt: z.optional(z.int()),
});

export const registrationDetailBody = z.strictObject({
  registration: registeredRegistration,
  workPending: z.boolean(),
  documents: z.array(ledgerLine),
  mailHistory: z.array(
    z.strictObject({
      dedupeKey: text,
      kind: text,
      to: z.array(text),
      subject: text,
      messageId: text,
      sentAt: instant,
    }),
  ),
});

export const registrationExportBody = z.strictObject({
  exportedAt: instant,
  registration: storedItem,
  libraryGuard: z.optional(storedItem),
  documents: z.array(storedItem),
  mailRecords: z.array(storedItem),
  notIncluded: z.array(text),
});

export const courseTotals = z.strictObject({
  courseId: text,
  libraries: count,
  participants: count,
  booksToOrder: count,
  cateringCount: count,
  withDietaryNeeds: count,
  waitlistedLibraries: count,
  waitlistedParticipants: count,
  dietaryNeeds: z.array(z.strictObject({ needs: text, participants: count })),
  cancelledLibraries: count,
  invoiced: amount,
  credited: amount,
  outstanding: amount,
  notYetInvoiced: amount,
});

export const cancelledRegistration = z.strictObject({
  registration: z.strictObject({
    id: text,
    status: registrationStatus,
    cancelledAt: z.optional(instant),
    participants: z.array(participant),
    price,
  }),
});

export const changedRegistration = z.strictObject({
  registration: z.strictObject({
    id: text,
    status: registrationStatus,
    participants: z.array(participant),
    price,
    invoiceNumber: z.optional(text),
  }),
});

export const resendAccepted = z.strictObject({
  registration: z.strictObject({ id: text, status: registrationStatus, invoiceNumber: z.optional(text) }),
  resend: resendRequest,
});

export const savedCourse = z.strictObject({
  courseId: text,
  created: z.boolean(),
  schedules: z.strictObject({ created: count, updated: count, deleted: count }),
});

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Output<S extends z.ZodMiniType> = z.output<S>;
type Registered = Answer<typeof registrationDetail>;

export type RegistrationBodiesMatchTheirUseCases = [
  Holds<SameJson<Output<typeof courseForSignup>, Answer<typeof getCourseForSignup>>>,
  Holds<SameJson<Output<typeof registrationReceipt>, RegistrationReceipt>>,
  Holds<SameJson<Output<typeof courseList>, { courses: Answer<typeof listCourses> }>>,
  Holds<SameJson<Output<typeof registrationPage>, Answer<typeof listRegistrationPage>>>,
  Holds<SameJson<Output<typeof registeredRegistration>, Registered['registration']>>,
  Holds<SameJson<Output<typeof registrationDetailBody>, Registered>>,
  Holds<SameJson<Output<typeof registrationExportBody>, Answer<typeof registrationExport>>>,
  Holds<SameJson<Output<typeof courseTotals>, Answer<typeof courseTotalsFor>>>,
  Holds<SameJson<Output<typeof cancelledRegistration>, { registration: Answer<typeof cancelRegistration> }>>,
  Holds<SameJson<Output<typeof changedRegistration>, { registration: Answer<typeof changeParticipants> }>>,
  Holds<SameJson<Output<typeof resendAccepted>, Answer<typeof resendMail>>>,
  Holds<SameJson<Output<typeof savedCourse>, Answer<typeof saveCourse>>>,
];
