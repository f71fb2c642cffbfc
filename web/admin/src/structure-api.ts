import type { CaseStatus, TrialCase } from '#domain/case-work.ts';
import type { GuidanceGroup } from '#domain/group-guidance.ts';
import type { VisitedLibrary, VisitSlot } from '#domain/visit-round.ts';

/**
 * What the coordinator's course-structure routes answer (the visit round, the group guidance, the trial
 * actions and attendance), as the shared contract describes them. Written out here until the backend's
 * queries exist; then these become `Awaited<ReturnType<typeof …>>` of them, as in admin-api.ts.
 */

/** A session of the course as these views name it. `from`/`to`: dates (YYYY-MM-DD) or instants. */
export interface SessionPeriod {
  sessionId: string;
  title: string;
  from: string;
  to: string;
}

export interface VisitsView {
  /** null: the course has no visit round. */
  round: SessionPeriod | null;
  slots: (VisitSlot & {
    booking: { registrationId: string; libraryName: string; bookedAt: string } | null;
  })[];
  route: { date: string; stops: { slot: VisitSlot; library: VisitedLibrary }[] }[];
  unbooked: { registrationId: string; libraryName: string }[];
}

export interface GroupLibrary {
  registrationId: string;
  name: string;
  municipality: string;
  postalCode: string;
  street: string;
  city: string;
}

export interface GroupsView {
  guidance: SessionPeriod | null;
  libraries: GroupLibrary[];
  /** The saved groups: none before the first save. */
  groups: GuidanceGroup[];
  /** Groups by municipality and postal area, to start from. */
  suggestion: Pick<GuidanceGroup, 'members' | 'hostRegistrationId'>[];
}

export interface CasesView {
  /** ISO instants. */
  deadlines: { caseBy: string | null; statusBy: string | null };
  statusLabels: Record<CaseStatus, string>;
  libraries: {
    registrationId: string;
    libraryName: string;
    participants: { key: string; name: string; email: string; case: TrialCase | null }[];
  }[];
}

export interface AttendanceSession {
  id: string;
  title: string;
  kind: 'teaching-day' | 'visit-round' | 'group-guidance';
  from: string;
  to: string;
  begun: boolean;
}

export interface AttendanceView {
  sessions: AttendanceSession[];
  participants: {
    key: string;
    name: string;
    registrationId: string;
    libraryName: string;
    present: Record<string, boolean>;
    certificate: 'earned' | 'not-earned';
  }[];
  /** ISO instant: when the certificates go out (the end of the last teaching day). */
  certificatesDueAt: string | null;
}

/** `/admin/courses/<id>/<part>/…`, each segment escaped. */
export function coursePath(courseId: string, ...segments: string[]): string {
  return ['/admin/courses', courseId, ...segments]
    .map((s, i) => (i === 0 ? s : encodeURIComponent(s)))
    .join('/');
}
