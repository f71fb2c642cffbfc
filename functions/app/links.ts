import type { Course } from '#domain/course.ts';
import { CourseNotFoundError, LinkNotFoundError } from '#domain/errors.ts';
import { lastSessionEnd } from '#domain/retention.ts';
import { caseOf, caseTerms, saveParticipantCase } from './case-work.ts';
import {
  loadCourse,
  participantKey,
  type StructureDeps,
  sessionOfKind,
  sessionSpan,
} from './course-structure.ts';
import type { Ids, LinkOwner, StoredRegistration, StructureStore } from './ports.ts';
import { bookVisit, slotsForLibrary } from './visit-round.ts';

/** What a token can look like (adapters/system-clock.ts makes 32 URL-safe characters); anything else opens nothing. */
const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

/** The page a link opens: the token in the fragment, so no server or proxy ever logs it. */
export function linkUrl(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/link/#${token}`;
}

/** The owner's link (the same in every mail), made the first time a mail needs it. */
export async function linkFor(
  deps: { structure: Pick<StructureStore, 'linkToken'>; ids: Pick<Ids, 'linkToken'> },
  owner: LinkOwner,
): Promise<string> {
  return deps.structure.linkToken(owner, deps.ids.linkToken());
}

/** Who a token opens, with their course and registration; LinkNotFoundError unless they still take part. */
async function openOwner(deps: StructureDeps, token: string | undefined) {
  if (!token || !TOKEN.test(token)) throw new LinkNotFoundError();
  const owner = await deps.structure.findLink(token);
  if (!owner) throw new LinkNotFoundError();
  const { course, registrations } = await loadCourse(deps, owner.courseId).catch((error: unknown) => {
    // Only a course that is gone makes the link invalid; anything else (throttling) is not the link's fault.
    throw error instanceof CourseNotFoundError ? new LinkNotFoundError() : error;
  });
  const registration = registrations.find((r) => r.id === owner.registrationId);
  if (!registration) throw new LinkNotFoundError();
  const participant = owner.participantKey
    ? registration.participants.find((p) => participantKey(registration.id, p.email) === owner.participantKey)
    : undefined;
  if (owner.participantKey && !participant) throw new LinkNotFoundError();
  return { owner, course, registrations, registration, participant };
}

async function libraryView(
  deps: StructureDeps,
  course: Course,
  registrations: readonly StoredRegistration[],
  registration: StoredRegistration,
) {
  const { value } = await deps.structure.getVisitPlan(course.id);
  const round = sessionSpan(sessionOfKind(course, 'visit-round'));
  return {
    kind: 'library' as const,
    course: { id: course.id, title: course.title },
    library: { name: registration.library.name },
    round: round && { title: round.title, from: round.from, to: round.to },
    ...slotsForLibrary(value, registrations, registration.id, deps.clock.now()),
  };
}

async function participantView(
  deps: StructureDeps,
  course: Course,
  registration: StoredRegistration,
  participant: StoredRegistration['participants'][number],
  key: string,
) {
  const { deadlines, statuses } = caseTerms(course);
  const stored = await deps.structure.getCase(course.id, registration.id, key);
  return {
    kind: 'participant' as const,
    course: { id: course.id, title: course.title },
    participant: { name: participant.name },
    libraryName: registration.library.name,
    deadlines,
    statuses,
    case: caseOf(stored),
    closed: deps.clock.now().getTime() >= lastSessionEnd(course).getTime(),
  };
}

/** What the link's page shows: the library's booking, or the participant's case. */
export async function openLink(deps: StructureDeps, token: string | undefined) {
  const opened = await openOwner(deps, token);
  const { owner, course, registrations, registration, participant } = opened;
  if (participant && owner.participantKey) {
    return participantView(deps, course, registration, participant, owner.participantKey);
  }
  return libraryView(deps, course, registrations, registration);
}

/** A library books (or moves) its visit through its link. A participant's link books nothing. */
export async function bookByLink(deps: StructureDeps, token: string | undefined, body: unknown) {
  const { owner, course, registrations, registration } = await openOwner(deps, token);
  if (owner.participantKey) throw new LinkNotFoundError();
  await bookVisit(deps, course.id, registration.id, body);
  return libraryView(deps, course, registrations, registration);
}

/** A participant saves their case through their link. A library's link saves no case. */
export async function saveCaseByLink(deps: StructureDeps, token: string | undefined, body: unknown) {
  const { owner, course, registration, participant } = await openOwner(deps, token);
  if (!participant || !owner.participantKey) throw new LinkNotFoundError();
  await saveParticipantCase(
    deps,
    course,
    { registrationId: registration.id, participantKey: owner.participantKey },
    body,
  );
  return participantView(deps, course, registration, participant, owner.participantKey);
}
