/**
 * What exists: the table's layout, the functions, their routes and the table actions each may use.
 * Pure data, read by the CDK stacks (lib/) and by the local runtime (local/), so the two cannot drift.
 */
export const tableLayout = {
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  streamView: 'NEW_AND_OLD_IMAGES',
} as const;

/** Item keys of the single table (DESIGN.md "Data"): one definition for the store, the seed and the tests. */
export const itemKeys = {
  course: (courseId: string) => ({ PK: `COURSE#${courseId}`, SK: 'COURSE' }),
  counters: (courseId: string) => ({ PK: `COURSE#${courseId}`, SK: 'STATS' }),
  registration: (courseId: string, id: string) => ({ PK: `COURSE#${courseId}`, SK: `REG#${id}` }),
  libraryGuard: (courseId: string, ean: string) => ({ PK: `COURSE#${courseId}`, SK: `LIB#${ean}` }),
  idempotency: (key: string) => ({ PK: `IDEMP#${key}`, SK: 'IDEMP' }),
};

/** The COURSE item as written by `npm start`, by the deploy-time seed and by a coordinator's save. */
export function courseItem<C extends { id: string }>(course: C) {
  return { ...itemKeys.course(course.id), type: 'course', definition: course };
}

export type HttpMethod = 'GET' | 'POST';

export interface FunctionSpec {
  /** Stable id: construct id in CDK, name in the local runtime. */
  id: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  routes: { method: HttpMethod; path: string }[];
  /** Exactly the DynamoDB actions the function performs (TransactWriteItems needs its item actions). */
  tableActions: string[];
  /** Configuration the function reads besides TABLE_NAME. */
  config: ('COORDINATOR_EMAIL' | 'TEACHER_EMAIL')[];
}

export const functionSpecs: FunctionSpec[] = [
  {
    id: 'GetCourse',
    entry: 'functions/handlers/get-course.ts',
    description: 'GET /courses/{courseId}: what the signup form needs',
    routes: [{ method: 'GET', path: '/courses/{courseId}' }],
    tableActions: ['dynamodb:GetItem'],
    config: ['COORDINATOR_EMAIL', 'TEACHER_EMAIL'],
  },
  {
    id: 'CreateRegistration',
    entry: 'functions/handlers/create-registration.ts',
    description: 'POST /courses/{courseId}/registrations: register a library',
    routes: [{ method: 'POST', path: '/courses/{courseId}/registrations' }],
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    config: [],
  },
];

/** Largest request body the API accepts; the form's largest realistic registration is a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;
