import type { Course } from '#domain/course.ts';
import { ValidationError } from '#domain/errors.ts';
import { type GuidanceGroup, suggestGroups, validateGroups } from '#domain/group-guidance.ts';
import { groupsBodySchema } from '#domain/request-bodies.ts';
import { danishMessages } from '#domain/validation-messages.ts';
import {
  loadCourse,
  type StructureDeps,
  sessionOfKind,
  sessionSpan,
  underField,
  underVersion,
} from './course-structure.ts';
import type { GroupPlan, StoredRegistration } from './ports.ts';

/** The groups as the coordinator sees them: the libraries, the saved groups and a suggestion to start from. */
export function groupsViewOf(course: Course, registrations: readonly StoredRegistration[], plan: GroupPlan) {
  const libraries = registrations.map((r) => ({
    registrationId: r.id,
    name: r.library.name,
    municipality: r.library.municipality,
    postalCode: r.library.postalCode,
    street: r.library.address,
    city: r.library.city,
  }));
  return {
    guidance: sessionSpan(sessionOfKind(course, 'group-guidance')),
    libraries,
    groups: plan.groups,
    suggestion: suggestGroups(libraries).map((group) => ({
      members: group.members.map((m) => m.registrationId),
      hostRegistrationId: group.host.registrationId,
    })),
  };
}

export type GroupsView = ReturnType<typeof groupsViewOf>;

export async function groupsView(deps: StructureDeps, courseId: string): Promise<GroupsView> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const { value } = await deps.structure.getGroupPlan(courseId);
  return groupsViewOf(course, registrations, value);
}

/**
 * Saves the coordinator's groups as a whole. Every library taking part is in exactly one; each member's
 * participants get the group's invitation (structure-mails.ts), again when their meeting changes.
 */
export async function saveGroups(deps: StructureDeps, courseId: string, body: unknown): Promise<GroupsView> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const guidance = sessionOfKind(course, 'group-guidance');
  if (!guidance)
    throw new ValidationError([{ path: 'groups', message: 'Kurset har ingen gruppevejledning.' }]);
  const parsed = groupsBodySchema.safeParse(body, { error: danishMessages });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      'Grupperne kunne ikke gemmes: ret venligst de markerede felter.',
    );
  }
  let groups: GuidanceGroup[];
  try {
    groups = validateGroups(
      parsed.data.groups,
      registrations.map((r) => r.id),
      guidance,
      new Map(registrations.map((r) => [r.id, r.library.name])),
    );
  } catch (error) {
    underField(error, 'groups');
  }
  return underVersion(async () => {
    const { value, version } = await deps.structure.getGroupPlan(courseId);
    const plan = { groups, revisions: meetingRevisions(value, groups, version) };
    const write = await deps.structure.saveGroupPlan(courseId, plan, version);
    return { write, result: groupsViewOf(course, registrations, plan) };
  });
}

/** Where and when a library meets: the host, the date and the time of its group. */
function meetingOf(groups: readonly GuidanceGroup[], registrationId: string): string | undefined {
  const group = groups.find((g) => g.members.includes(registrationId));
  return group && `${group.hostRegistrationId}@${group.date}T${group.start}`;
}

/**
 * Per library, the save at which its meeting last changed: kept while its meeting stays the same, the new
 * version when it moves (also back to where it was), so each change is one new invitation and no other.
 */
function meetingRevisions(
  before: GroupPlan,
  groups: readonly GuidanceGroup[],
  readVersion: number,
): Record<string, number> {
  const revisions: Record<string, number> = {};
  for (const id of groups.flatMap((g) => g.members)) {
    const unchanged = meetingOf(before.groups, id) === meetingOf(groups, id);
    revisions[id] = unchanged ? (before.revisions?.[id] ?? readVersion) : readVersion + 1;
  }
  return revisions;
}
