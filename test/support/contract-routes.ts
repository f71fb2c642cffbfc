import * as z from 'zod/mini';
import { caseInputSchema } from '#domain/case-work.ts';
import { courseSchema } from '#domain/course.ts';
import { registrationInputSchema } from '#domain/registration.ts';
import { visitSlotSchema } from '#domain/visit-round.ts';
import { responseBodies } from '../../functions/http/response-schemas.ts';
import type { HttpMethod, RouteAccess, RouteResponse, RouteSpec } from '../../functions/http/route-spec.ts';

/**
 * Every HTTP route in the route table's shape, for the OpenAPI document's tests and the integration tests'
 * answer checks until they read the route table itself. Request schemas stand in for the use cases' own
 * where those are not exported; the answers are the real ones (response-schemas.ts).
 */
type Route = [HttpMethod, string, RouteAccess, string, RouteSpec['request']?];

const registrationQuery = z.strictObject({
  status: z.optional(z.enum(['confirmed', 'waitlisted', 'cancelled'])),
  q: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.int().check(z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(500))),
});
const cancelBody = z.strictObject({ reason: z.optional(z.string().check(z.maxLength(500))) });
const participantsBody = z.strictObject({ participants: registrationInputSchema.shape.participants });
const resendBody = z.object({ what: z.enum(['confirmation', 'invoice']) });
const slotsBody = z.object({ slots: z.array(visitSlotSchema) });
const bookingBody = z.object({ slotId: z.string().check(z.minLength(1), z.maxLength(40)) });
const groupsBody = z.object({
  groups: z.array(
    z.strictObject({
      members: z.array(z.string()),
      hostRegistrationId: z.string(),
      date: z.string(),
      start: z.string(),
    }),
  ),
});
const presentBody = z.object({ present: z.array(z.string().check(z.maxLength(64))) });

const REGISTRATION = '/admin/courses/{courseId}/registrations/{registrationId}';
const routes: Record<string, Route> = {
  getCourse: ['GET', '/courses/{courseId}', 'public', 'Kurset til tilmeldingsformularen'],
  createRegistration: [
    'POST',
    '/courses/{courseId}/registrations',
    'public',
    'Tilmeld et bibliotek',
    { body: registrationInputSchema, idempotencyKey: true },
  ],
  listCourses: ['GET', '/admin/courses', 'coordinator', 'Kurserne'],
  listRegistrations: [
    'GET',
    '/admin/courses/{courseId}/registrations',
    'coordinator',
    'En side af kursets tilmeldinger',
    { query: registrationQuery },
  ],
  getRegistration: ['GET', REGISTRATION, 'coordinator', 'Én tilmelding med regnskab og mails'],
  exportRegistration: ['GET', `${REGISTRATION}/export`, 'coordinator', 'Alt om én tilmelding (indsigt)'],
  getCourseTotals: ['GET', '/admin/courses/{courseId}/totals', 'coordinator', 'Kursets tal'],
  exportParticipants: ['GET', '/admin/courses/{courseId}/participants.csv', 'coordinator', 'Deltagerlisten'],
  cancelRegistration: [
    'POST',
    `${REGISTRATION}/cancel`,
    'coordinator',
    'Afmeld en tilmelding',
    { body: cancelBody, bodyOptional: true },
  ],
  changeParticipants: [
    'PUT',
    `${REGISTRATION}/participants`,
    'coordinator',
    'Skift deltagerne',
    { body: participantsBody },
  ],
  resendMail: [
    'POST',
    `${REGISTRATION}/resend`,
    'coordinator',
    'Send en mail igen',
    { body: resendBody, idempotencyKey: true },
  ],
  getVisits: ['GET', '/admin/courses/{courseId}/visits', 'coordinator', 'Besøgsrunden'],
  publishVisitSlots: [
    'PUT',
    '/admin/courses/{courseId}/visits/slots',
    'coordinator',
    'Udgiv besøgstiderne',
    { body: slotsBody },
  ],
  bookVisit: [
    'PUT',
    '/admin/courses/{courseId}/visits/bookings/{registrationId}',
    'coordinator',
    'Book et biblioteks besøg',
    { body: bookingBody },
  ],
  getGroups: ['GET', '/admin/courses/{courseId}/groups', 'coordinator', 'Grupperne'],
  saveGroups: [
    'PUT',
    '/admin/courses/{courseId}/groups',
    'coordinator',
    'Gem grupperne',
    { body: groupsBody },
  ],
  getCases: ['GET', '/admin/courses/{courseId}/cases', 'coordinator', 'Prøvehandlingerne'],
  getAttendance: ['GET', '/admin/courses/{courseId}/attendance', 'coordinator', 'Fremmødet'],
  recordAttendance: [
    'PUT',
    '/admin/courses/{courseId}/attendance/{sessionId}',
    'coordinator',
    'Registrér fremmødet',
    { body: presentBody },
  ],
  openLink: ['GET', '/link', 'link-token', 'Det linket åbner'],
  bookVisitByLink: ['PUT', '/link/visit', 'link-token', 'Book besøget', { body: bookingBody }],
  saveCaseByLink: ['PUT', '/link/case', 'link-token', 'Gem prøvehandlingen', { body: caseInputSchema }],
  getInvoicePdf: ['GET', '/admin/invoices/{invoiceNumber}/pdf', 'coordinator', 'Fakturaen som PDF'],
  saveCourse: ['PUT', '/admin/courses/{courseId}', 'coordinator', 'Gem kurset', { body: courseSchema }],
  getOpenApiDocument: ['GET', '/openapi.json', 'public', 'Dette dokument'],
};

const STATUS: Record<string, number> = { createRegistration: 201, resendMail: 202 };
const FILES: Record<string, RouteResponse> = {
  exportParticipants: { description: 'Deltagerlisten som CSV til Excel.', contentType: 'text/csv' },
  getInvoicePdf: { description: 'Fakturaen eller kreditnotaen som PDF.', contentType: 'application/pdf' },
};

function responsesOf(operationId: string): RouteSpec['responses'] {
  const file = FILES[operationId];
  if (file) return { 200: file };
  const body = (responseBodies as Record<string, RouteResponse['body']>)[operationId];
  if (!body) throw new Error(`no response body for ${operationId}`);
  // Saving a course answers 201 when it was new, 200 when it replaced one.
  if (operationId === 'saveCourse')
    return {
      200: { description: 'Kurset er gemt.', body },
      201: { description: 'Kurset er oprettet.', body },
    };
  return { [STATUS[operationId] ?? 200]: { description: 'Svaret.', body } };
}

export const contractRoutes: RouteSpec[] = Object.entries(routes).map(
  ([operationId, [method, path, access, summary, request]]) => ({
    operationId,
    method,
    path,
    access,
    functionId: 'Fixture',
    summary,
    ...(request && { request }),
    responses: responsesOf(operationId),
  }),
);
