import { createHash } from 'node:crypto';
import type { Course, CourseSession } from '#domain/course.ts';
import { sessionDays } from '#domain/course.ts';
import { type FieldProblem, TemporarilyUnavailableError, ValidationError } from '#domain/errors.ts';
import { personalDataGone } from '#domain/retention.ts';
import { findCourseDefinition } from './find-course.ts';
import type {
  Clock,
  CourseCatalogue,
  Registrations,
  StoredRegistration,
  StructureStore,
  VersionedWrite,
} from './ports.ts';

/** What every use case of the course's structure reads: the course, its registrations, the structure. */
export interface StructureDeps {
  store: Pick<CourseCatalogue, 'getCourseDefinition'> &
    Pick<Registrations, 'listRegistrations' | 'getRegistration'>;
  structure: StructureStore;
  clock: Clock;
}

/**
 * A participant's opaque key: stable while they stay on their library's list, and no address in the table's
 * keys or in a link. Hashing the registration in too keeps one person on two courses two people.
 */
export function participantKey(registrationId: string, email: string): string {
  const digest = createHash('sha256').update(`${registrationId}#${email.trim().toLowerCase()}`);
  return `p${digest.digest('hex').slice(0, 24)}`;
}

/** The libraries taking part: confirmed, and their people's data still there. In signup order. */
export function takingPart(registrations: readonly StoredRegistration[]): StoredRegistration[] {
  return registrations
    .filter((r) => r.status === 'confirmed' && !personalDataGone(r))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface StructureParticipant {
  key: string;
  name: string;
  email: string;
  registrationId: string;
  libraryName: string;
}

export function participantsOf(registrations: readonly StoredRegistration[]): StructureParticipant[] {
  return registrations.flatMap((registration) =>
    registration.participants.map((participant) => ({
      key: participantKey(registration.id, participant.email),
      name: participant.name,
      email: participant.email,
      registrationId: registration.id,
      libraryName: registration.library.name,
    })),
  );
}

/** The course and the libraries taking part, read together. */
export async function loadCourse(deps: Pick<StructureDeps, 'store'>, courseId: string) {
  const course = await findCourseDefinition(deps.store, courseId);
  const registrations = takingPart(await deps.store.listRegistrations(courseId));
  return { course, registrations };
}

/** The course's session of a kind (the seed course has one visit round and one group guidance). */
export function sessionOfKind(course: Course, kind: CourseSession['kind']): CourseSession | undefined {
  return course.sessions.find((session) => session.kind === kind);
}

/** A session as the views show it: id, title and its first and last day. */
export function sessionSpan(session: CourseSession | undefined) {
  if (!session) return null;
  return { sessionId: session.id, title: session.title, ...sessionDays(session) };
}

/** Field paths of a refusal, under the body's own field (`slots.0.date`), so the page finds its field. */
export function underField(error: unknown, field: string): never {
  if (!(error instanceof ValidationError)) throw error;
  const fields: FieldProblem[] = error.fields.map((problem) => ({
    ...problem,
    path:
      problem.path === field || problem.path.startsWith(`${field}.`)
        ? problem.path
        : problem.path
          ? `${field}.${problem.path}`
          : field,
  }));
  throw new ValidationError(fields, error.message);
}

/** Enough for any realistic contention on one course (a handful of coordinators and libraries). */
const VERSION_ATTEMPTS = 20;

/**
 * Reads, decides and writes under the version read, again from the top when another write came first: the
 * decision is always made on what is stored, so a slot taken meanwhile is seen as taken.
 */
export async function underVersion<T>(attempt: () => Promise<{ write: VersionedWrite; result: T }>) {
  for (let i = 0; i < VERSION_ATTEMPTS; i++) {
    const { write, result } = await attempt();
    if (write === 'saved') return result;
  }
  throw new TemporarilyUnavailableError();
}
