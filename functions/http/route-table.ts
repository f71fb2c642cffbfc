import * as z from 'zod/mini';
import { caseInputSchema } from '#domain/case-work.ts';
import { courseSchema } from '#domain/course.ts';
import { registrationInputSchema } from '#domain/registration.ts';
import { registrationQuerySchema } from '#domain/registration-query.ts';
import {
  attendanceBodySchema,
  cancelBodySchema,
  groupsBodySchema,
  resendBodySchema,
  visitBookingBodySchema,
} from '#domain/request-bodies.ts';
import { visitSlotSchema } from '#domain/visit-round.ts';
import { responseBodies } from './response-schemas.ts';
import type { RouteSpec } from './route-spec.ts';

/**
 * Every HTTP route, once (see ARCHITECTURE.md, "Routes"). The manifest gives each function its routes from
 * here, the handlers bind a use case to each operationId, the local gateway and API Gateway route by the
 * same method and path, and the OpenAPI document describes the same list.
 */
const declaredRoutes = [
  {
    operationId: 'getCourse',
    method: 'GET',
    path: '/courses/{courseId}',
    access: 'public',
    functionId: 'GetCourse',
    summary: 'Kurset, som tilmeldingsformularen viser det',
    description: 'Kursets gange, priser, frist, ledige pladser og koordinatorens adresse.',
    responses: { 200: { description: 'Kurset.', body: responseBodies.getCourse } },
  },
  {
    operationId: 'createRegistration',
    method: 'POST',
    path: '/courses/{courseId}/registrations',
    access: 'public',
    functionId: 'CreateRegistration',
    summary: 'Tilmeld et bibliotek',
    description:
      'Tilmelder biblioteket med dets deltagere, bekræftet eller på venteliste. Samme Idempotency-Key med samme indhold giver samme svar igen uden en ny tilmelding.',
    request: { body: registrationInputSchema, idempotencyKey: true },
    responses: {
      201: { description: 'Tilmeldingen er modtaget.', body: responseBodies.createRegistration },
    },
  },
  {
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    access: 'public',
    functionId: 'OpenApiDocument',
    summary: 'Denne beskrivelse af API’et (OpenAPI 3.1)',
    responses: { 200: { description: 'OpenAPI-dokumentet.', body: responseBodies.getOpenApiDocument } },
  },
  {
    operationId: 'listCourses',
    method: 'GET',
    path: '/admin/courses',
    access: 'coordinator',
    functionId: 'CoordinatorQueries',
    summary: 'Alle kurser',
    responses: { 200: { description: 'Kurserne.', body: responseBodies.listCourses } },
  },
  {
    operationId: 'listRegistrations',
    method: 'GET',
    path: '/admin/courses/{courseId}/registrations',
    access: 'coordinator',
    functionId: 'CoordinatorQueries',
    summary: 'Kursets tilmeldinger, side for side',
    description: 'Filtreres på status og søgetekst; nextCursor henter næste side.',
    request: { query: registrationQuerySchema },
    responses: { 200: { description: 'En side tilmeldinger.', body: responseBodies.listRegistrations } },
  },
  {
    operationId: 'getRegistration',
    method: 'GET',
    path: '/admin/courses/{courseId}/registrations/{registrationId}',
    access: 'coordinator',
    functionId: 'CoordinatorQueries',
    summary: 'Én tilmelding med fakturaer, kreditnotaer og sendte mails',
    responses: { 200: { description: 'Tilmeldingen.', body: responseBodies.getRegistration } },
  },
  {
    operationId: 'exportRegistration',
    method: 'GET',
    path: '/admin/courses/{courseId}/registrations/{registrationId}/export',
    access: 'coordinator',
    functionId: 'CoordinatorQueries',
    summary: 'Alt, der er gemt om én tilmelding, som fil (indsigtsret)',
    responses: {
      200: {
        description: 'Tilmeldingens data som JSON-fil (Content-Disposition: attachment).',
        body: responseBodies.exportRegistration,
      },
    },
  },
  {
    operationId: 'getCourseTotals',
    method: 'GET',
    path: '/admin/courses/{courseId}/totals',
    access: 'coordinator',
    functionId: 'CoordinatorQueries',
    summary: 'Kursets tal: biblioteker, deltagere, venteliste og beløb',
    responses: { 200: { description: 'Tallene.', body: responseBodies.getCourseTotals } },
  },
  {
    operationId: 'exportParticipants',
    method: 'GET',
    path: '/admin/courses/{courseId}/participants.csv',
    access: 'coordinator',
    functionId: 'CoordinatorQueries',
    summary: 'Deltagerlisten som CSV',
    responses: {
      200: {
        description: 'Deltagerne, én pr. linje (Content-Disposition: attachment).',
        contentType: 'text/csv',
      },
    },
  },
  {
    operationId: 'cancelRegistration',
    method: 'POST',
    path: '/admin/courses/{courseId}/registrations/{registrationId}/cancel',
    access: 'coordinator',
    functionId: 'CoordinatorCommands',
    summary: 'Afmeld en tilmelding',
    description:
      'Kreditnota, mails og oprykning fra ventelisten følger af sig selv. At afmelde en afmeldt tilmelding ændrer intet.',
    request: { body: cancelBodySchema, bodyOptional: true },
    responses: { 200: { description: 'Den afmeldte tilmelding.', body: responseBodies.cancelRegistration } },
  },
  {
    operationId: 'changeParticipants',
    method: 'PUT',
    path: '/admin/courses/{courseId}/registrations/{registrationId}/participants',
    access: 'coordinator',
    functionId: 'CoordinatorCommands',
    summary: 'Ret en tilmeldings deltagere',
    description:
      'Listen tjekkes som ved tilmeldingen; ændres prisen på en faktureret tilmelding, følger kreditnota og ny faktura.',
    // The use case takes the list as it comes and then checks it exactly as the signup's.
    request: { body: z.strictObject({ participants: registrationInputSchema.shape.participants }) },
    responses: {
      200: { description: 'Tilmeldingen med de nye deltagere.', body: responseBodies.changeParticipants },
    },
  },
  {
    operationId: 'resendMail',
    method: 'POST',
    path: '/admin/courses/{courseId}/registrations/{registrationId}/resend',
    access: 'coordinator',
    functionId: 'CoordinatorCommands',
    summary: 'Send bekræftelsen eller fakturaen igen',
    request: { body: resendBodySchema, idempotencyKey: true },
    responses: { 202: { description: 'Mailen sendes om et øjeblik.', body: responseBodies.resendMail } },
  },
  {
    operationId: 'getVisits',
    method: 'GET',
    path: '/admin/courses/{courseId}/visits',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Besøgsrunden: tider, bookinger og dagenes ruter',
    responses: { 200: { description: 'Besøgsrunden.', body: responseBodies.getVisits } },
  },
  {
    operationId: 'publishVisitSlots',
    method: 'PUT',
    path: '/admin/courses/{courseId}/visits/slots',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Udgiv besøgsrundens tider',
    description: 'Hele listen på én gang; en booket tid kan ikke fjernes, før bookingen er flyttet.',
    // The use case takes the list as it comes and then checks each slot with the visit round's rules.
    request: { body: z.object({ slots: z.array(visitSlotSchema) }) },
    responses: {
      200: { description: 'Besøgsrunden med de nye tider.', body: responseBodies.publishVisitSlots },
    },
  },
  {
    operationId: 'bookVisit',
    method: 'PUT',
    path: '/admin/courses/{courseId}/visits/bookings/{registrationId}',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Book eller flyt et biblioteks besøg',
    request: { body: visitBookingBodySchema },
    responses: { 200: { description: 'Besøgsrunden med bookingen.', body: responseBodies.bookVisit } },
  },
  {
    operationId: 'getGroups',
    method: 'GET',
    path: '/admin/courses/{courseId}/groups',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Gruppevejledningens grupper og et forslag',
    responses: { 200: { description: 'Grupperne.', body: responseBodies.getGroups } },
  },
  {
    operationId: 'saveGroups',
    method: 'PUT',
    path: '/admin/courses/{courseId}/groups',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Gem grupperne',
    description: 'Hver deltagende bibliotek i præcis én gruppe; deltagerne får gruppens invitation.',
    request: { body: groupsBodySchema },
    responses: { 200: { description: 'De gemte grupper.', body: responseBodies.saveGroups } },
  },
  {
    operationId: 'getCases',
    method: 'GET',
    path: '/admin/courses/{courseId}/cases',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Deltagernes prøvehandlinger',
    responses: { 200: { description: 'Prøvehandlingerne.', body: responseBodies.getCases } },
  },
  {
    operationId: 'getAttendance',
    method: 'GET',
    path: '/admin/courses/{courseId}/attendance',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Fremmøde pr. gang og hvem der har gjort sig fortjent til kursusbevis',
    responses: { 200: { description: 'Fremmødet.', body: responseBodies.getAttendance } },
  },
  {
    operationId: 'recordAttendance',
    method: 'PUT',
    path: '/admin/courses/{courseId}/attendance/{sessionId}',
    access: 'coordinator',
    functionId: 'CourseStructure',
    summary: 'Registrér fremmødet til én gang',
    request: { body: attendanceBodySchema },
    responses: { 200: { description: 'Fremmødet.', body: responseBodies.recordAttendance } },
  },
  {
    operationId: 'getInvoicePdf',
    method: 'GET',
    path: '/admin/invoices/{invoiceNumber}/pdf',
    access: 'coordinator',
    functionId: 'InvoicePdf',
    summary: 'En faktura eller kreditnota som PDF',
    responses: {
      200: {
        description: 'Dokumentet som PDF (Content-Disposition: attachment).',
        contentType: 'application/pdf',
      },
    },
  },
  {
    operationId: 'saveCourse',
    method: 'PUT',
    path: '/admin/courses/{courseId}',
    access: 'coordinator',
    functionId: 'SaveCourse',
    summary: 'Opret eller erstat et kursus',
    description: 'Kontrolleres som kursusfilerne; kursets påmindelser planlægges derefter på ny.',
    request: { body: courseSchema },
    responses: {
      200: { description: 'Kurset er erstattet.', body: responseBodies.saveCourse },
      201: { description: 'Kurset er oprettet.', body: responseBodies.saveCourse },
    },
  },
  {
    operationId: 'openLink',
    method: 'GET',
    path: '/link',
    access: 'link-token',
    functionId: 'ParticipantLinks',
    summary: 'Det, et link fra en mail åbner',
    description: 'Bibliotekets besøgsbooking eller deltagerens prøvehandling.',
    responses: { 200: { description: 'Linkets side.', body: responseBodies.openLink } },
  },
  {
    operationId: 'bookVisitByLink',
    method: 'PUT',
    path: '/link/visit',
    access: 'link-token',
    functionId: 'ParticipantLinks',
    summary: 'Biblioteket booker eller flytter sit besøg',
    request: { body: visitBookingBodySchema },
    responses: { 200: { description: 'Linkets side med bookingen.', body: responseBodies.bookVisitByLink } },
  },
  {
    operationId: 'saveCaseByLink',
    method: 'PUT',
    path: '/link/case',
    access: 'link-token',
    functionId: 'ParticipantLinks',
    summary: 'Deltageren gemmer sin prøvehandling',
    request: { body: caseInputSchema },
    responses: {
      200: { description: 'Linkets side med prøvehandlingen.', body: responseBodies.saveCaseByLink },
    },
  },
] as const satisfies readonly RouteSpec[];

export const routeTable: RouteSpec[] = [...declaredRoutes];

type DeclaredRoute = (typeof declaredRoutes)[number];

/** The functions that serve routes, by their manifest id. */
export type HttpFunctionId = DeclaredRoute['functionId'];

/** The operationIds of one function's routes: the bindings its handler must give. */
export type OperationIdOf<F extends HttpFunctionId> = Extract<
  DeclaredRoute,
  { functionId: F }
>['operationId'];

export function routeKeyOf(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export function routesOfFunction(functionId: string): RouteSpec[] {
  return routeTable.filter((route) => route.functionId === functionId);
}
