import { type CourseSession, sessionDays } from './course.ts';
import { type FieldProblem, ValidationError } from './errors.ts';

/** The message above the fields when the coordinator's or participant's input is refused. */
const REFUSED = 'Grupperne kunne ikke gemmes: ret venligst de markerede felter.';

/**
 * Group guidance (week 24): the teacher and the consultant guide small groups of libraries at a host
 * library in the region. The coordinator forms the groups; these rules suggest them and check the result.
 */

export interface GroupCandidate {
  registrationId: string;
  name: string;
  municipality: string;
  postalCode: string;
}

export interface GuidanceGroup {
  /** The registration ids of the libraries in the group. */
  members: string[];
  /** The library that hosts the meeting: one of the members. */
  hostRegistrationId: string;
  date: string;
  start: string;
}

/** Libraries per group unless the coordinator says otherwise: small enough for real sparring. */
export const DEFAULT_GROUP_SIZE = 4;

/**
 * Groups to start from: libraries of one municipality together, then neighbours joined while they fit.
 * Danish postal codes run by geography, so neighbours are taken in postal-code order and only within one
 * part of the country (the same first digit). A municipality larger than a group is split. Each group's
 * host is suggested as its first library; the coordinator edits all of it.
 */
export function suggestGroups(
  libraries: readonly GroupCandidate[],
  maxPerGroup = DEFAULT_GROUP_SIZE,
): { members: GroupCandidate[]; host: GroupCandidate }[] {
  if (!(Number.isInteger(maxPerGroup) && maxPerGroup >= 2)) throw new RangeError('a group holds at least 2');
  const byMunicipality = new Map<string, GroupCandidate[]>();
  for (const library of [...libraries].sort(byPostalCode)) {
    byMunicipality.set(library.municipality, [...(byMunicipality.get(library.municipality) ?? []), library]);
  }
  const pieces = [...byMunicipality.values()].flatMap((members) => chunks(members, maxPerGroup));
  pieces.sort((a, b) => byPostalCode(a[0] as GroupCandidate, b[0] as GroupCandidate));
  const groups: GroupCandidate[][] = [];
  for (const piece of pieces) {
    const last = groups.at(-1);
    const sameArea = last?.[0]?.postalCode[0] === piece[0]?.postalCode[0];
    if (last && sameArea && last.length + piece.length <= maxPerGroup) last.push(...piece);
    else groups.push([...piece]);
  }
  return groups.map((members) => ({ members, host: members[0] as GroupCandidate }));
}

const byPostalCode = (a: GroupCandidate, b: GroupCandidate) =>
  a.postalCode.localeCompare(b.postalCode) || a.name.localeCompare(b.name, 'da');

function chunks<T>(items: readonly T[], size: number): T[][] {
  // Even sizes: 5 libraries of one municipality at 4 a group become 3 + 2, not 4 + 1.
  const count = Math.ceil(items.length / size);
  const result: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => {
    result[i % count]?.push(item);
  });
  return result;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The coordinator's groups, checked as a whole: every registered library in exactly one group, the host
 * one of its members, and the meeting within the guidance week at a valid time.
 */
export function validateGroups(
  groups: readonly GuidanceGroup[],
  registrationIds: readonly string[],
  guidance: Pick<CourseSession, 'when'>,
  /** The libraries' names, so a library left out is named as the coordinator knows it. */
  names: ReadonlyMap<string, string> = new Map(),
): GuidanceGroup[] {
  const { from, to } = sessionDays(guidance);
  const known = new Set(registrationIds);
  const seen = new Map<string, number>();
  const problems: FieldProblem[] = [];
  groups.forEach((group, g) => {
    if (group.members.length === 0)
      problems.push({ path: `${g}.members`, message: 'En gruppe skal have deltagere.' });
    group.members.forEach((id, m) => {
      if (!known.has(id))
        problems.push({ path: `${g}.members.${m}`, message: 'Biblioteket er ikke tilmeldt.' });
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        problems.push({
          path: `${g}.members.${m}`,
          message: `Biblioteket er allerede i gruppe ${earlier + 1}.`,
        });
      }
      seen.set(id, earlier ?? g);
    });
    if (!group.members.includes(group.hostRegistrationId)) {
      problems.push({
        path: `${g}.hostRegistrationId`,
        message: 'Værten skal være et af gruppens biblioteker.',
      });
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(group.date) || group.date < from || group.date > to) {
      problems.push({ path: `${g}.date`, message: `Gruppevejledningen ligger fra ${from} til ${to}.` });
    }
    if (!TIME.test(group.start))
      problems.push({ path: `${g}.start`, message: 'Tidspunktet skal skrives TT:MM.' });
  });
  for (const id of registrationIds) {
    if (!seen.has(id))
      problems.push({ path: 'groups', message: `${names.get(id) ?? id} er ikke i nogen gruppe.` });
  }
  if (problems.length > 0) throw new ValidationError(problems, REFUSED);
  return [...groups];
}
