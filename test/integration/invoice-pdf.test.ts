import { beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '#domain/course.ts';
import { buildCreditNote, buildInvoice, type Invoice } from '#domain/invoice.ts';
import { renderInvoicePdf } from '../../functions/documents/invoice-pdf.ts';
import {
  courseVariant,
  EXAMPLE_SELLER,
  registrationBody,
  seedCourse,
  VALID_EANS,
} from '../support/fixtures.ts';
import { pdfText } from '../support/pdf-text.ts';
import { aRegistration } from '../support/registrations.ts';

const EXEMPTION = 'Momsfritaget undervisning, jf. momslovens § 13, stk. 1, nr. 3';

const seller = EXAMPLE_SELLER;

function invoiceFor(course: Course, body: Record<string, unknown> = {}): Invoice {
  const registration = aRegistration({}, { course, participantCount: 3, body });
  return buildInvoice(course, registration, seller, { sequence: 7, issueDate: '2016-03-07' });
}

const seed = seedCourse();
const seedInvoice = invoiceFor(seed);
const texts: Record<'invoice' | 'creditNote' | 'taxed' | 'foreignName', string> = {
  invoice: '',
  creditNote: '',
  taxed: '',
  foreignName: '',
};

beforeAll(async () => {
  const seedPricing = seed.pricing;
  const taxed = courseVariant('samskabelse-moms', {
    pricing: {
      ...seedPricing,
      package: { ...seedPricing.package, vat: { rate: 0.25 } },
      cateringPerParticipant: { ...seedPricing.cateringPerParticipant, vat: { rate: 0.25 } },
    },
  });
  const foreignName = {
    contact: { name: 'Łucja Kovačević-Őrsi', email: 'lucja@example.dk', phone: '+45 12 34 56 78' },
    library: { ...registrationBody().library, cvr: '' },
  };
  const pdfs = {
    invoice: await renderInvoicePdf(seedInvoice),
    creditNote: await renderInvoicePdf(
      buildCreditNote(seedInvoice, { sequence: 8, issueDate: '2016-03-21' }),
    ),
    taxed: await renderInvoicePdf(invoiceFor(taxed)),
    foreignName: await renderInvoicePdf(invoiceFor(seed, foreignName)),
  };
  for (const [name, pdf] of Object.entries(pdfs)) {
    texts[name as keyof typeof texts] = await pdfText(pdf);
  }
});

describe('the invoice PDF for the seed course', () => {
  it('is headed "Faktura" and shows the invoice number', () => {
    expect(texts.invoice).toMatch(/^\s*Faktura\s*$/m);
    expect(texts.invoice).toMatch(/Fakturanr\.\s+KURSUS-0007/);
  });

  it('shows the seller with address and CVR', () => {
    expect(texts.invoice).toContain('Centralbibliotek / Herning Bibliotekerne');
    expect(texts.invoice).toContain('Østergade 8');
    expect(texts.invoice).toContain('CVR-nr. 29189919');
  });

  it('shows the library with its address, EAN, CVR and the contact person', () => {
    expect(texts.invoice).toContain('Silkeborg Bibliotekerne');
    expect(texts.invoice).toContain('8600 Silkeborg');
    expect(texts.invoice).toContain(`EAN-nr. ${VALID_EANS[0]}`);
    expect(texts.invoice).toContain('CVR-nr. 29189781');
    expect(texts.invoice).toContain('Att.: Anne Østergård');
  });

  it('shows the requisition/order number', () => {
    expect(texts.invoice).toMatch(/Rekvisitions-\/ordrenr\.\s+PO-4711/);
  });

  it('dates the invoice and its due date in Danish', () => {
    expect(texts.invoice).toMatch(/Fakturadato\s+7\. marts 2016/);
    expect(texts.invoice).toMatch(/Forfaldsdato\s+6\. april 2016/);
  });

  it('names the course, en dash included', () => {
    expect(texts.invoice).toContain('Samskabelse – involvering og aktivering af borgere og lokalsamfund');
  });

  it('lists the catering with quantity, unit price and amount in Danish kroner', () => {
    expect(texts.invoice).toMatch(/Beskrivelse\s+Antal\s+Stk\.-pris\s+Beløb/);
    expect(texts.invoice).toMatch(/Forplejning pr\. deltager\s+3\s+750,00 kr\.\s+2\.250,00 kr\./);
    expect(texts.invoice).toMatch(/\s1\s+9\.950,00 kr\.\s+9\.950,00 kr\./);
  });

  it('totals 12.200,00 kr. with 0 % VAT and prints the exemption reason', () => {
    expect(texts.invoice).toMatch(/Subtotal\s+12\.200,00 kr\./);
    expect(texts.invoice).toMatch(/Moms 0 %\s+0,00 kr\./);
    expect(texts.invoice).toContain(EXEMPTION);
    expect(texts.invoice).toMatch(/I alt DKK\s+12\.200,00 kr\./);
  });

  it('tells the library where and when to pay', () => {
    const paragraph = texts.invoice.replace(/\s+/g, ' ');
    expect(paragraph).toContain('senest 6. april 2016 på reg.nr. 1234, konto 0001234567');
  });

  it('says the e-invoice (OIOUBL) goes to the library’s EAN', () => {
    const paragraph = texts.invoice.replace(/\s+/g, ' ');
    expect(paragraph).toContain(`e-faktura (OIOUBL) via NemHandel til EAN-nr. ${VALID_EANS[0]}`);
  });
});

describe('the credit note PDF', () => {
  it('is headed "Kreditnota", has its own number and refers to the credited invoice', () => {
    expect(texts.creditNote).toMatch(/^\s*Kreditnota\s*$/m);
    expect(texts.creditNote).not.toMatch(/^\s*Faktura\s*$/m);
    expect(texts.creditNote).toMatch(/Kreditnotanr\.\s+KURSUS-0008/);
    expect(texts.creditNote).toMatch(/Krediterer faktura\s+KURSUS-0007/);
    expect(texts.creditNote).toMatch(/Dato\s+21\. marts 2016/);
  });

  it('credits the full 12.200,00 kr. and asks for no payment', () => {
    expect(texts.creditNote).toMatch(/I alt DKK\s+12\.200,00 kr\./);
    expect(texts.creditNote.replace(/\s+/g, ' ')).toContain(
      'krediterer faktura KURSUS-0007 i sin helhed, i alt 12.200,00 kr.',
    );
    expect(texts.creditNote).not.toContain('Forfaldsdato');
    expect(texts.creditNote).not.toContain('bedes indbetalt');
  });
});

describe('the invoice PDF for a taxed course', () => {
  it('shows 25 % VAT and the total including it, with no exemption reason', () => {
    expect(texts.taxed).toMatch(/Moms 25 %\s+3\.050,00 kr\./);
    expect(texts.taxed).toMatch(/I alt DKK\s+15\.250,00 kr\./);
    expect(texts.taxed).not.toContain('Momsfritaget');
  });
});

describe('the invoice PDF for names outside the PDF fonts’ character set', () => {
  it('still renders, with the nearest printable letters', () => {
    expect(texts.foreignName).toContain('Att.: Lucja Kovacevic-Orsi');
  });

  it('leaves the CVR line out when the library gave none', () => {
    expect(texts.foreignName).not.toContain('CVR-nr. 29189781');
  });
});
