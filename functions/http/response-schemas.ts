import * as z from 'zod/mini';
import {
  cancelledRegistration,
  changedRegistration,
  courseForSignup,
  courseList,
  courseTotals,
  registrationDetailBody,
  registrationExportBody,
  registrationPage,
  registrationReceipt,
  resendAccepted,
  savedCourse,
} from './registration-bodies.ts';
import {
  attendanceViewBody,
  casesViewBody,
  groupsViewBody,
  libraryLinkView,
  linkView,
  participantLinkView,
  visitsViewBody,
} from './structure-bodies.ts';

/**
 * The JSON body of every route's successful answer, by operationId: the route table hands them to the
 * OpenAPI document, and the integration tests hold every answer to that document. Bodies that are not
 * JSON (the participant CSV, an invoice PDF) have none here. The shapes are closed where the answer is:
 * a field added to an answer without its schema is drift, and fails the tests.
 */
export const responseBodies = {
  getCourse: courseForSignup,
  createRegistration: registrationReceipt,
  listCourses: courseList,
  listRegistrations: registrationPage,
  getRegistration: registrationDetailBody,
  exportRegistration: registrationExportBody,
  getCourseTotals: courseTotals,
  cancelRegistration: cancelledRegistration,
  changeParticipants: changedRegistration,
  resendMail: resendAccepted,
  getVisits: visitsViewBody,
  publishVisitSlots: visitsViewBody,
  bookVisit: visitsViewBody,
  getGroups: groupsViewBody,
  saveGroups: groupsViewBody,
  getCases: casesViewBody,
  getAttendance: attendanceViewBody,
  recordAttendance: attendanceViewBody,
  openLink: linkView,
  bookVisitByLink: libraryLinkView,
  saveCaseByLink: participantLinkView,
  saveCourse: savedCourse,
  // The document describes itself as any JSON object: its own schema is the OpenAPI 3.1 specification.
  getOpenApiDocument: z.record(z.string(), z.unknown()),
} satisfies Record<string, z.ZodMiniType>;

export type JsonOperationId = keyof typeof responseBodies;

/** One field a refusal points at, in the body's own terms (`participants.1.email`), with a Danish message. */
const fieldProblem = z.strictObject({ path: z.string(), message: z.string() });

/** What the handlers answer when they refuse a request or fail (functions/handlers/http.ts). */
export const errorEnvelope = z.strictObject({
  error: z.strictObject({
    code: z.string().check(z.regex(/^[A-Z_]+$/)),
    message: z.string(),
    fields: z.array(fieldProblem),
  }),
});

/**
 * What API Gateway answers itself, before any handler runs: `{"message":"Unauthorized"}` from the JWT
 * authorizer, `Forbidden`, `Request Entity Too Large`, `Internal Server Error`.
 */
export const gatewayMessage = z.strictObject({ message: z.string() });
