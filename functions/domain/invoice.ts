import type { Course } from './course.ts';
import type { Ore } from './money.ts';
import { vatOf } from './money.ts';
import type { Registration } from './registration.ts';

/**
 * An invoice or credit note as issued: immutable once stored. Everything the PDF, the OIOUBL XML and the
 * mail show is in here, so the three can never disagree.
 */
export interface InvoiceParty {
  name: string;
  street: string;
  postalCode: string;
  city: string;
}

export interface Seller extends InvoiceParty {
  cvr: string;
  email: string;
  /** Danish bank account for payment by transfer: registreringsnummer (4 digits) and kontonummer. */
  bankRegNo: string;
  bankAccountNo: string;
}

export interface Buyer extends InvoiceParty {
  ean: string;
  cvr?: string;
  municipality: string;
  contactName: string;
  contactEmail: string;
}

export interface InvoiceLine {
  id: string;
  description: string;
  quantity: number;
  unitPrice: Ore;
  lineTotal: Ore;
  vatRate: number;
  vatExemptionReason?: string;
}

export interface VatBreakdown {
  rate: number;
  taxableAmount: Ore;
  vat: Ore;
  exemptionReason?: string;
}

export interface Invoice {
  kind: 'invoice' | 'credit-note';
  series: string;
  sequence: number;
  /** Printed and sent number, e.g. "KURSUS-0007". */
  number: string;
  issueDate: string;
  dueDate: string;
  currency: 'DKK';
  courseId: string;
  courseTitle: string;
  registrationId: string;
  seller: Seller;
  buyer: Buyer;
  /** The library's rekvisitions-/ordrenummer (OIOUBL OrderReference). */
  orderReference: string;
  /** The person at the library the invoice concerns (OIOUBL BuyerReference / AccountingContact). */
  buyerReference: string;
  lines: InvoiceLine[];
  vatBreakdown: VatBreakdown[];
  subtotal: Ore;
  vatTotal: Ore;
  total: Ore;
  /** For a credit note: the invoice it credits. */
  creditsInvoiceNumber?: string;
}

export function formatInvoiceNumber(series: string, sequence: number): string {
  return `${series}-${String(sequence).padStart(4, '0')}`;
}

/** The calendar date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface InvoiceNumbering {
  sequence: number;
  issueDate: string;
}

/** The invoice for a confirmed registration: one line for the package(s) incl. books, one for catering. */
export function buildInvoice(
  course: Course,
  registration: Registration,
  seller: Seller,
  { sequence, issueDate }: InvoiceNumbering,
): Invoice {
  // The price lines quoted at signup, not today's: a later price change must not alter this invoice.
  const { pricing } = registration;
  const { price, library, contact } = registration;
  const lines: InvoiceLine[] = [
    {
      id: '1',
      description: `${course.title}: ${pricing.package.description}`,
      quantity: price.packages,
      unitPrice: pricing.package.unitPrice,
      lineTotal: price.packageFee,
      vatRate: pricing.package.vat.rate,
      vatExemptionReason: pricing.package.vat.exemptionReason,
    },
    {
      id: '2',
      description: pricing.cateringPerParticipant.description,
      quantity: price.participants,
      unitPrice: pricing.cateringPerParticipant.unitPrice,
      lineTotal: price.catering,
      vatRate: pricing.cateringPerParticipant.vat.rate,
      vatExemptionReason: pricing.cateringPerParticipant.vat.exemptionReason,
    },
  ];
  const vatBreakdown = breakdownOf(lines);
  const subtotal = lines.reduce((sum, l) => sum + l.lineTotal, 0);
  const vatTotal = vatBreakdown.reduce((sum, b) => sum + b.vat, 0);
  return {
    kind: 'invoice',
    series: course.invoicing.series,
    sequence,
    number: formatInvoiceNumber(course.invoicing.series, sequence),
    issueDate,
    dueDate: addDays(issueDate, course.invoicing.paymentTermsDays),
    currency: 'DKK',
    courseId: course.id,
    courseTitle: course.title,
    registrationId: registration.id,
    seller,
    buyer: {
      name: library.name,
      street: library.address,
      postalCode: library.postalCode,
      city: library.city,
      municipality: library.municipality,
      ean: library.ean,
      cvr: library.cvr,
      contactName: contact.name,
      contactEmail: registration.invoiceEmail ?? contact.email,
    },
    orderReference: registration.invoiceReference,
    buyerReference: contact.name,
    lines,
    vatBreakdown,
    subtotal,
    vatTotal,
    total: subtotal + vatTotal,
  };
}

/** One entry per VAT rate (and reason), as both the PDF and OIOUBL's TaxSubtotal list them. */
export function breakdownOf(lines: InvoiceLine[]): VatBreakdown[] {
  const byRate = new Map<string, VatBreakdown>();
  for (const line of lines) {
    const key = `${line.vatRate}|${line.vatExemptionReason ?? ''}`;
    const entry = byRate.get(key) ?? {
      rate: line.vatRate,
      taxableAmount: 0,
      vat: 0,
      exemptionReason: line.vatExemptionReason,
    };
    entry.taxableAmount += line.lineTotal;
    // VAT per line, summed: the same rounding as the price the library saw when signing up.
    entry.vat += vatOf(line.lineTotal, line.vatRate);
    byRate.set(key, entry);
  }
  return [...byRate.values()];
}

/** The credit notes' own gap-free series beside a course's invoice series: `KURSUS` → `KURSUS-K`. */
export function creditNoteSeries(invoiceSeries: string): string {
  return `${invoiceSeries}-K`;
}

/**
 * A credit note reversing an issued invoice in full (a cancellation, or a price change before the new
 * invoice), numbered in the given series (the invoice's own unless another is named).
 */
export function buildCreditNote(
  invoice: Invoice,
  { sequence, issueDate, series = invoice.series }: InvoiceNumbering & { series?: string },
): Invoice {
  return {
    ...invoice,
    kind: 'credit-note',
    series,
    sequence,
    number: formatInvoiceNumber(series, sequence),
    issueDate,
    dueDate: issueDate,
    creditsInvoiceNumber: invoice.number,
  };
}
