import {
  coordinatorTotals,
  ParticipantExport,
  type RegistrationRow,
  registrationRow,
} from '#domain/coordinator-view.ts';
import { RegistrationNotFoundError } from '#domain/errors.ts';
import { isRegistrationId } from '#domain/identifiers.ts';
import { documentsOf } from '#domain/ledger.ts';
import { encodeCursor, matchesQuery, type RegistrationQuery } from '#domain/registration-query.ts';
import { findCourse } from './find-course.ts';
import type { CourseCatalogue, Registrations } from './ports.ts';

export interface CoordinatorQueryDeps {
  store: CourseCatalogue & Registrations;
}

/** How many registrations one Query reads while filtering; DynamoDB applies Limit before any filter. */
const READ_PAGE_SIZE = 100;

/** The courses the coordinator can open, newest signup deadline first. */
export async function listCourses({ store }: CoordinatorQueryDeps) {
  const ids = await store.listCourseIds();
  const found = await Promise.all(ids.map((id) => store.getCourse(id)));
  return found
    .filter((entry) => entry !== undefined)
    .map(({ course, counters }) => ({
      id: course.id,
      title: course.title,
      year: course.year,
      signupDeadline: course.signup.deadline,
      counters,
    }))
    .sort((a, b) => b.signupDeadline.localeCompare(a.signupDeadline) || a.id.localeCompare(b.id));
}

/**
 * One page of a course's registrations in signup order, filtered by status and free text. Reads the
 * course's partition a Query page at a time until the page is full: filtering happens here, so a page is
 * never short merely because DynamoDB's Limit counted rows the filter dropped.
 */
export async function listRegistrationPage(
  { store }: CoordinatorQueryDeps,
  courseId: string,
  query: RegistrationQuery,
): Promise<{ items: RegistrationRow[]; nextCursor?: string }> {
  await findCourse(store, courseId);
  const items: RegistrationRow[] = [];
  let after = query.after;
  for (;;) {
    const page = await store.pageRegistrations(courseId, {
      ...(after && { after }),
      pageSize: READ_PAGE_SIZE,
    });
    for (const [i, registration] of page.registrations.entries()) {
      if (!matchesQuery(registration, query)) continue;
      items.push(registrationRow(registration));
      if (items.length === query.limit) {
        const more = page.more || i < page.registrations.length - 1;
        return more ? { items, nextCursor: encodeCursor(registration.id) } : { items };
      }
    }
    const last = page.registrations.at(-1);
    if (!page.more || !last) return { items };
    after = last.id;
  }
}

/** Everything the coordinator sees about one registration: what was registered, its ledger, its mails. */
export async function registrationDetail(
  { store }: CoordinatorQueryDeps,
  courseId: string,
  registrationId: string,
) {
  await findCourse(store, courseId);
  // Ids are UUIDs: anything else cannot exist, and must not reach the table as a key.
  const registration = isRegistrationId(registrationId)
    ? await store.getRegistration(courseId, registrationId)
    : undefined;
  if (!registration) throw new RegistrationNotFoundError();
  const { owed, owedVersion: _version, mailHistory = [], ...registered } = registration;
  return {
    registration: registered,
    workPending: owed,
    documents: documentsOf(registration),
    mailHistory: mailHistory.toSorted((a, b) => a.sentAt.localeCompare(b.sentAt)),
  };
}

/**
 * Everything stored about one registration, for the coordinator to hand a person who asks what is kept
 * about them (GDPR art. 15), or to archive: every item as the table holds it, keys included.
 */
export async function registrationExport(
  { store }: CoordinatorQueryDeps,
  courseId: string,
  registrationId: string,
  exportedAt: Date,
) {
  await findCourse(store, courseId);
  const items = isRegistrationId(registrationId)
    ? await store.itemsAboutRegistration(courseId, registrationId)
    : undefined;
  if (!items) throw new RegistrationNotFoundError();
  return {
    exportedAt: exportedAt.toISOString(),
    ...items,
    // Kept elsewhere and not linked to the registration by any key: said, so the export is complete.
    notIncluded: [
      'Idempotency records: kept 24 hours, they hold the receipt (registration id, status, price), no person.',
      'Flood-limit counters: keyed by a hash of each e-mail address and of the source IP address, no address.',
      "API Gateway's access log: request id, time, source IP address and route, kept three months.",
    ],
  };
}

export async function courseTotalsFor({ store }: CoordinatorQueryDeps, courseId: string) {
  const { course } = await findCourse(store, courseId);
  const registrations = await store.listRegistrations(courseId);
  return { courseId, ...coordinatorTotals(course, registrations) };
}

/** Registrations per Query while exporting: one page of items in memory at a time. */
const EXPORT_PAGE_SIZE = 250;

export async function participantExport({ store }: CoordinatorQueryDeps, courseId: string) {
  await findCourse(store, courseId);
  const csv = new ParticipantExport();
  let after: string | undefined;
  for (;;) {
    const page = await store.pageRegistrations(courseId, {
      ...(after && { after }),
      pageSize: EXPORT_PAGE_SIZE,
    });
    csv.add(page.registrations);
    after = page.registrations.at(-1)?.id;
    if (!page.more || after === undefined) return csv.toString();
  }
}
