import {
  endOfBookkeeping,
  invoiceKeepsContactPerson,
  invoiceWithoutContactPerson,
  personalDataExpired,
} from '#domain/retention.ts';
import { renderOioubl } from '../documents/oioubl.ts';
import { findCourseDefinition } from './find-course.ts';
import type {
  Clock,
  CourseCatalogue,
  Ledger,
  MailRecords,
  Registrations,
  Retention,
  StoredRegistration,
  StructureStore,
} from './ports.ts';

export interface RetentionDeps {
  store: Retention &
    Pick<CourseCatalogue, 'getCourseDefinition' | 'listCourseIds'> &
    Pick<Registrations, 'listRegistrations'> &
    Pick<Ledger, 'getInvoice' | 'keepInvoiceForBooks'> &
    Pick<MailRecords, 'deleteMailRecord'>;
  /** The cases, the links and the attendance: about people too. */
  structure: Pick<StructureStore, 'deleteStructurePersonalData'>;
  clock: Clock;
  /** Days after a course's last session that its people's data is kept. */
  personalDataRetentionDays: number;
}

export interface RetentionResult {
  /** Registrations whose people's data was removed in this run. */
  removed: number;
  /** Registrations left for the next run (still owed work, changed meanwhile, or a failed write). */
  postponed: number;
}

/**
 * Removes the people from every course whose retention period has ended: names, addresses, phones and the
 * records of the mails sent to them. What the library bought stays, and its invoices and credit notes are
 * kept for the books with the library's data only. Every step can be repeated, so a run cut off anywhere is
 * simply finished by the next sweep; a course is marked done only once nothing of it is left.
 */
export async function removeExpiredPersonalData(
  deps: RetentionDeps,
  options: {
    /** Told of each registration whose removal failed (a write refused): left for the next run. */
    onFailure?: (registrationId: string, error: unknown) => void;
    /** Milliseconds the caller has left; at zero the run stops, and the next one goes on. */
    timeLeftMs?: () => number;
  } = {},
): Promise<RetentionResult> {
  const now = deps.clock.now();
  const result: RetentionResult = { removed: 0, postponed: 0 };
  for (const courseId of await deps.store.listCourseIds()) {
    if ((await deps.store.personalDataRemovedAt(courseId)) !== undefined) continue;
    const course = await findCourseDefinition(deps.store, courseId);
    if (!personalDataExpired(course, deps.personalDataRetentionDays, now)) continue;
    let complete = true;
    for (const registration of await deps.store.listRegistrations(courseId)) {
      if (registration.personalDataRemovedAt !== undefined) continue;
      if (options.timeLeftMs && options.timeLeftMs() <= 0)
        return { ...result, postponed: result.postponed + 1 };
      const outcome = await removeFromRegistration(deps, registration, now).catch((error: unknown) => {
        options.onFailure?.(registration.id, error);
        return 'changed' as const;
      });
      if (outcome === 'removed') result.removed++;
      else {
        result.postponed++;
        complete = false;
      }
    }
    await deps.store.deleteAddressCounters(courseId);
    await deps.structure.deleteStructurePersonalData(courseId);
    if (complete) await deps.store.markPersonalDataRemoved(courseId, now);
  }
  return result;
}

async function removeFromRegistration(
  deps: RetentionDeps,
  registration: StoredRegistration,
  now: Date,
): Promise<'removed' | 'changed'> {
  // Work still owed (a mail to send) needs the addresses: it is finished first, and removal waits a run.
  // Then the registration is marked, so no command changes it and nothing more is sent while its
  // documents and mail records go; a run cut off after the mark picks up from there.
  if (registration.personalDataRemovalFrom === undefined) {
    if (registration.owed) return 'changed';
    if ((await deps.store.beginPersonalDataRemoval(registration, now)) === 'changed') return 'changed';
  }
  const documents = registration.documents ?? [];
  const booksEnd = endOfBookkeeping(
    documents.map((document) => document.issueDate),
    now,
  );
  // The documents and mail records first, the registration last: until it is written without its people,
  // the next run finds it and repeats whatever this one did not get to.
  for (const { number } of documents) {
    const stored = await deps.store.getInvoice(number);
    if (!stored || !invoiceKeepsContactPerson(stored.invoice)) continue;
    const invoice = invoiceWithoutContactPerson(stored.invoice);
    await deps.store.keepInvoiceForBooks({ invoice, oioubl: renderOioubl(invoice) }, booksEnd);
  }
  for (const dedupeKey of new Set((registration.mailHistory ?? []).map((entry) => entry.dedupeKey))) {
    await deps.store.deleteMailRecord(dedupeKey);
  }
  return deps.store.removePersonalData(registration, now, booksEnd);
}
