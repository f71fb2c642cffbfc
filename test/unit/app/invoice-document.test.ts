import { describe, expect, it, vi } from 'vitest';
import { invoicePdf } from '#app/invoice-document.ts';
import { InvoiceNotFoundError } from '#domain/errors.ts';

const stored = { invoice: { number: 'KURSUS-0007' }, oioubl: '<Invoice/>' };

function deps() {
  return {
    store: { getInvoice: vi.fn(async (n: string) => (n === 'KURSUS-0007' ? stored : undefined)) },
    renderPdf: vi.fn(async () => new Uint8Array([0x25, 0x50, 0x44, 0x46])),
  } as never as Parameters<typeof invoicePdf>[0] & { store: { getInvoice: ReturnType<typeof vi.fn> } };
}

describe('downloading an invoice as PDF', () => {
  it('renders the stored invoice again, as the buyer received it', async () => {
    const d = deps();
    const { pdf, invoice } = await invoicePdf(d, 'KURSUS-0007');
    expect(invoice.number).toBe('KURSUS-0007');
    expect(new TextDecoder().decode(pdf)).toBe('%PDF');
  });

  it('answers an unknown number as not found', async () => {
    await expect(invoicePdf(deps(), 'KURSUS-0008')).rejects.toBeInstanceOf(InvoiceNotFoundError);
  });

  it('refuses a malformed number without asking the table', async () => {
    const d = deps();
    await expect(invoicePdf(d, '../INVOICE#x')).rejects.toBeInstanceOf(InvoiceNotFoundError);
    expect(d.store.getInvoice).not.toHaveBeenCalled();
  });
});
