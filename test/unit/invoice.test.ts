import { describe, expect, it } from 'vitest';
import type { Course } from '#domain/course.ts';
import { buildCreditNote, buildInvoice } from '#domain/invoice.ts';
import { courseVariant, EXAMPLE_SELLER, seedCourse, VALID_EANS } from '../support/fixtures.ts';
import { aRegistration } from '../support/registrations.ts';

const EXEMPTION = 'Momsfritaget undervisning, jf. momslovens § 13, stk. 1, nr. 3';

const seller = EXAMPLE_SELLER;

function registrationFor(course: Course, participantCount: number, body: Record<string, unknown> = {}) {
  return aRegistration({}, { course, participantCount, body });
}

type VatRule = Course['pricing']['package']['vat'];

function withVat(packageVat: VatRule, cateringVat: VatRule) {
  const seed = seedCourse();
  return courseVariant('samskabelse-moms', {
    pricing: {
      ...seed.pricing,
      package: { ...seed.pricing.package, vat: packageVat },
      cateringPerParticipant: { ...seed.pricing.cateringPerParticipant, vat: cateringVat },
    },
  });
}

const numbering = { sequence: 7, issueDate: '2016-02-10' };

describe('the invoice for a seed-course registration with 3 participants', () => {
  const course = seedCourse();
  const invoice = buildInvoice(course, registrationFor(course, 3), seller, numbering);

  it('bills one course package of 9.950 kr. including books and 3 × 750 kr. catering', () => {
    expect(invoice.lines).toEqual([
      expect.objectContaining({
        id: '1',
        description: expect.stringContaining('Kursuspakke for op til 5 deltagere, inkl. én bog pr. deltager'),
        quantity: 1,
        unitPrice: 995000,
        lineTotal: 995000,
      }),
      expect.objectContaining({
        id: '2',
        description: 'Forplejning pr. deltager',
        quantity: 3,
        unitPrice: 75000,
        lineTotal: 225000,
      }),
    ]);
  });

  it('names the course on the package line so the library knows what it bought', () => {
    expect(invoice.courseTitle).toBe('Samskabelse – involvering og aktivering af borgere og lokalsamfund');
    expect(invoice.lines[0]?.description).toMatch(/^Samskabelse – involvering/);
  });

  it('totals 12.200 kr., the flyer example', () => {
    expect(invoice).toMatchObject({ subtotal: 1220000, vatTotal: 0, total: 1220000, currency: 'DKK' });
  });

  it('charges no VAT and gives the momslov exemption as the reason, per line and in the breakdown', () => {
    for (const line of invoice.lines) {
      expect(line).toMatchObject({ vatRate: 0, vatExemptionReason: EXEMPTION });
    }
    expect(invoice.vatBreakdown).toEqual([
      { rate: 0, taxableAmount: 1220000, vat: 0, exemptionReason: EXEMPTION },
    ]);
  });

  it('falls due 30 days after the issue date, the course’s payment terms', () => {
    expect(invoice.issueDate).toBe('2016-02-10');
    // 2016 is a leap year: 19 days of February remain, then 11 of March.
    expect(invoice.dueDate).toBe('2016-03-11');
  });

  it('is numbered in the course’s invoice series', () => {
    expect(invoice).toMatchObject({ kind: 'invoice', series: 'KURSUS', sequence: 7, number: 'KURSUS-0007' });
  });

  it('is addressed to the library’s EAN with its order reference and the contact person as reference', () => {
    expect(invoice.buyer).toMatchObject({
      name: 'Silkeborg Bibliotekerne',
      street: 'Hostrupsgade 41',
      postalCode: '8600',
      city: 'Silkeborg',
      ean: VALID_EANS[0],
      cvr: '29189781',
      contactName: 'Anne Østergård',
    });
    expect(invoice.orderReference).toBe('PO-4711');
    expect(invoice.buyerReference).toBe('Anne Østergård');
  });

  it('goes to the separate invoice address the form gave', () => {
    expect(invoice.buyer.contactEmail).toBe('faktura@example.dk');
  });

  it('goes to the contact person when the form gave no invoice address', () => {
    const withoutInvoiceEmail = buildInvoice(
      course,
      registrationFor(course, 3, { invoiceEmail: '' }),
      seller,
      numbering,
    );
    expect(withoutInvoiceEmail.buyer.contactEmail).toBe('anne@example.dk');
  });

  it('carries the seller’s CVR and bank account for payment', () => {
    expect(invoice.seller).toEqual(seller);
  });
});

describe('the invoice for a course whose finance department made the lines taxable', () => {
  it('adds 25 % VAT on every line: 12.200 kr. + 3.050 kr. = 15.250 kr.', () => {
    const taxed = withVat({ rate: 0.25 }, { rate: 0.25 });
    const invoice = buildInvoice(taxed, registrationFor(taxed, 3), seller, numbering);
    expect(invoice.lines.map((l) => [l.vatRate, l.vatExemptionReason])).toEqual([
      [0.25, undefined],
      [0.25, undefined],
    ]);
    expect(invoice.vatBreakdown).toEqual([
      { rate: 0.25, taxableAmount: 1220000, vat: 305000, exemptionReason: undefined },
    ]);
    expect(invoice).toMatchObject({ subtotal: 1220000, vatTotal: 305000, total: 1525000 });
  });

  it('lists exempt teaching and taxable catering as separate VAT entries', () => {
    const mixed = withVat({ rate: 0, exemptionReason: EXEMPTION }, { rate: 0.25 });
    const invoice = buildInvoice(mixed, registrationFor(mixed, 3), seller, numbering);
    expect(invoice.vatBreakdown).toEqual([
      { rate: 0, taxableAmount: 995000, vat: 0, exemptionReason: EXEMPTION },
      { rate: 0.25, taxableAmount: 225000, vat: 56250, exemptionReason: undefined },
    ]);
    expect(invoice).toMatchObject({ subtotal: 1220000, vatTotal: 56250, total: 1276250 });
  });
});

describe('an invoice issued after the course changed its prices', () => {
  it('charges the prices the library was quoted at signup', () => {
    const seed = seedCourse();
    const registration = aRegistration({}, { participantCount: 3 });
    const raised = courseVariant(seed.id, {
      pricing: { ...seed.pricing, package: { ...seed.pricing.package, unitPrice: 1_200_000 } },
    });
    const invoice = buildInvoice(raised, registration, seller, numbering);
    expect(invoice.lines[0]?.unitPrice).toBe(995000);
    expect(invoice.total).toBe(registration.price.total);
  });
});

describe('the credit note for a cancelled registration', () => {
  const course = seedCourse();
  const invoice = buildInvoice(course, registrationFor(course, 3), seller, numbering);
  const creditNote = buildCreditNote(invoice, { sequence: 8, issueDate: '2016-02-20' });

  it('references the invoice it credits and takes the next number in the same series', () => {
    expect(creditNote).toMatchObject({
      kind: 'credit-note',
      series: 'KURSUS',
      sequence: 8,
      number: 'KURSUS-0008',
      creditsInvoiceNumber: 'KURSUS-0007',
      issueDate: '2016-02-20',
    });
  });

  it('credits the invoice in full: same lines, VAT and total', () => {
    expect(creditNote.lines).toEqual(invoice.lines);
    expect(creditNote.vatBreakdown).toEqual(invoice.vatBreakdown);
    expect(creditNote).toMatchObject({ subtotal: 1220000, vatTotal: 0, total: 1220000 });
  });

  it('keeps the buyer, its EAN and the order reference of the credited invoice', () => {
    expect(creditNote.buyer).toEqual(invoice.buyer);
    expect(creditNote.orderReference).toBe('PO-4711');
  });
});
