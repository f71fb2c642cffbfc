import type {
  CourseCounters,
  MailClaim,
  MailHistoryEntry,
  ParticipantChange,
  ResendRequest,
  StoredInvoice,
  StoredRegistration,
} from '#app/ports.ts';
import type { Course } from '#domain/course.ts';
import { ledgerLineOf } from '#domain/ledger.ts';
import {
  type CounterMoves,
  type CounterName,
  creditNoteFor,
  decideCancellation,
  decideParticipantChange,
  decidePromotion,
  hasRoom,
} from '#domain/registration-changes.ts';

/**
 * The table in memory: the decisions of domain/registration-changes.ts under the conditions of the DynamoDB
 * store's transactions (status, version, standing invoice, capacity, gap-free series), so the use cases'
 * lifecycle can be tested without I/O.
 * Reads return copies, as a real read would: a caller holding one sees no later change.
 */
export class MemoryStore {
  readonly registrations = new Map<string, StoredRegistration>();
  readonly invoices = new Map<string, StoredInvoice>();
  readonly series = new Map<string, number>();
  readonly mails = new Map<string, 'claimed' | 'sent'>();
  readonly libraryGuards = new Set<string>();
  counters: CourseCounters = {
    confirmedLibraries: 0,
    confirmedParticipants: 0,
    waitlistedLibraries: 0,
    waitlistedParticipants: 0,
  };

  constructor(readonly course: Course) {}

  /** Stores a registration as a signup would: counted, guarded, owing its first work. */
  add(registration: StoredRegistration): StoredRegistration {
    const stored = { ...registration, owed: true, owedVersion: registration.owedVersion ?? 1 };
    this.registrations.set(stored.id, stored);
    this.libraryGuards.add(stored.library.ean);
    const n = stored.participants.length;
    if (stored.status === 'confirmed') {
      this.counters.confirmedLibraries++;
      this.counters.confirmedParticipants += n;
    } else if (stored.status === 'waitlisted') {
      this.counters.waitlistedLibraries++;
      this.counters.waitlistedParticipants += n;
    }
    return structuredClone(stored);
  }

  current(id: string): StoredRegistration {
    const found = this.registrations.get(id);
    if (!found) throw new Error(`no registration ${id}`);
    return structuredClone(found);
  }

  private update(id: string, change: (r: StoredRegistration) => StoredRegistration) {
    this.registrations.set(id, change(this.current(id)));
  }

  private markOwed(r: StoredRegistration, version = (r.owedVersion ?? 0) + 1): StoredRegistration {
    return { ...r, owed: true, owedVersion: version };
  }

  // CourseCatalogue --------------------------------------------------------------------------------------
  getCourse = async (courseId: string) =>
    courseId === this.course.id ? { course: this.course, counters: { ...this.counters } } : undefined;

  getCourseDefinition = async (courseId: string) => (courseId === this.course.id ? this.course : undefined);

  // Registrations and CourseCatalogue: what reminders read -----------------------------------------------
  listRegistrations = async (courseId: string) =>
    [...this.registrations.values()]
      .filter((r) => r.courseId === courseId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => structuredClone(r));

  listCourseIds = async () => [this.course.id];

  // Registrations, Ledger, MailRecords, OwedWork ---------------------------------------------------------
  getRegistration = async (_courseId: string, id: string) =>
    this.registrations.has(id) ? this.current(id) : undefined;

  getInvoice = async (number: string) => structuredClone(this.invoices.get(number));

  private take(series: string, render: (sequence: number) => StoredInvoice): StoredInvoice {
    const issued = render((this.series.get(series) ?? 0) + 1);
    this.series.set(series, issued.invoice.sequence);
    this.invoices.set(issued.invoice.number, issued);
    return issued;
  }

  issueInvoice = async (
    registration: StoredRegistration,
    series: string,
    render: (sequence: number) => StoredInvoice,
  ) => {
    const now = this.current(registration.id);
    if (now.invoiceNumber) return this.invoices.get(now.invoiceNumber) as StoredInvoice;
    if (now.status !== 'confirmed' || now.price.total !== registration.price.total) {
      throw new Error('registration no longer needs this invoice');
    }
    const issued = this.take(series, render);
    this.update(registration.id, (r) => ({
      ...r,
      invoiceNumber: issued.invoice.number,
      documents: [...(r.documents ?? []), ledgerLineOf(issued.invoice)],
    }));
    return issued;
  };

  issueCreditNote = async (
    registration: StoredRegistration,
    invoiceNumber: string,
    series: string,
    render: (sequence: number) => StoredInvoice,
  ) => {
    const now = this.current(registration.id);
    if (!now.toCredit?.includes(invoiceNumber)) {
      const note = creditNoteFor(now, invoiceNumber);
      if (note) return this.invoices.get(note.number) as StoredInvoice;
      throw new Error('nothing to credit');
    }
    const issued = this.take(series, render);
    this.update(registration.id, (r) => {
      const toCredit = (r.toCredit ?? []).filter((n) => n !== invoiceNumber);
      return {
        ...r,
        ...(toCredit.length > 0 ? { toCredit } : { toCredit: undefined }),
        documents: [...(r.documents ?? []), ledgerLineOf(issued.invoice)],
      };
    });
    return issued;
  };

  claimMail = async (key: string): Promise<MailClaim> => {
    const state = this.mails.get(key);
    if (state === 'sent') return 'already-sent';
    if (state === 'claimed') return 'claimed-by-another';
    this.mails.set(key, 'claimed');
    return 'claimed';
  };

  recordMailSent = async (entry: MailHistoryEntry, registration?: { courseId: string; id: string }) => {
    // As in the table: one write with the history line, and a mail recorded once adds one line.
    if (this.mails.get(entry.dedupeKey) === 'sent') return;
    this.mails.set(entry.dedupeKey, 'sent');
    if (registration && this.registrations.has(registration.id)) {
      this.update(registration.id, (r) =>
        r.personalDataRemovedAt ? r : { ...r, mailHistory: [...(r.mailHistory ?? []), entry] },
      );
    }
  };

  releaseMail = async (key: string) => {
    if (this.mails.get(key) === 'claimed') this.mails.delete(key);
  };

  settle = async (registration: StoredRegistration) => {
    const now = this.current(registration.id);
    if (now.owedVersion === registration.owedVersion)
      this.update(registration.id, (r) => ({ ...r, owed: false }));
  };

  postpone = async () => undefined;

  listOwed = async () =>
    [...this.registrations.values()]
      .filter((r) => r.owed)
      .map((r) => ({ courseId: r.courseId, registrationId: r.id }));

  private move(counters: CounterMoves) {
    for (const [name, by] of Object.entries(counters) as [CounterName, number][]) this.counters[name] += by;
  }

  /** What a decision's credit does to the registration: the invoice leaves, to be credited. */
  private credited(r: StoredRegistration, credit: string | undefined): StoredRegistration {
    if (!credit) return r;
    const { invoiceNumber: _credited, ...rest } = r;
    return { ...rest, toCredit: [...(r.toCredit ?? []), credit] };
  }

  cancelRegistration = async (
    registration: StoredRegistration,
    cancellation: { at: Date; reason?: string },
  ): Promise<'cancelled' | 'changed'> => {
    const now = this.current(registration.id);
    if (
      now.status !== registration.status ||
      now.owedVersion !== registration.owedVersion ||
      now.invoiceNumber !== registration.invoiceNumber
    ) {
      return 'changed';
    }
    const decision = decideCancellation(now, cancellation);
    this.move(decision.counters);
    this.libraryGuards.delete(now.library.ean);
    this.registrations.set(
      now.id,
      this.markOwed(
        {
          ...this.credited(now, decision.credit),
          status: 'cancelled',
          cancelledAt: decision.cancelledAt,
          ...(decision.reason && { cancellationReason: decision.reason }),
        },
        decision.owed.version,
      ),
    );
    return 'cancelled';
  };

  changeParticipants = async (
    registration: StoredRegistration,
    change: ParticipantChange,
  ): Promise<'saved' | 'no-room' | 'changed'> => {
    const now = this.current(registration.id);
    if (now.owedVersion !== registration.owedVersion || now.invoiceNumber !== registration.invoiceNumber) {
      return 'changed';
    }
    const decision = decideParticipantChange(now, change);
    if (!hasRoom(this.counters, decision.room)) return 'no-room';
    this.move(decision.counters);
    this.registrations.set(
      now.id,
      this.markOwed(
        {
          ...this.credited(now, decision.credit),
          participants: decision.participants,
          price: decision.price,
          participantChanges: [...(now.participantChanges ?? []), decision.record],
        },
        decision.owed.version,
      ),
    );
    return 'saved';
  };

  requestResend = async (registration: StoredRegistration, request: ResendRequest) => {
    const now = this.current(registration.id);
    if (now.resendRequests?.some((r) => r.id === request.id)) return;
    this.registrations.set(
      now.id,
      this.markOwed({ ...now, resendRequests: [...(now.resendRequests ?? []), request] }),
    );
  };

  promote = async (
    registration: StoredRegistration,
    capacity: number,
    at: Date,
  ): Promise<'promoted' | 'no-room' | 'changed'> => {
    const now = this.current(registration.id);
    if (now.status !== 'waitlisted' || now.owedVersion !== registration.owedVersion) return 'changed';
    const decision = decidePromotion(now, capacity, at);
    if (!hasRoom(this.counters, decision.room)) return 'no-room';
    this.move(decision.counters);
    this.registrations.set(
      now.id,
      this.markOwed({ ...now, status: 'confirmed', promotedAt: decision.promotedAt }, decision.owed.version),
    );
    return 'promoted';
  };
}
