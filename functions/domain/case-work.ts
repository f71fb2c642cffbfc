import * as z from 'zod/mini';
import { type Course, sessionDays } from './course.ts';
import { ValidationError } from './errors.ts';
import { lastSessionEnd } from './retention.ts';
import { copenhagenInstant } from './time.ts';
import { danishMessages } from './validation-messages.ts';

/** The message above the fields when the coordinator's or participant's input is refused. */
const REFUSED = 'Prøvehandlingen kunne ikke gemmes: ret venligst de markerede felter.';

/**
 * Case work: each participant carries a trial action (prøvehandling) through the course. Its title,
 * description and partners belong before the visit round, where it is qualified; its status before the
 * group guidance, where it is discussed. These are the case's own rules, without I/O.
 */

export const CASE_STATUSES = ['planned', 'in-progress', 'tried', 'paused'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How each status reads to a participant, the teacher and the coordinator. */
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  planned: 'Planlagt',
  'in-progress': 'I gang',
  tried: 'Afprøvet',
  paused: 'Sat på pause',
};

const text = (max: number) =>
  z.string().check(z.trim(), z.minLength(1, 'Feltet skal udfyldes.'), z.maxLength(max, `Højst ${max} tegn.`));

export const caseInputSchema = z.strictObject({
  title: text(120),
  description: text(1500),
  partners: z._default(z.array(text(120)).check(z.maxLength(10, 'Højst 10 samarbejdspartnere.')), []),
  status: z.optional(z.enum(CASE_STATUSES, 'Vælg en af statusserne.')),
  statusNote: z.optional(z.string().check(z.trim(), z.maxLength(1000, 'Højst 1000 tegn.'))),
});

export type CaseInput = z.infer<typeof caseInputSchema>;

export interface TrialCase extends CaseInput {
  updatedAt: string;
}

/** When each part of the case is due: the visit round's first day, the group guidance's first day. */
export function caseDeadlines(course: Pick<Course, 'sessions'>): { caseBy?: Date; statusBy?: Date } {
  const firstDay = (kind: string) => {
    const session = course.sessions.find((s) => s.kind === kind);
    if (!session) return undefined;
    return copenhagenInstant(sessionDays(session).from);
  };
  return { caseBy: firstDay('visit-round'), statusBy: firstDay('group-guidance') };
}

/**
 * The case as the participant saves it at `now`. A late case is still taken (the teacher would rather
 * have it late than not at all), until the course's last session has ended.
 */
export function saveCase(raw: unknown, course: Pick<Course, 'sessions'>, now: Date): TrialCase {
  if (now.getTime() >= lastSessionEnd(course).getTime()) {
    throw new ValidationError(
      [{ path: '', message: 'Forløbet er slut: prøvehandlingen kan ikke længere ændres.' }],
      REFUSED,
    );
  }
  const parsed = caseInputSchema.safeParse(raw, { error: danishMessages });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      REFUSED,
    );
  }
  return { ...parsed.data, updatedAt: now.toISOString() };
}

/** The participants without a case: the ones the gentle reminder before the visit round goes to. */
export function participantsWithoutCase<P extends { key: string }>(
  participants: readonly P[],
  cases: ReadonlyMap<string, TrialCase>,
): P[] {
  return participants.filter((participant) => !cases.has(participant.key));
}
