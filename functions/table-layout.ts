/**
 * The single table's layout and item keys: what every adapter that touches the table needs, kept apart from
 * the function manifest so a Lambda bundle carries the keys it writes and not the whole deployment's list.
 */
export const tableLayout = {
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  streamView: 'NEW_AND_OLD_IMAGES',
  /**
   * Sparse index of what is still owed (mail, invoice): only items carrying `owedPk` appear in it, so the
   * sweep reads exactly the unfinished registrations, never the whole table.
   */
  owedIndex: { name: 'owed', partitionKey: 'owedPk', sortKey: 'owedSince' },
} as const;

/** The one value of `owedPk`: the index is small (only unfinished work), so one partition is enough. */
export const OWED = 'OWED';

/** The prefixes that say what a key names; only this module puts them together or takes them apart. */
const PREFIX = {
  course: 'COURSE#',
  registration: 'REG#',
  library: 'LIB#',
  idempotency: 'IDEMP#',
  address: 'ADDR#',
  source: 'SOURCE#',
  series: 'SERIES#',
  invoice: 'INVOICE#',
  mail: 'MAIL#',
  structure: 'STRUCTURE#',
  trialCase: 'CASE#',
  link: 'LINK#',
  token: 'TOKEN#',
} as const;

const CATALOGUE = 'CATALOGUE';
const coursePk = (courseId: string) => `${PREFIX.course}${courseId}`;

/** Item keys of the single table (ARCHITECTURE.md, "Persistence"): one definition for the store, the seed and the tests. */
export const itemKeys = {
  course: (courseId: string) => ({ PK: coursePk(courseId), SK: 'COURSE' }),
  /** One partition listing every course, so the sweep finds courses with a Query instead of a Scan. */
  catalogueEntry: (courseId: string) => ({ PK: CATALOGUE, SK: `${PREFIX.course}${courseId}` }),
  counters: (courseId: string) => ({ PK: coursePk(courseId), SK: 'STATS' }),
  registration: (courseId: string, id: string) => ({
    PK: coursePk(courseId),
    SK: `${PREFIX.registration}${id}`,
  }),
  libraryGuard: (courseId: string, ean: string) => ({
    PK: coursePk(courseId),
    SK: `${PREFIX.library}${ean}`,
  }),
  idempotency: (key: string) => ({ PK: `${PREFIX.idempotency}${key}`, SK: 'IDEMP' }),
  /** How many of a course's registrations name an address; keyed by a hash, so no address is in a key. */
  addressUse: (courseId: string, addressHash: string) => ({
    PK: coursePk(courseId),
    SK: `${PREFIX.address}${addressHash}`,
  }),
  /** The instants of the recent signups from one (hashed) network address; expires when none counts. */
  sourceSignups: (sourceHash: string) => ({ PK: `${PREFIX.source}${sourceHash}`, SK: 'SIGNUPS' }),
  invoiceSeries: (series: string) => ({ PK: `${PREFIX.series}${series}`, SK: 'SERIES' }),
  invoice: (number: string) => ({ PK: `${PREFIX.invoice}${number}`, SK: 'INVOICE' }),
  mail: (dedupeKey: string) => ({ PK: `${PREFIX.mail}${dedupeKey}`, SK: 'MAIL' }),
  /** The course's visit slots and bookings, its guidance groups, its attendance: one item each. */
  courseStructure: (courseId: string, part: CourseStructurePart) => ({
    PK: coursePk(courseId),
    SK: `${PREFIX.structure}${part}`,
  }),
  /** A participant's trial action, by the participant's opaque key (never their address). */
  trialCase: (courseId: string, registrationId: string, participantKey: string) => ({
    PK: coursePk(courseId),
    SK: `${PREFIX.trialCase}${registrationId}#${participantKey}`,
  }),
  /** The link token of a library (no participant key) or a participant, kept with the course. */
  linkOwner: (courseId: string, registrationId: string, participantKey?: string) => ({
    PK: coursePk(courseId),
    SK: `${PREFIX.link}${registrationId}${participantKey ? `#${participantKey}` : ''}`,
  }),
  /** What a link token opens: looked up by the token alone. */
  linkToken: (token: string) => ({ PK: `${PREFIX.token}${token}`, SK: 'TOKEN' }),
};

/** A partition, and optionally the start its sort keys share: what one Query reads (of an index, if named). */
export interface KeyRange {
  PK: string;
  skPrefix?: string;
  index?: { name: string; partitionKey: string };
}

/** The Queries the store makes: a course's items of one kind, or the catalogue of every course. */
export const keyRanges = {
  catalogue: (): KeyRange => ({ PK: CATALOGUE }),
  registrations: (courseId: string): KeyRange => ({ PK: coursePk(courseId), skPrefix: PREFIX.registration }),
  addressUses: (courseId: string): KeyRange => ({ PK: coursePk(courseId), skPrefix: PREFIX.address }),
  trialCases: (courseId: string): KeyRange => ({ PK: coursePk(courseId), skPrefix: PREFIX.trialCase }),
  linkOwners: (courseId: string): KeyRange => ({ PK: coursePk(courseId), skPrefix: PREFIX.link }),
  /** The registrations that still owe work, oldest first. */
  owed: (): KeyRange => ({
    PK: OWED,
    index: { name: tableLayout.owedIndex.name, partitionKey: tableLayout.owedIndex.partitionKey },
  }),
};

const after = (prefix: string, text: unknown) =>
  typeof text === 'string' && text.startsWith(prefix) && text.length > prefix.length
    ? text.slice(prefix.length)
    : undefined;

/** The course an item's partition key belongs to (a stream record's key, an index entry's). */
export function courseIdOfKey(key: { PK?: unknown }): string | undefined {
  return after(PREFIX.course, key.PK);
}

/** The registration a key names, if it names one. */
export function registrationOfKey(key: {
  PK?: unknown;
  SK?: unknown;
}): { courseId: string; registrationId: string } | undefined {
  const courseId = courseIdOfKey(key);
  const registrationId = after(PREFIX.registration, key.SK);
  return courseId && registrationId ? { courseId, registrationId } : undefined;
}

/** How an item is named in an error message: by its partition key, as the table holds it. */
export function describeKey(key: { PK: string }): string {
  return `table item ${key.PK}`;
}

export type CourseStructurePart = 'VISITS' | 'GROUPS' | 'ATTENDANCE';

/** The `type` of the structure items: the stream hands their changes to the structure's mailing. */
export const COURSE_STRUCTURE_TYPE = 'course-structure';

/** The COURSE item as written by `npm start`, by the deploy-time seed and by a coordinator's save. */
export function courseItem<C extends { id: string }>(course: C) {
  return { ...itemKeys.course(course.id), type: 'course', definition: course };
}

/** The course's line in the catalogue, written together with the COURSE item. */
export function catalogueItem(courseId: string) {
  return { ...itemKeys.catalogueEntry(courseId), type: 'catalogue-entry', courseId };
}
