import { type ContactAddresses, isSignupOpen, signupClosesAt } from '#domain/course.ts';
import { formatKroner } from '#domain/money.ts';
import { describeDeadline, describeWhen, sessionTimes } from '#domain/session-text.ts';
import { findCourse } from './find-course.ts';
import type { Clock, CourseCatalogue } from './ports.ts';

export interface GetCourseDeps {
  store: CourseCatalogue;
  clock: Clock;
  contactAddresses: ContactAddresses;
}

/** The course as the signup form needs it: facts, Danish display texts, and whether signup is open now. */
export async function getCourseForSignup(deps: GetCourseDeps, courseId: string) {
  const { course, counters } = await findCourse(deps.store, courseId);
  const now = deps.clock.now();
  const { pricing } = course;
  return {
    id: course.id,
    title: course.title,
    kind: course.kind,
    year: course.year,
    organiser: course.organiser,
    targetGroup: course.targetGroup,
    description: course.description,
    caseWork: course.caseWork,
    venue: course.venue,
    sessions: course.sessions.map((s) => ({ ...s, ...sessionTimes(s), whenText: describeWhen(s) })),
    book: course.book,
    prices: {
      currency: pricing.currency,
      participantsPerPackage: pricing.participantsPerPackage,
      packageFee: pricing.package.unitPrice,
      packageFeeText: formatKroner(pricing.package.unitPrice),
      cateringPerParticipant: pricing.cateringPerParticipant.unitPrice,
      cateringPerParticipantText: formatKroner(pricing.cateringPerParticipant.unitPrice),
      lines: [pricing.package, pricing.cateringPerParticipant].map((line) => ({
        description: line.description,
        unitPrice: line.unitPrice,
        vatRate: line.vat.rate,
        vatExemptionReason: line.vat.exemptionReason,
      })),
    },
    // The price lines as the domain holds them, so the form prices with the very function the API uses.
    pricing,
    signup: {
      deadline: course.signup.deadline,
      deadlineText: describeDeadline(course),
      closesAt: signupClosesAt(course).toISOString(),
      maxParticipantsPerRegistration: course.signup.maxParticipantsPerRegistration,
    },
    signupOpen: isSignupOpen(course, now),
    ...(course.capacity && {
      seatsLeft: Math.max(0, course.capacity.participants - counters.confirmedParticipants),
    }),
    contacts: course.contacts.map((c) => ({ ...c, email: deps.contactAddresses[c.role] })),
  };
}
