import {
  type CoordinatorQueryDeps,
  courseTotalsFor,
  listCourses,
  listRegistrationPage,
  participantExport,
  registrationDetail,
  registrationExport,
} from '#app/coordinator-queries.ts';
import { parseRegistrationQuery } from '#domain/registration-query.ts';
import { composeDependencies } from '../compose.ts';
import { Answer, routeHandler } from './dispatch.ts';
import { fileDownload, json } from './http.ts';

/** The coordinator's reading: each route of the table bound to its query. */
export function createHandler(deps: CoordinatorQueryDeps) {
  return routeHandler('CoordinatorQueries', deps, {
    listCourses: async (_request, deps) => ({ courses: await listCourses(deps) }),
    listRegistrations: (request, deps) =>
      listRegistrationPage(deps, request.param('courseId'), parseRegistrationQuery(request.query)),
    getRegistration: (request, deps) =>
      registrationDetail(deps, request.param('courseId'), request.param('registrationId')),
    exportRegistration: async (request, deps) => {
      const registrationId = request.param('registrationId');
      const exported = await registrationExport(deps, request.param('courseId'), registrationId, new Date());
      return new Answer(
        json(200, exported, {
          'content-disposition': `attachment; filename="tilmelding-${registrationId}.json"`,
        }),
      );
    },
    getCourseTotals: (request, deps) => courseTotalsFor(deps, request.param('courseId')),
    exportParticipants: async (request, deps) => {
      const courseId = request.param('courseId');
      const csv = await participantExport(deps, courseId);
      return new Answer(fileDownload('text/csv; charset=utf-8', `deltagere-${courseId}.csv`, csv));
    },
  });
}

export const handler = createHandler(composeDependencies());
