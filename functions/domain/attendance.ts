import { type Course, sessionDays } from './course.ts';
import { ValidationError } from './errors.ts';
import { copenhagenInstant } from './time.ts';

/** The message above the fields when the coordinator's or participant's input is refused. */
const REFUSED = 'Fremmødet kunne ikke registreres: ret venligst de markerede felter.';

/**
 * Attendance and completion: the coordinator records who took part in each teaching day and meeting, and a
 * participant who attended the course gets a course certificate (kursusbevis) after the last teaching day.
 * "Attended the course" is every teaching day unless the course's rule allows fewer.
 */

/** Who was present at one session: the keys of the participants who were there. */
export type Attendance = Record<string, readonly string[]>;

/**
 * Records who was present at `sessionId` (a session of the course), once it has begun: attendance is taken
 * on the day, not planned ahead. Recording the same session again replaces its list.
 */
export function recordAttendance(
  attendance: Attendance,
  course: Pick<Course, 'sessions'>,
  entry: { sessionId: string; present: readonly string[]; participants: readonly string[]; now: Date },
): Attendance {
  const session = course.sessions.find((s) => s.id === entry.sessionId);
  if (!session)
    throw new ValidationError(
      [{ path: 'sessionId', message: 'Kurset har ingen sådan dag eller møde.' }],
      REFUSED,
    );
  const begins = copenhagenInstant(
    sessionDays(session).from,
    session.when.type === 'timed' ? session.when.start : '00:00',
  );
  if (entry.now.getTime() < begins.getTime()) {
    throw new ValidationError(
      [{ path: 'sessionId', message: 'Fremmøde registreres, når dagen er begyndt.' }],
      REFUSED,
    );
  }
  const known = new Set(entry.participants);
  const unknown = entry.present.findIndex((key) => !known.has(key));
  if (unknown >= 0) {
    throw new ValidationError(
      [{ path: `present.${unknown}`, message: 'Deltageren er ikke tilmeldt kurset.' }],
      REFUSED,
    );
  }
  return { ...attendance, [entry.sessionId]: [...new Set(entry.present)] };
}

/** The teaching days of a course, in order. */
function teachingDays(course: Pick<Course, 'sessions'>) {
  return course.sessions.filter((s) => s.kind === 'teaching-day');
}

/** When certificates are due: once the last teaching day has ended (day 3 at 16.00 for the seed course). */
export function certificatesDueAt(course: Pick<Course, 'sessions'>): Date | undefined {
  const last = teachingDays(course).at(-1);
  if (last?.when.type !== 'timed') return undefined;
  return copenhagenInstant(last.when.date, last.when.end);
}

/**
 * Whether a participant earned the certificate: present at `minimumTeachingDays` of the course's teaching
 * days (all of them unless given).
 */
export function earnsCertificate(
  course: Pick<Course, 'sessions'>,
  attendance: Attendance,
  participantKey: string,
  minimumTeachingDays?: number,
): boolean {
  const days = teachingDays(course);
  const attended = days.filter((day) => attendance[day.id]?.includes(participantKey)).length;
  return days.length > 0 && attended >= (minimumTeachingDays ?? days.length);
}
