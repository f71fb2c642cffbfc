import type { Invoice } from './invoice.ts';
import type { Ore } from './money.ts';

/** One line of a registration's ledger: what was invoiced or credited, and when. */
export interface InvoiceDocument {
  number: string;
  kind: 'invoice' | 'credit-note';
  /** Incl. VAT, in øre; positive for credit notes too (the kind says which way it goes). */
  total: Ore;
  /** The document's date (YYYY-MM-DD, Copenhagen), as printed on it. */
  issueDate: string;
  /** For a credit note: the invoice it cancels. */
  credits?: string;
}

/** The line an issued invoice or credit note adds to its registration's ledger. */
export function ledgerLineOf(invoice: Invoice): InvoiceDocument {
  return {
    number: invoice.number,
    kind: invoice.kind,
    total: invoice.total,
    issueDate: invoice.issueDate,
    ...(invoice.creditsInvoiceNumber && { credits: invoice.creditsInvoiceNumber }),
  };
}

export interface Ledgered {
  invoiceNumber?: string;
  documents?: InvoiceDocument[];
  price: { total: Ore };
  createdAt: string;
}

/**
 * A registration's invoices and credit notes. Registrations invoiced before the ledger existed carry only
 * their invoice number: their one invoice was for the price quoted at signup.
 */
export function documentsOf(registration: Ledgered): InvoiceDocument[] {
  if (registration.documents && registration.documents.length > 0) return registration.documents;
  if (!registration.invoiceNumber) return [];
  return [
    {
      number: registration.invoiceNumber,
      kind: 'invoice',
      total: registration.price.total,
      issueDate: registration.createdAt.slice(0, 10),
    },
  ];
}

export interface LedgerTotals {
  invoiced: Ore;
  credited: Ore;
  /** Invoiced and not credited: what the libraries owe (payments are not recorded here). */
  outstanding: Ore;
}

export function ledgerTotals(registrations: readonly Ledgered[]): LedgerTotals {
  let invoiced = 0;
  let credited = 0;
  for (const document of registrations.flatMap(documentsOf)) {
    if (document.kind === 'invoice') invoiced += document.total;
    else credited += document.total;
  }
  return { invoiced, credited, outstanding: invoiced - credited };
}
