import { CASE_STATUS_LABELS, CASE_STATUSES, caseDeadlines, saveCase } from '#domain/case-work.ts';
import type { Course } from '#domain/course.ts';
import { loadCourse, participantsOf, type StructureDeps } from './course-structure.ts';
import type { StoredCase, StoredRegistration } from './ports.ts';

/** The case deadlines and statuses as the pages show them. */
export function caseTerms(course: Course) {
  const { caseBy, statusBy } = caseDeadlines(course);
  return {
    deadlines: { caseBy: caseBy?.toISOString() ?? null, statusBy: statusBy?.toISOString() ?? null },
    statusLabels: CASE_STATUS_LABELS,
    statuses: CASE_STATUSES.map((value) => ({ value, label: CASE_STATUS_LABELS[value] })),
  };
}

/** A case as shown: without its keys, which only the table needs. */
export function caseOf(stored: StoredCase | undefined) {
  if (!stored) return null;
  const { registrationId: _r, participantKey: _p, ...shown } = stored;
  return shown;
}

/** Every participant's case, per library: what the teacher and the coordinator read before the visits. */
export function casesViewOf(
  course: Course,
  registrations: readonly StoredRegistration[],
  cases: readonly StoredCase[],
) {
  const { deadlines, statusLabels } = caseTerms(course);
  const participants = participantsOf(registrations);
  return {
    deadlines,
    statusLabels,
    libraries: registrations.map((registration) => ({
      registrationId: registration.id,
      libraryName: registration.library.name,
      participants: participants
        .filter((p) => p.registrationId === registration.id)
        .map((p) => ({
          key: p.key,
          name: p.name,
          email: p.email,
          case: caseOf(
            cases.find((c) => c.registrationId === p.registrationId && c.participantKey === p.key),
          ),
        })),
    })),
  };
}

export async function casesView(deps: StructureDeps, courseId: string) {
  const { course, registrations } = await loadCourse(deps, courseId);
  return casesViewOf(course, registrations, await deps.structure.listCases(courseId));
}

/** Saves a participant's case as they wrote it (domain/case-work.ts decides what is taken, and until when). */
export async function saveParticipantCase(
  deps: StructureDeps,
  course: Course,
  owner: { registrationId: string; participantKey: string },
  body: unknown,
): Promise<StoredCase> {
  const stored = { ...saveCase(body, course, deps.clock.now()), ...owner };
  await deps.structure.putCase(course.id, stored);
  return stored;
}
