import { attendanceView, recordSessionAttendance } from '#app/attendance.ts';
import { casesView } from '#app/case-work.ts';
import type { StructureDeps } from '#app/course-structure.ts';
import { groupsView, saveGroups } from '#app/group-guidance.ts';
import { bookVisit, publishVisitSlots, visitsView } from '#app/visit-round.ts';
import { composeDependencies } from '../compose.ts';
import { routeHandler } from './dispatch.ts';

/** The coordinator's work on the course's structure: visits, groups, cases, attendance. */
export function createHandler(deps: StructureDeps) {
  return routeHandler('CourseStructure', deps, {
    getVisits: (request, deps) => visitsView(deps, request.param('courseId')),
    publishVisitSlots: (request, deps) => publishVisitSlots(deps, request.param('courseId'), request.body()),
    bookVisit: async (request, deps) => {
      const { view } = await bookVisit(
        deps,
        request.param('courseId'),
        request.param('registrationId'),
        request.body(),
      );
      return view;
    },
    getGroups: (request, deps) => groupsView(deps, request.param('courseId')),
    saveGroups: (request, deps) => saveGroups(deps, request.param('courseId'), request.body()),
    getCases: (request, deps) => casesView(deps, request.param('courseId')),
    getAttendance: (request, deps) => attendanceView(deps, request.param('courseId')),
    recordAttendance: (request, deps) =>
      recordSessionAttendance(deps, request.param('courseId'), request.param('sessionId'), request.body()),
  });
}

export const handler = createHandler(composeDependencies());
