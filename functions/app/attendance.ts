import type { Attendance } from '#domain/attendance.ts';
import { certificatesDueAt, earnsCertificate, recordAttendance } from '#domain/attendance.ts';
import { type Course, sessionDays } from '#domain/course.ts';
import { ValidationError } from '#domain/errors.ts';
import { attendanceBodySchema } from '#domain/request-bodies.ts';
import { copenhagenInstant } from '#domain/time.ts';
import { loadCourse, participantsOf, type StructureDeps, underVersion } from './course-structure.ts';
import type { StoredRegistration } from './ports.ts';

/** Attendance per session and who has earned the certificate so far. */
export function attendanceViewOf(
  course: Course,
  registrations: readonly StoredRegistration[],
  attendance: Attendance,
  now: Date,
) {
  return {
    sessions: course.sessions.map((session) => {
      const { from, to } = sessionDays(session);
      const begins = copenhagenInstant(from, session.when.type === 'timed' ? session.when.start : '00:00');
      return { id: session.id, title: session.title, kind: session.kind, from, to, begun: begins <= now };
    }),
    participants: participantsOf(registrations).map((p) => ({
      key: p.key,
      name: p.name,
      registrationId: p.registrationId,
      libraryName: p.libraryName,
      present: Object.fromEntries(
        course.sessions.map((s) => [s.id, attendance[s.id]?.includes(p.key) ?? false]),
      ),
      certificate: earnsCertificate(course, attendance, p.key, course.certificate?.minimumTeachingDays)
        ? ('earned' as const)
        : ('not-earned' as const),
    })),
    certificatesDueAt: certificatesDueAt(course)?.toISOString() ?? null,
  };
}

export type AttendanceView = ReturnType<typeof attendanceViewOf>;

export async function attendanceView(deps: StructureDeps, courseId: string): Promise<AttendanceView> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const { value } = await deps.structure.getAttendance(courseId);
  return attendanceViewOf(course, registrations, value, deps.clock.now());
}

/** Records who was present at one session (the whole list, as ticked on the day). */
export async function recordSessionAttendance(
  deps: StructureDeps,
  courseId: string,
  sessionId: string,
  body: unknown,
): Promise<AttendanceView> {
  const parsed = attendanceBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(
      [{ path: 'present', message: 'Angiv de fremmødte deltagere som en liste.' }],
      'Fremmødet kunne ikke registreres: ret venligst de markerede felter.',
    );
  }
  const { course, registrations } = await loadCourse(deps, courseId);
  const participants = participantsOf(registrations).map((p) => p.key);
  return underVersion(async () => {
    const { value, version } = await deps.structure.getAttendance(courseId);
    const now = deps.clock.now();
    const attendance = recordAttendance(value, course, {
      sessionId,
      present: parsed.data.present,
      participants,
      now,
    });
    const write = await deps.structure.saveAttendance(courseId, attendance, version);
    return { write, result: attendanceViewOf(course, registrations, attendance, now) };
  });
}
