import { InvoiceNotFoundError } from '#domain/errors.ts';
import type { Ledger } from './ports.ts';

export interface InvoiceDocumentDeps {
  store: Pick<Ledger, 'getInvoice'>;
  renderPdf: (invoice: import('#domain/invoice.ts').Invoice) => Promise<Uint8Array>;
}

/** Numbers look like `KURSUS-0007`: anything else cannot exist and must not reach the table as a key. */
const INVOICE_NUMBER = /^[A-Z0-9][A-Z0-9-]{0,40}-\d{4,}$/;

/** An issued invoice or credit note as the PDF the buyer received, rendered again from the stored document. */
export async function invoicePdf(deps: InvoiceDocumentDeps, number: string) {
  const stored = INVOICE_NUMBER.test(number) ? await deps.store.getInvoice(number) : undefined;
  if (!stored) throw new InvoiceNotFoundError();
  return { invoice: stored.invoice, pdf: await deps.renderPdf(stored.invoice) };
}
