import * as z from 'zod/mini';
import type { Course } from '#domain/course.ts';
import { ValidationError } from '#domain/errors.ts';
import { type GuidanceGroup, suggestGroups, validateGroups } from '#domain/group-guidance.ts';
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

const groupShape = z.strictObject({
  members: z.array(z.string().check(z.maxLength(100))).check(z.maxLength(100)),
  hostRegistrationId: z.string().check(z.maxLength(100)),
  date: z.string().check(z.maxLength(10)),
  start: z.string().check(z.maxLength(5)),
});
const groupsBody = z.object({ groups: z.array(groupShape).check(z.maxLength(100)) });

/**
 * Saves the coordinator's groups as a whole. Every library taking part is in exactly one; each member's
 * participants get the group's invitation (structure-mails.ts), again when their meeting changes.
 */
export async function saveGroups(deps: StructureDeps, courseId: string, body: unknown): Promise<GroupsView> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const guidance = sessionOfKind(course, 'group-guidance');
  if (!guidance)
    throw new ValidationError([{ path: 'groups', message: 'Kurset har ingen gruppevejledning.' }]);
  const parsed = groupsBody.safeParse(body, { error: danishMessages });
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
    const { version } = await deps.structure.getGroupPlan(courseId);
    const plan = { groups };
    const write = await deps.structure.saveGroupPlan(courseId, plan, version);
    return { write, result: groupsViewOf(course, registrations, plan) };
  });
}
