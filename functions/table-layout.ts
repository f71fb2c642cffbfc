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

/** Item keys of the single table (DESIGN.md "Data"): one definition for the store, the seed and the tests. */
export const itemKeys = {
  course: (courseId: string) => ({ PK: `COURSE#${courseId}`, SK: 'COURSE' }),
  /** One partition listing every course, so the sweep finds courses with a Query instead of a Scan. */
  catalogueEntry: (courseId: string) => ({ PK: 'CATALOGUE', SK: `COURSE#${courseId}` }),
  counters: (courseId: string) => ({ PK: `COURSE#${courseId}`, SK: 'STATS' }),
  registration: (courseId: string, id: string) => ({ PK: `COURSE#${courseId}`, SK: `REG#${id}` }),
  libraryGuard: (courseId: string, ean: string) => ({ PK: `COURSE#${courseId}`, SK: `LIB#${ean}` }),
  idempotency: (key: string) => ({ PK: `IDEMP#${key}`, SK: 'IDEMP' }),
  /** How many of a course's registrations name an address; keyed by a hash, so no address is in a key. */
  addressUse: (courseId: string, addressHash: string) => ({
    PK: `COURSE#${courseId}`,
    SK: `ADDR#${addressHash}`,
  }),
  /** Signups from one (hashed) network address in one hour; expires soon after. */
  sourceUse: (sourceHash: string, hour: string) => ({ PK: `SOURCE#${sourceHash}`, SK: `HOUR#${hour}` }),
  invoiceSeries: (series: string) => ({ PK: `SERIES#${series}`, SK: 'SERIES' }),
  invoice: (number: string) => ({ PK: `INVOICE#${number}`, SK: 'INVOICE' }),
  mail: (dedupeKey: string) => ({ PK: `MAIL#${dedupeKey}`, SK: 'MAIL' }),
  /** The course's visit slots and bookings, its guidance groups, its attendance: one item each. */
  courseStructure: (courseId: string, part: CourseStructurePart) => ({
    PK: `COURSE#${courseId}`,
    SK: `STRUCTURE#${part}`,
  }),
  /** A participant's trial action, by the participant's opaque key (never their address). */
  trialCase: (courseId: string, registrationId: string, participantKey: string) => ({
    PK: `COURSE#${courseId}`,
    SK: `CASE#${registrationId}#${participantKey}`,
  }),
  /** The link token of a library (no participant key) or a participant, kept with the course. */
  linkOwner: (courseId: string, registrationId: string, participantKey?: string) => ({
    PK: `COURSE#${courseId}`,
    SK: `LINK#${registrationId}${participantKey ? `#${participantKey}` : ''}`,
  }),
  /** What a link token opens: looked up by the token alone. */
  linkToken: (token: string) => ({ PK: `TOKEN#${token}`, SK: 'TOKEN' }),
};

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
