/**
 * What exists: the table's layout, the functions, their routes (from the route table) and the table actions
 * each may use. Pure data, read by the CDK stacks (lib/) and by the local runtime (local/), so the two
 * cannot drift.
 */
import type { HttpMethod } from './http/route-spec.ts';
import { routesOfFunction } from './http/route-table.ts';
import { COURSE_STRUCTURE_TYPE } from './table-layout.ts';

export type { HttpMethod } from './http/route-spec.ts';
export { catalogueItem, courseItem, itemKeys, OWED, tableLayout } from './table-layout.ts';

/**
 * What a coordinator route asks of a token besides being valid: Cognito puts this scope in its access
 * tokens and none in its ID tokens, so requiring it lets access tokens through and refuses ID tokens (AWS's
 * own advice for JWT authorizers: nothing else in a JWT tells the two apart).
 */
export const COORDINATOR_SCOPES = ['aws.cognito.signin.user.admin'];

export interface FunctionSpec {
  /** Stable id: construct id in CDK, name in the local runtime. */
  id: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  /** The function's routes in the route table (functions/http/route-table.ts). */
  routes: { method: HttpMethod; path: string }[];
  /**
   * Who may call the routes at the gateway, from the route table: absent means anyone (the signup form,
   * the links in the mails, whose token the function checks); 'coordinator' means a valid token from the
   * coordinators' user pool, checked by the HTTP API's JWT authorizer in AWS and by the same verification in
   * the local gateway, before the handler runs.
   */
  auth?: 'coordinator';
  /** Exactly the DynamoDB actions the function performs (TransactWriteItems needs its item actions). */
  tableActions: string[];
  /** Configuration the function reads besides TABLE_NAME. */
  config: ConfigName[];
  /** Invoked by the table's stream, with records matching this Lambda filter pattern. */
  stream?: { filterPattern: StreamFilterPattern };
  /** Invoked on a fixed schedule (EventBridge rule locally replaced by a timer on the local clock). */
  scheduleMinutes?: number;
  /** Sends mail through SES from the configured sender identity. */
  sendsMail?: boolean;
  /** Invoked by one-time EventBridge Scheduler schedules, one per planned reminder, with `{courseId, reminderId}`. */
  reminderTarget?: boolean;
  /**
   * Keeps the reminder targets' one-time schedules in step with the courses' plans; the stack invokes it
   * with every seed course at deploy time. Its config names the scheduling settings (SCHEDULE_GROUP, …).
   */
  syncsReminderSchedules?: boolean;
  /**
   * Renders invoice and credit-note PDFs for the functions whose config names RENDER_INVOICE_FUNCTION,
   * which invoke it synchronously with `{number}`.
   */
  invoiceRenderer?: boolean;
}

export type ConfigName =
  | 'COORDINATOR_EMAIL'
  | 'TEACHER_EMAIL'
  | 'SENDER_EMAIL'
  | 'SELLER_CVR'
  | 'SELLER_BANK_REG'
  | 'SELLER_BANK_ACCOUNT'
  | 'SES_CONFIGURATION_SET'
  | 'MAIL_MAX_PER_SECOND'
  | 'PERSONAL_DATA_RETENTION_DAYS'
  /** Where the site is: the links in the mails open its pages. */
  | 'SITE_URL'
  /** Made by the stack: the name of the function that renders invoice PDFs (RenderInvoicePdf). */
  | 'RENDER_INVOICE_FUNCTION'
  /** Made by the stack: the secret CloudFront sends the API in its origin header (Secrets Manager). */
  | 'ORIGIN_SECRET'
  | SchedulingConfigName;

/** Settings of reminder scheduling: made by the stack (the group, the target, the role, the queue). */
export type SchedulingConfigName =
  | 'SCHEDULE_GROUP'
  | 'SEND_REMINDER_ARN'
  | 'SCHEDULER_ROLE_ARN'
  | 'REMINDER_DLQ_ARN';

export const SCHEDULING_CONFIG: SchedulingConfigName[] = [
  'SCHEDULE_GROUP',
  'SEND_REMINDER_ARN',
  'SCHEDULER_ROLE_ARN',
  'REMINDER_DLQ_ARN',
];

/** The subset of Lambda's event filter syntax used here: nested fields, each with a list of allowed values. */
export interface StreamFilterPattern {
  [field: string]: StreamFilterPattern | string[];
}

const MAIL_CONFIG: ConfigName[] = [
  'COORDINATOR_EMAIL',
  'TEACHER_EMAIL',
  'SENDER_EMAIL',
  'SELLER_CVR',
  'SELLER_BANK_REG',
  'SELLER_BANK_ACCOUNT',
  'SES_CONFIGURATION_SET',
  'MAIL_MAX_PER_SECOND',
  'SITE_URL',
];

/** What owes work: registration items inserted or changed while they carry the `owed` marker. */
const OWED_REGISTRATIONS: StreamFilterPattern = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { type: { S: ['registration'] }, owedPk: { S: ['OWED'] } } },
};

/** What owes mail in the course's structure: its visits, groups and attendance items, written or changed. */
const CHANGED_STRUCTURE: StreamFilterPattern = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { type: { S: [COURSE_STRUCTURE_TYPE] } } },
};

/** Table actions of the functions that finish registrations (invoice, mail records, settle). */
const FULFILMENT_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/** The settings of the functions that mail invoices and credit notes, which another function renders. */
const INVOICE_MAIL_CONFIG: ConfigName[] = [...MAIL_CONFIG, 'RENDER_INVOICE_FUNCTION'];

/** A function as declared here: its routes and who may call them come from the route table. */
type FunctionDeclaration = Omit<FunctionSpec, 'routes' | 'auth'>;

const declaredFunctions: FunctionDeclaration[] = [
  {
    id: 'GetCourse',
    entry: 'functions/handlers/get-course.ts',
    description: 'GET /courses/{courseId}: what the signup form needs',
    tableActions: ['dynamodb:GetItem'],
    config: ['COORDINATOR_EMAIL', 'TEACHER_EMAIL'],
  },
  {
    id: 'CreateRegistration',
    entry: 'functions/handlers/create-registration.ts',
    description: 'POST /courses/{courseId}/registrations: register a library',
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    config: ['ORIGIN_SECRET'],
  },
  {
    id: 'OpenApiDocument',
    entry: 'functions/handlers/openapi-document.ts',
    description: 'GET /openapi.json: the API described as OpenAPI 3.1, from the route table',
    // Made from the route table alone: no table access.
    tableActions: [],
    config: [],
  },
  {
    id: 'RenderInvoicePdf',
    entry: 'functions/handlers/render-invoice-pdf.ts',
    description: 'Invoked by the functions that mail invoices: an issued invoice or credit note as PDF',
    tableActions: ['dynamodb:GetItem'],
    config: [],
    invoiceRenderer: true,
  },
  {
    id: 'OnRegistrationChange',
    entry: 'functions/handlers/on-registration-change.ts',
    description: 'Table stream: send what a registration is owed (confirmation, welcomes, invoice)',
    // Query: after a cancellation, the course's waitlist (its partition), never a Scan.
    tableActions: [...FULFILMENT_TABLE_ACTIONS, 'dynamodb:Query'],
    config: INVOICE_MAIL_CONFIG,
    stream: { filterPattern: OWED_REGISTRATIONS },
    sendsMail: true,
  },
  {
    id: 'SendReminder',
    entry: 'functions/handlers/send-reminder.ts',
    description: 'One-time schedule per reminder: mail everyone it is for, each once',
    // Query: the course's registrations (its partition), never a Scan.
    tableActions: [...FULFILMENT_TABLE_ACTIONS, 'dynamodb:Query'],
    config: MAIL_CONFIG,
    sendsMail: true,
    reminderTarget: true,
  },
  {
    id: 'Sweep',
    entry: 'functions/handlers/sweep.ts',
    description:
      "Every 5 minutes: finish registrations that still owe something; remove people's data past retention",
    // The sparse `owed` index, the course catalogue and the courses' registrations.
    tableActions: [...FULFILMENT_TABLE_ACTIONS, 'dynamodb:Query'],
    config: [...INVOICE_MAIL_CONFIG, 'PERSONAL_DATA_RETENTION_DAYS'],
    scheduleMinutes: 5,
    sendsMail: true,
  },
  {
    id: 'CoordinatorQueries',
    entry: 'functions/handlers/coordinator-queries.ts',
    description:
      "The coordinator's reading: registrations, totals, one registration and all stored about it, participant export",
    // Queries on a course's partition and the catalogue, never a Scan.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    config: [],
  },
  {
    id: 'CoordinatorCommands',
    entry: 'functions/handlers/coordinator-commands.ts',
    description: "The coordinator's changes to a registration: cancel, change participants, resend a mail",
    // One transaction: the registration (Update), the library guard (Delete), the counters (Update).
    tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    config: [],
  },
  {
    id: 'OnCourseStructureChange',
    entry: 'functions/handlers/on-structure-change.ts',
    description:
      "Table stream: send what the course's structure owes (visit and group invitations, certificates)",
    // Query: the course's registrations (its partition). PutItem also makes a mail's link (a transaction).
    tableActions: [...FULFILMENT_TABLE_ACTIONS, 'dynamodb:Query'],
    config: INVOICE_MAIL_CONFIG,
    stream: { filterPattern: CHANGED_STRUCTURE },
    sendsMail: true,
  },
  {
    id: 'CourseStructure',
    entry: 'functions/handlers/course-structure.ts',
    description:
      "The coordinator's course structure: visit slots and bookings, guidance groups, cases, attendance",
    // Queries on the course's partition (registrations, cases); each structure part is one item.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    config: [],
  },
  {
    id: 'ParticipantLinks',
    entry: 'functions/handlers/participant-links.ts',
    description: 'The links in the mails: a library books its visit, a participant writes their case',
    // Query: the course's registrations (its partition), never a Scan.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    config: [],
  },
  {
    id: 'SyncReminderSchedules',
    entry: 'functions/handlers/sync-reminder-schedules.ts',
    description: "Sync courses' reminder plans to one-time EventBridge Scheduler schedules",
    tableActions: ['dynamodb:GetItem'],
    config: SCHEDULING_CONFIG,
    syncsReminderSchedules: true,
  },
  {
    id: 'InvoicePdf',
    entry: 'functions/handlers/invoice-pdf.ts',
    description: 'GET /admin/invoices/{invoiceNumber}/pdf: an issued invoice or credit note as PDF',
    // Apart from the coordinator queries, so only this function carries the PDF library.
    tableActions: ['dynamodb:GetItem'],
    config: [],
  },
  {
    id: 'SaveCourse',
    entry: 'functions/handlers/save-course.ts',
    description:
      'PUT /admin/courses/{courseId}: create or replace a course, and re-sync its reminder schedules',
    // GetItem: whether it exists; TransactWriteItems puts the course and its catalogue line.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    config: SCHEDULING_CONFIG,
    syncsReminderSchedules: true,
  },
];

/**
 * Each function with its routes. API Gateway guards a function's routes alike, so a function serves either
 * only coordinator routes or none.
 */
function withRoutes(declared: FunctionDeclaration): FunctionSpec {
  const routes = routesOfFunction(declared.id);
  const forCoordinators = routes.filter((route) => route.access === 'coordinator');
  if (forCoordinators.length > 0 && forCoordinators.length < routes.length) {
    throw new Error(`${declared.id} mixes coordinator routes with others: split it`);
  }
  return {
    ...declared,
    routes: routes.map(({ method, path }) => ({ method, path })),
    ...(forCoordinators.length > 0 && { auth: 'coordinator' as const }),
  };
}

export const functionSpecs: FunctionSpec[] = declaredFunctions.map(withRoutes);
