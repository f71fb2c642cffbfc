import * as z from 'zod/mini';
import type { AttendanceView } from '#app/attendance.ts';
import type { casesView } from '#app/case-work.ts';
import type { GroupsView } from '#app/group-guidance.ts';
import type { openLink } from '#app/links.ts';
import type { VisitsView } from '#app/visit-round.ts';
import type { Holds, SameJson } from './schema-drift.ts';

/** The answers of the course's structure (visits, groups, cases, attendance) and of the links in mails. */
const text = z.string();
const instant = z.iso.datetime();
const day = z.iso.date();
const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));

/** A session as the structure's views name it; null when the course has no such session. */
const sessionSpan = z.nullable(z.strictObject({ sessionId: text, title: text, from: day, to: day }));
const visitSlot = z.strictObject({ id: text, date: day, start: clockTime, durationMinutes: z.int() });

export const visitsViewBody = z.strictObject({
  round: sessionSpan,
  slots: z.array(
    z.strictObject({
      ...visitSlot.shape,
      booking: z.nullable(z.strictObject({ registrationId: text, libraryName: text, bookedAt: instant })),
    }),
  ),
  route: z.array(
    z.strictObject({
      date: day,
      stops: z.array(
        z.strictObject({
          slot: visitSlot,
          library: z.strictObject({
            registrationId: text,
            name: text,
            address: text,
            postalCode: text,
            city: text,
          }),
        }),
      ),
    }),
  ),
  unbooked: z.array(z.strictObject({ registrationId: text, libraryName: text })),
});

export const groupsViewBody = z.strictObject({
  guidance: sessionSpan,
  libraries: z.array(
    z.strictObject({
      registrationId: text,
      name: text,
      municipality: text,
      postalCode: text,
      street: text,
      city: text,
    }),
  ),
  groups: z.array(
    z.strictObject({ members: z.array(text), hostRegistrationId: text, date: day, start: clockTime }),
  ),
  suggestion: z.array(z.strictObject({ members: z.array(text), hostRegistrationId: text })),
});

const caseStatus = z.enum(['planned', 'in-progress', 'tried', 'paused']);
const caseDeadlines = z.strictObject({ caseBy: z.nullable(instant), statusBy: z.nullable(instant) });
/** A participant's trial action as saved (without the keys only the table needs); null before the first save. */
export const trialCase = z.nullable(
  z.strictObject({
    title: text,
    description: text,
    partners: z.array(text),
    status: z.optional(caseStatus),
    statusNote: z.optional(text),
    updatedAt: instant,
  }),
);

export const casesViewBody = z.strictObject({
  deadlines: caseDeadlines,
  statusLabels: z.strictObject({ planned: text, 'in-progress': text, tried: text, paused: text }),
  libraries: z.array(
    z.strictObject({
      registrationId: text,
      libraryName: text,
      participants: z.array(z.strictObject({ key: text, name: text, email: text, case: trialCase })),
    }),
  ),
});

export const attendanceViewBody = z.strictObject({
  sessions: z.array(
    z.strictObject({
      id: text,
      title: text,
      kind: z.enum(['teaching-day', 'visit-round', 'group-guidance']),
      from: day,
      to: day,
      begun: z.boolean(),
    }),
  ),
  participants: z.array(
    z.strictObject({
      key: text,
      name: text,
      registrationId: text,
      libraryName: text,
      present: z.record(z.string(), z.boolean()),
      certificate: z.enum(['earned', 'not-earned']),
    }),
  ),
  certificatesDueAt: z.nullable(instant),
});

const linkedCourse = z.strictObject({ id: text, title: text });

/** What a library's link opens: its visit, and the slots it may book. */
export const libraryLinkView = z.strictObject({
  kind: z.literal('library'),
  course: linkedCourse,
  library: z.strictObject({ name: text }),
  round: z.nullable(z.strictObject({ title: text, from: day, to: day })),
  slots: z.array(z.strictObject({ ...visitSlot.shape, mine: z.boolean(), available: z.boolean() })),
  booking: z.nullable(
    z.strictObject({ slotId: text, date: day, start: clockTime, durationMinutes: z.int() }),
  ),
});

/** What a participant's link opens: their trial action and its deadlines. */
export const participantLinkView = z.strictObject({
  kind: z.literal('participant'),
  course: linkedCourse,
  participant: z.strictObject({ name: text }),
  libraryName: text,
  deadlines: caseDeadlines,
  statuses: z.array(z.strictObject({ value: caseStatus, label: text })),
  case: trialCase,
  closed: z.boolean(),
});

export const linkView = z.discriminatedUnion('kind', [libraryLinkView, participantLinkView]);

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Output<S extends z.ZodMiniType> = z.output<S>;

export type StructureBodiesMatchTheirUseCases = [
  Holds<SameJson<Output<typeof visitsViewBody>, VisitsView>>,
  Holds<SameJson<Output<typeof groupsViewBody>, GroupsView>>,
  Holds<SameJson<Output<typeof casesViewBody>, Answer<typeof casesView>>>,
  Holds<SameJson<Output<typeof attendanceViewBody>, AttendanceView>>,
  Holds<SameJson<Output<typeof linkView>, Answer<typeof openLink>>>,
];
