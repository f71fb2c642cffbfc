import * as z from 'zod/mini';
import { endOfCopenhagenDay } from './time.ts';
import { danishMessages } from './validation-messages.ts';

/**
 * A course definition is data (courses/*.json, stored as the COURSE item). This schema is the single
 * gatekeeper: a file that does not satisfy it is refused at start-up and at deploy.
 */
const isoDate = z.iso.date();
const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'forventer HH:MM'));
const nonEmpty = z.string().check(z.trim(), z.minLength(1));

const vatRule = z
  .strictObject({
    // Danish VAT has one rate; an e-invoice (OIOUBL) cannot carry two different positive rates anyway.
    rate: z.union([z.literal(0), z.literal(0.25)], { error: 'momssatsen er 0 eller 0.25' }),
    /** Printed on the invoice when the rate is 0 (e.g. the momslov paragraph that exempts the line). */
    exemptionReason: z.optional(nonEmpty),
  })
  .check(
    z.refine((vat) => vat.rate > 0 || vat.exemptionReason !== undefined, {
      path: ['exemptionReason'],
      message: 'en momsfri linje skal angive fritagelsesgrunden',
    }),
  );

const priceLine = z.strictObject({
  description: nonEmpty,
  unitPrice: z.int().check(z.nonnegative()),
  vat: vatRule,
});

const address = z.strictObject({
  name: nonEmpty,
  street: nonEmpty,
  postalCode: z.string().check(z.regex(/^\d{4}$/)),
  city: nonEmpty,
});

const timed = z.strictObject({ type: z.literal('timed'), date: isoDate, start: clockTime, end: clockTime });
const span = z.strictObject({
  type: z.literal('span'),
  from: isoDate,
  to: isoDate,
  isoWeek: z.optional(z.int().check(z.minimum(1), z.maximum(53))),
});

const sessionKind = z.enum(['teaching-day', 'visit-round', 'group-guidance']);

const session = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  kind: sessionKind,
  title: nonEmpty,
  when: z.discriminatedUnion('type', [timed, span]),
  byAppointment: z._default(z.boolean(), false),
  place: nonEmpty,
  /** Set when the session takes place at the course venue. */
  atVenue: z._default(z.boolean(), false),
  content: z.array(nonEmpty).check(z.minLength(1)),
});

const contact = z.strictObject({
  /** The role keys the runtime configuration that holds the address: addresses are never in course data. */
  role: z.enum(['coordinator', 'teacher']),
  name: nonEmpty,
  title: nonEmpty,
  handles: nonEmpty,
});

/**
 * The reminder policy: which mails go out before each kind of session and before the signup deadline, and
 * when (whole days before, at a Copenhagen wall-clock time). The mail texts are code (templates); which
 * template a reminder uses, and when, is course data. Planning is in reminders.ts.
 */
const sessionReminderTemplate = z.enum([
  'teaching-day-week-before',
  'teaching-day-day-before',
  'round-week-before',
  /** To the libraries that have not booked their visit yet (none before slots are published). */
  'visit-booking',
  /** To every participant: the personal link to their trial action. */
  'case-invitation',
  /** To the participants who have not registered their trial action yet. */
  'case-missing',
]);
/** The templates that fit each kind of session: a visit round has no time and place to remind of. */
const TEMPLATES_BY_KIND: Record<z.infer<typeof sessionKind>, readonly string[]> = {
  'teaching-day': ['teaching-day-week-before', 'teaching-day-day-before'],
  'visit-round': ['round-week-before', 'visit-booking', 'case-invitation', 'case-missing'],
  'group-guidance': ['round-week-before'],
};
/** Part of the reminder's id (`<session>-<key>`, `deadline-<key>`): no hyphen, so ids cannot collide. */
const reminderKey = z.string().check(z.regex(/^[a-z0-9]{1,8}$/, 'a-z og 0-9, højst 8 tegn'));
const sessionReminder = z.strictObject({
  key: reminderKey,
  /** Whole days before the session's (first) day; at least 1, so a reminder always precedes its session. */
  daysBefore: z.int().check(z.minimum(1), z.maximum(365)),
  at: clockTime,
  template: sessionReminderTemplate,
});
const deadlineReminder = z.strictObject({
  key: reminderKey,
  /** Whole days before the deadline day; 0 is the morning of the deadline day itself. */
  daysBefore: z.int().check(z.minimum(0), z.maximum(365)),
  at: clockTime,
});
const uniqueKeys = (
  rules: readonly { key: string }[],
  path: PropertyKey[],
  ctx: z.core.$RefinementCtx<unknown>,
) => {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (seen.has(rule.key))
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'key'],
        message: `nøglen ${rule.key} findes to gange`,
      });
    seen.add(rule.key);
  });
};
const MINUTES_PER_WEEK = 7 * 24 * 60;
const reminderPolicy = z
  .strictObject({
    sessions: z.partialRecord(sessionKind, z.array(sessionReminder)),
    signupDeadline: z.array(deadlineReminder),
    /** The coordinator's final list (CSV), this long after signup has closed; absent: no final list. */
    finalList: z.optional(
      z.strictObject({ minutesAfterDeadline: z.int().check(z.minimum(0), z.maximum(MINUTES_PER_WEEK)) }),
    ),
  })
  .check(
    z.superRefine((policy, ctx) => {
      for (const [kind, rules] of Object.entries(policy.sessions)) {
        const fitting = TEMPLATES_BY_KIND[kind as z.infer<typeof sessionKind>];
        uniqueKeys(rules, ['sessions', kind], ctx);
        rules.forEach((rule, i) => {
          if (!fitting.includes(rule.template))
            ctx.addIssue({
              code: 'custom',
              path: ['sessions', kind, i, 'template'],
              message: `skabelonen passer ikke til ${kind}; brug ${fitting.join(' eller ')}`,
            });
        });
      }
      uniqueKeys(policy.signupDeadline, ['signupDeadline'], ctx);
    }),
  );

/** Reminder ids are schedule names (reminders.ts): `<session>-<key>` must fit and not be a fixed id. */
const MAX_REMINDER_ID_LENGTH = 48;
const RESERVED_SESSION_IDS = ['deadline', 'final'];

const COURSE_ID = /^[a-z0-9-]{1,100}$/;

/** Whether a string could name a course at all; anything else is unknown without asking the table. */
export function isCourseId(value: string): boolean {
  return COURSE_ID.test(value);
}

export const courseSchema = z
  .strictObject({
    id: z.string().check(z.regex(COURSE_ID, 'kun a-z, 0-9 og bindestreg, højst 100 tegn')),
    title: nonEmpty,
    kind: nonEmpty,
    year: z.int().check(z.minimum(2000), z.maximum(2100)),
    organiser: z.strictObject({ name: nonEmpty, address }),
    targetGroup: nonEmpty,
    description: nonEmpty,
    caseWork: nonEmpty,
    venue: address,
    sessions: z.array(session).check(z.minLength(1)),
    book: z.strictObject({ title: nonEmpty, author: nonEmpty, perParticipant: z.int().check(z.minimum(0)) }),
    pricing: z.strictObject({
      currency: z.literal('DKK'),
      participantsPerPackage: z.int().check(z.positive()),
      package: priceLine,
      cateringPerParticipant: priceLine,
    }),
    signup: z.strictObject({
      /** Last day (inclusive, Copenhagen) on which signups are accepted. */
      deadline: isoDate,
      maxParticipantsPerRegistration: z.int().check(z.positive()),
    }),
    invoicing: z.strictObject({
      /** Invoice numbers run 1, 2, 3 … without gaps within a series (Danish bookkeeping). */
      series: z.string().check(z.regex(/^[A-Z0-9-]{1,20}$/, 'A-Z, 0-9 og bindestreg, højst 20 tegn')),
      paymentTermsDays: z.int().check(z.minimum(0), z.maximum(120)),
    }),
    /** Optional cap on confirmed participants across all libraries; beyond it registrations are waitlisted. */
    capacity: z.optional(z.strictObject({ participants: z.int().check(z.positive()) })),
    contacts: z.array(contact).check(z.minLength(1)),
    reminders: reminderPolicy,
    /** Who earns the course certificate: present at this many teaching days (all of them when absent). */
    certificate: z.optional(
      z.strictObject({ minimumTeachingDays: z.int().check(z.minimum(1), z.maximum(50)) }),
    ),
  })
  .check(
    z.superRefine((course, ctx) => {
      const seen = new Set<string>();
      course.sessions.forEach((s, i) => {
        if (seen.has(s.id))
          ctx.addIssue({
            code: 'custom',
            path: ['sessions', i, 'id'],
            message: `session-id ${s.id} findes to gange`,
          });
        seen.add(s.id);
        if (s.when.type === 'timed' && s.when.start >= s.when.end)
          ctx.addIssue({
            code: 'custom',
            path: ['sessions', i, 'when', 'end'],
            message: 'slut skal ligge efter start',
          });
        if (s.when.type === 'span' && s.when.from > s.when.to)
          ctx.addIssue({
            code: 'custom',
            path: ['sessions', i, 'when', 'to'],
            message: 'til skal ligge efter fra',
          });
      });
    }),
  )
  .check(
    z.superRefine((course, ctx) => {
      course.sessions.forEach((s, i) => {
        // Refinements also run on a course with other problems: do not count on the policy being there.
        const keys = (course.reminders?.sessions[s.kind] ?? []).map((rule) => rule.key);
        if (keys.length === 0) return;
        if (RESERVED_SESSION_IDS.includes(s.id))
          ctx.addIssue({
            code: 'custom',
            path: ['sessions', i, 'id'],
            message: `session-id'et ${s.id} er forbeholdt påmindelserne om tilmeldingsfristen og slutlisten`,
          });
        const longest = Math.max(...keys.map((key) => `${s.id}-${key}`.length));
        if (longest > MAX_REMINDER_ID_LENGTH)
          ctx.addIssue({
            code: 'custom',
            path: ['sessions', i, 'id'],
            message: `for langt til påmindelsernes navne (højst ${MAX_REMINDER_ID_LENGTH} tegn med nøglen)`,
          });
      });
    }),
  );

export type Course = z.infer<typeof courseSchema>;

/** Addresses of the course's contacts by role: configuration, never course data. */
export interface ContactAddresses {
  coordinator?: string;
  teacher?: string;
}
export type CourseSession = Course['sessions'][number];

/** The first and last calendar day (YYYY-MM-DD) of a session: one day for a timed one, its span otherwise. */
export function sessionDays(session: Pick<CourseSession, 'when'>): { from: string; to: string } {
  const { when } = session;
  return when.type === 'span' ? { from: when.from, to: when.to } : { from: when.date, to: when.date };
}

export class InvalidCourseError extends Error {
  constructor(
    readonly source: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `${source}: ugyldig kursusdefinition\n${problems.map((p) => `  ${p.path || '(rod)'}: ${p.message}`).join('\n')}`,
    );
    this.name = 'InvalidCourseError';
  }
}

/** Parses a course definition, naming the source, the path and the reason when it is broken. */
export function parseCourse(data: unknown, source: string): Course {
  const result = courseSchema.safeParse(data, { error: danishMessages });
  if (result.success) return result.data;
  throw new InvalidCourseError(
    source,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/** Signups are accepted until the deadline day has ended on Copenhagen clocks. */
export function signupClosesAt(course: Course): Date {
  return endOfCopenhagenDay(course.signup.deadline);
}

export function isSignupOpen(course: Course, now: Date): boolean {
  return now.getTime() < signupClosesAt(course).getTime();
}
