import { beforeAll, describe, expect, it } from 'vitest';
import { buildInvoice } from '#domain/invoice.ts';
import { renderOioubl } from '../../../functions/documents/oioubl.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { pdfText } from '../../support/pdf-text.ts';
import { aRegistration } from '../../support/registrations.ts';

const invoice = buildInvoice(seedCourse(), aRegistration(), EXAMPLE_SELLER, {
  sequence: 7,
  issueDate: '2016-02-10',
});
const store = {
  getInvoice: async (number: string) =>
    number === invoice.number ? { invoice, oioubl: renderOioubl(invoice) } : undefined,
};
const context = {
  awsRequestId: 'r',
  functionName: 'RenderInvoicePdf',
  getRemainingTimeInMillis: () => 10_000,
};

describe('the RenderInvoicePdf function', () => {
  let handler: (event: unknown, ctx: unknown) => Promise<{ pdf: string }>;
  beforeAll(async () => {
    // The module composes its dependencies at import, as in Lambda: the table's name must be set first.
    process.env.TABLE_NAME ??= 'unit-table';
    const { createHandler } = await import('#handlers/render-invoice-pdf.ts');
    handler = createHandler({ store }) as unknown as typeof handler;
  });

  it('answers the stored invoice as a PDF a reader reads, base64 in its JSON payload', async () => {
    const { pdf } = await handler({ number: 'KURSUS-0007' }, context);
    const text = await pdfText(new Uint8Array(Buffer.from(pdf, 'base64')));
    expect(text).toContain('KURSUS-0007');
    expect(text).toContain('10.700,00');
  });

  it('refuses an event without a number, and a number that was never issued', async () => {
    await expect(handler({}, context)).rejects.toThrow();
    await expect(handler({ number: 'KURSUS-9999' }, context)).rejects.toThrow();
  });
});
