import * as z from 'zod/mini';
import {
  cancelledRegistration,
  changedRegistration,
  courseForSignup,
  courseList,
  courseTotals,
  ledgerLine,
  participant,
  price,
  pricing,
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
  trialCase,
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

/**
 * The answers' named parts: the OpenAPI document lists each once under components.schemas, with its
 * Danish description, and refers to it wherever an answer holds it.
 */
export const answerComponents = z.registry<{ id: string; description: string }>();
const named: [z.ZodMiniType, string, string][] = [
  [errorEnvelope, 'ErrorEnvelope', 'Afvisningen: en kode, en dansk besked og de felter, den gælder.'],
  [gatewayMessage, 'GatewayMessage', 'API Gateways eget svar, før en handler har set forespørgslen.'],
  [price, 'Price', 'Tilmeldingens pris i øre: pakker, forplejning, moms og i alt.'],
  [pricing, 'Pricing', 'Kursets prislinjer, som de var ved tilmeldingen.'],
  [participant, 'Participant', 'En deltager; navn og e-mail er tomme, når persondata er slettet.'],
  [
    ledgerLine,
    'LedgerLine',
    'En faktura eller kreditnota i tilmeldingens regnskab (beløb i øre inkl. moms).',
  ],
  [trialCase, 'TrialCase', 'En deltagers prøvehandling; null før den er gemt første gang.'],
  [courseForSignup, 'CourseForSignup', 'Kurset, som tilmeldingsformularen viser det.'],
  [registrationDetailBody, 'RegistrationDetail', 'Én tilmelding med regnskab og mailhistorik.'],
  [visitsViewBody, 'VisitsView', 'Besøgsrunden: tiderne, bookingerne, ruten og hvem der mangler.'],
  [groupsViewBody, 'GroupsView', 'Gruppevejledningen: bibliotekerne, grupperne og et forslag.'],
  [attendanceViewBody, 'AttendanceView', 'Fremmødet pr. dag og hvem der har fået kursusbevis.'],
  [libraryLinkView, 'LibraryLinkView', 'Det et biblioteks link åbner: besøgstiderne og bookingen.'],
  [participantLinkView, 'ParticipantLinkView', 'Det en deltagers link åbner: prøvehandlingen og fristerne.'],
];
for (const [schema, id, description] of named) answerComponents.add(schema, { id, description });
