import type { Course } from './course.ts';
import { csvLine, danishExcelDocument } from './csv.ts';
import { courseTotals } from './final-list.ts';
import { documentsOf, type InvoiceDocument, type Ledgered, ledgerTotals } from './ledger.ts';
import type { Ore } from './money.ts';
import type { Registration } from './registration.ts';
import { formatDateInCopenhagen } from './time.ts';

/** A registration as the coordinator's views see it: what was registered plus its ledger. */
export type CoordinatorRegistration = Registration & Ledgered & { documents?: InvoiceDocument[] };

/** One line of the coordinator's list. */
export function registrationRow(registration: CoordinatorRegistration) {
  const { id, status, createdAt, library, contact, participants, price, invoiceNumber } = registration;
  return {
    id,
    status,
    createdAt,
    library: { name: library.name, municipality: library.municipality, ean: library.ean },
    contact: { name: contact.name, email: contact.email },
    participants: participants.length,
    total: price.total,
    ...(invoiceNumber && { invoiceNumber }),
  };
}

export type RegistrationRow = ReturnType<typeof registrationRow>;

/** The course's numbers for ordering and for the books: people, books, catering, diets, money, waitlist. */
export function coordinatorTotals(course: Course, registrations: readonly CoordinatorRegistration[]) {
  const counts = courseTotals(course, registrations);
  const confirmed = registrations.filter((r) => r.status === 'confirmed');
  return {
    ...counts,
    dietaryNeeds: dietaryGroups(confirmed.flatMap((r) => r.participants.map((p) => p.dietaryNeeds ?? ''))),
    cancelledLibraries: registrations.filter((r) => r.status === 'cancelled').length,
    // Cancelled registrations keep their invoices and credit notes: the money counts across all of them.
    ...ledgerTotals(registrations),
    notYetInvoiced: confirmed.filter((r) => !r.invoiceNumber).reduce((sum, r) => sum + r.price.total, 0),
  };
}

/** "Vegetar" ×3, "Glutenfri" ×1: the same need written the same way (case and spacing aside) counts once. */
function dietaryGroups(needs: readonly string[]): { needs: string; participants: number }[] {
  const groups = new Map<string, { needs: string; participants: number }>();
  for (const raw of needs) {
    const text = raw.trim().replace(/\s+/g, ' ');
    if (text === '') continue;
    const key = text.toLocaleLowerCase('da');
    const group = groups.get(key) ?? { needs: text, participants: 0 };
    group.participants++;
    groups.set(key, group);
  }
  const collator = new Intl.Collator('da');
  return [...groups.values()].sort(
    (a, b) => b.participants - a.participants || collator.compare(a.needs, b.needs),
  );
}

const STATUS_TEXT: Record<Registration['status'], string> = {
  confirmed: 'Bekræftet',
  waitlisted: 'Venteliste',
  cancelled: 'Afmeldt',
};

const PARTICIPANT_HEADER = [
  'Status',
  'Bibliotek',
  'Kommune',
  'EAN',
  'Deltager',
  'E-mail',
  'Stilling',
  'Kosthensyn',
  'Kontaktperson',
  'Kontaktpersonens e-mail',
  'Ordrenummer',
  'Fakturanummer',
  'Fakturabeløb (kr.)',
  'Tilmeldt',
];

/**
 * The coordinator's participant export for Danish Excel: one row per participant of every registration
 * that is not cancelled, confirmed before waitlisted, each in signup order, with its library's invoice.
 * It takes registrations a page at a time and keeps only finished lines, so a large course's export holds
 * the CSV in memory, never all its registrations.
 */
export class ParticipantExport {
  // Appended strings (V8 keeps them as ropes): confirmed rows first, waitlisted after, each in arrival order.
  private confirmed = '';
  private waitlisted = '';

  /** Registrations in signup order, as a course's partition returns them (ids are UUIDv7). */
  add(registrations: readonly CoordinatorRegistration[]): void {
    for (const r of registrations) {
      if (r.status === 'cancelled') continue;
      const invoice = documentsOf(r).findLast((d) => d.kind === 'invoice' && d.number === r.invoiceNumber);
      for (const p of r.participants) {
        const line = csvLine([
          STATUS_TEXT[r.status],
          r.library.name,
          r.library.municipality,
          r.library.ean,
          p.name,
          p.email,
          p.jobTitle ?? '',
          p.dietaryNeeds ?? '',
          r.contact.name,
          r.contact.email,
          r.invoiceReference,
          invoice?.number ?? '',
          invoice ? excelAmount(invoice.total) : '',
          formatDateInCopenhagen(new Date(r.createdAt)),
        ]);
        if (r.status === 'confirmed') this.confirmed += line;
        else this.waitlisted += line;
      }
    }
  }

  toString(): string {
    return danishExcelDocument([csvLine(PARTICIPANT_HEADER), this.confirmed, this.waitlisted]);
  }
}

/** The whole export of registrations already in memory, in any order. */
export function participantsCsv(registrations: readonly CoordinatorRegistration[]): string {
  const csv = new ParticipantExport();
  csv.add(registrations.toSorted((a, b) => a.createdAt.localeCompare(b.createdAt)));
  return csv.toString();
}

/** "12950,00": a number Danish Excel reads as a number (decimal comma, no thousands dots, no unit). */
function excelAmount(amount: Ore): string {
  return (amount / 100).toFixed(2).replace('.', ',');
}
