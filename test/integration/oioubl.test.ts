import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { Course } from '#domain/course.ts';
import { buildCreditNote, buildInvoice, type Invoice } from '#domain/invoice.ts';
import { renderOioubl } from '../../functions/documents/oioubl.ts';
import {
  courseVariant,
  EXAMPLE_SELLER,
  registrationBody,
  seedCourse,
  VALID_EANS,
} from '../support/fixtures.ts';
import { type OioublReport, validateOioubl } from '../support/oioubl-validator.ts';
import { aRegistration } from '../support/registrations.ts';

const EXEMPTION = 'Momsfritaget undervisning, jf. momslovens § 13, stk. 1, nr. 3';

const seller = EXAMPLE_SELLER;

type VatRule = Course['pricing']['package']['vat'];

function withVat(packageVat: VatRule, cateringVat: VatRule): Course {
  const seed = seedCourse();
  return courseVariant('samskabelse-moms', {
    pricing: {
      ...seed.pricing,
      package: { ...seed.pricing.package, vat: packageVat },
      cateringPerParticipant: { ...seed.pricing.cateringPerParticipant, vat: cateringVat },
    },
  });
}

interface InvoiceOptions {
  participantCount?: number;
  body?: Record<string, unknown>;
  sequence?: number;
}

function invoiceFor(
  course: Course,
  { participantCount = 3, body = {}, sequence = 7 }: InvoiceOptions = {},
): Invoice {
  const registration = aRegistration({}, { course, participantCount, body });
  return buildInvoice(course, registration, seller, { sequence, issueDate: '2016-02-10' });
}

/** Elements along a path of qualified names below the document element, e.g. "cac:OrderReference/cbc:ID". */
function elementsAt(xml: string, path: string) {
  let nodes = [create(xml).root()];
  for (const step of path.split('/')) {
    nodes = nodes.flatMap((node) => node.filter((child) => child.node.nodeName === step));
  }
  return nodes;
}

function textsAt(xml: string, path: string): string[] {
  return elementsAt(xml, path).map((node) => node.node.textContent ?? '');
}

function attributeAt(xml: string, path: string, attribute: string): string | undefined {
  const [node] = elementsAt(xml, path);
  const object = node?.toObject() as Record<string, Record<string, string>> | undefined;
  return object?.[path.slice(path.lastIndexOf('/') + 1)]?.[`@${attribute}`];
}

const seed = seedCourse();
const seedInvoice = invoiceFor(seed);
const documents = {
  'invoice, seed course, 3 participants, library with CVR': renderOioubl(seedInvoice),
  'invoice, seed course, library without CVR': renderOioubl(
    invoiceFor(seed, {
      body: { library: { ...registrationBody().library, cvr: '', ean: VALID_EANS[1] } },
      sequence: 9,
    }),
  ),
  'invoice, seed course, 5 participants, no separate invoice address': renderOioubl(
    invoiceFor(seed, { participantCount: 5, body: { invoiceEmail: '' }, sequence: 10 }),
  ),
  'invoice, course taxed at 25 %': renderOioubl(invoiceFor(withVat({ rate: 0.25 }, { rate: 0.25 }))),
  'invoice, exempt teaching with taxed catering': renderOioubl(
    invoiceFor(withVat({ rate: 0, exemptionReason: EXEMPTION }, { rate: 0.25 })),
  ),
  'invoice, names and reference with XML markup characters': renderOioubl(
    invoiceFor(seed, {
      body: {
        library: { ...registrationBody().library, name: 'Læs & Lyt <Bibliotek> "Nord"', ean: VALID_EANS[2] },
        invoiceReference: "PO-1 & 'X' <Y>",
      },
      sequence: 11,
    }),
  ),
  'credit note for the seed invoice': renderOioubl(
    buildCreditNote(seedInvoice, { sequence: 8, issueDate: '2016-02-20' }),
  ),
};
type Name = keyof typeof documents;

const seedXml = documents['invoice, seed course, 3 participants, library with CVR'];
const buyerEndpoint = /\s*<cbc:EndpointID schemeAgencyID="9" schemeID="GLN">\d+<\/cbc:EndpointID>/;
const broken = {
  withoutBuyerEndpoint: seedXml.replace(buyerEndpoint, ''),
  outOfSchemaOrder: documents['credit note for the seed invoice'].replace(
    /(\s*<cbc:Note>[^<]*<\/cbc:Note>)(\s*<cbc:DocumentCurrencyCode>DKK<\/cbc:DocumentCurrencyCode>)/,
    '$2$1',
  ),
};

let report: OioublReport;

beforeAll(async () => {
  // The manipulations must really have changed something, or the negative tests below prove nothing.
  expect(broken.withoutBuyerEndpoint).not.toBe(seedXml);
  expect(broken.outOfSchemaOrder).not.toBe(documents['credit note for the seed invoice']);
  report = await validateOioubl([
    ...Object.entries(documents).map(([name, xml]) => ({ name, xml })),
    { name: 'broken: no buyer EndpointID', xml: broken.withoutBuyerEndpoint },
    { name: 'broken: elements out of schema order', xml: broken.outOfSchemaOrder },
  ]);
}, 180_000);

describe('OIOUBL 2.1 documents pass the official validation (UBL 2.1 XSD, then OIOUBL schematron 1.17.2)', () => {
  it.each(Object.keys(documents) as Name[])('%s passes with no error', (name) => {
    expect(report[name]).toEqual([]);
  });
});

describe('an OIOUBL invoice for a library whose texts hold markup characters', () => {
  const xml = documents['invoice, names and reference with XML markup characters'];

  it('escapes them, so the document stays well-formed and reads back exactly as typed', () => {
    expect(xml).toContain('Læs &amp; Lyt &lt;Bibliotek&gt;');
    expect(textsAt(xml, 'cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name')).toEqual([
      'Læs & Lyt <Bibliotek> "Nord"',
    ]);
    expect(textsAt(xml, 'cac:OrderReference/cbc:ID')).toEqual(["PO-1 & 'X' <Y>"]);
  });
});

describe('the OIOUBL invoice for the seed course', () => {
  it('is addressed to the library’s EAN as a GLN endpoint', () => {
    expect(textsAt(seedXml, 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID')).toEqual([VALID_EANS[0]]);
    expect(attributeAt(seedXml, 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID', 'schemeID')).toBe(
      'GLN',
    );
  });

  it('carries the registration’s invoice reference as the order reference', () => {
    expect(textsAt(seedXml, 'cac:OrderReference/cbc:ID')).toEqual(['PO-4711']);
  });

  it('names the contact person as the buyer’s person reference', () => {
    expect(textsAt(seedXml, 'cac:AccountingCustomerParty/cac:Party/cac:Contact/cbc:ID')).toEqual([
      'Anne Østergård',
    ]);
    expect(textsAt(seedXml, 'cac:AccountingCustomerParty/cac:Party/cac:Contact/cbc:ElectronicMail')).toEqual([
      'faktura@example.dk',
    ]);
  });

  it('identifies the seller by CVR', () => {
    expect(textsAt(seedXml, 'cac:AccountingSupplierParty/cac:Party/cbc:EndpointID')).toEqual(['DK29189919']);
    expect(
      textsAt(seedXml, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID'),
    ).toEqual(['DK29189919']);
  });

  it('asks for 12.200 kr., the invoice total, by bank transfer to the seller’s account by the due date', () => {
    expect(textsAt(seedXml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toEqual(['12200.00']);
    expect(textsAt(seedXml, 'cac:PaymentMeans/cbc:PaymentMeansCode')).toEqual(['42']);
    expect(textsAt(seedXml, 'cac:PaymentMeans/cbc:PaymentDueDate')).toEqual(['2016-03-11']);
    expect(textsAt(seedXml, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID')).toEqual(['0001234567']);
    expect(
      textsAt(seedXml, 'cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID'),
    ).toEqual(['1234']);
  });

  it('lists the package and the catering with quantities, unit prices and amounts', () => {
    expect(textsAt(seedXml, 'cac:InvoiceLine/cbc:InvoicedQuantity')).toEqual(['1', '3']);
    expect(textsAt(seedXml, 'cac:InvoiceLine/cac:Price/cbc:PriceAmount')).toEqual(['9950.00', '750.00']);
    expect(textsAt(seedXml, 'cac:InvoiceLine/cbc:LineExtensionAmount')).toEqual(['9950.00', '2250.00']);
  });

  it('declares the exempt lines as ZeroRated with the momslov reason', () => {
    const category = 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory';
    expect(textsAt(seedXml, `${category}/cbc:ID`)).toEqual(['ZeroRated']);
    expect(textsAt(seedXml, `${category}/cbc:TaxExemptionReason`)).toEqual([EXEMPTION]);
    expect(textsAt(seedXml, `cac:InvoiceLine/${category}/cbc:ID`)).toEqual(['ZeroRated', 'ZeroRated']);
    expect(textsAt(seedXml, 'cac:TaxTotal/cbc:TaxAmount')).toEqual(['0.00']);
  });

  it('leaves the library’s CVR out when the form gave none', () => {
    const withoutCvr = documents['invoice, seed course, library without CVR'];
    expect(elementsAt(withoutCvr, 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity')).toHaveLength(
      0,
    );
    expect(
      textsAt(seedXml, 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID'),
    ).toEqual(['DK29189781']);
  });
});

describe('the OIOUBL invoice for taxed courses', () => {
  it('declares 25 % StandardRated VAT and a payable amount including it', () => {
    const xml = documents['invoice, course taxed at 25 %'];
    expect(textsAt(xml, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID')).toEqual(['StandardRated']);
    expect(textsAt(xml, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent')).toEqual(['25']);
    expect(textsAt(xml, 'cac:TaxTotal/cbc:TaxAmount')).toEqual(['3050.00']);
    expect(textsAt(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toEqual(['15250.00']);
  });

  it('splits exempt teaching and taxed catering into one subtotal per tax category', () => {
    const xml = documents['invoice, exempt teaching with taxed catering'];
    expect(textsAt(xml, 'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID')).toEqual([
      'ZeroRated',
      'StandardRated',
    ]);
    expect(textsAt(xml, 'cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount')).toEqual(['9950.00', '2250.00']);
    expect(textsAt(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toEqual(['12762.50']);
  });
});

describe('the OIOUBL credit note', () => {
  const xml = documents['credit note for the seed invoice'];

  it('is a CreditNote referring to the credited invoice number', () => {
    expect(create(xml).root().node.nodeName).toBe('CreditNote');
    expect(textsAt(xml, 'cbc:ID')).toEqual(['KURSUS-0008']);
    expect(textsAt(xml, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toEqual(['KURSUS-0007']);
  });

  it('credits the full amount to the same library and order reference', () => {
    expect(textsAt(xml, 'cac:LegalMonetaryTotal/cbc:PayableAmount')).toEqual(['12200.00']);
    expect(textsAt(xml, 'cac:CreditNoteLine/cbc:CreditedQuantity')).toEqual(['1', '3']);
    expect(textsAt(xml, 'cac:AccountingCustomerParty/cac:Party/cbc:EndpointID')).toEqual([VALID_EANS[0]]);
    expect(textsAt(xml, 'cac:OrderReference/cbc:ID')).toEqual(['PO-4711']);
  });
});

describe('the validator itself', () => {
  it('reports the missing buyer endpoint of a broken invoice', () => {
    expect(report['broken: no buyer EndpointID']).toEqual(
      expect.arrayContaining([expect.stringContaining('[F-INV044] Invalid EndpointID')]),
    );
  });

  it('reports UBL schema violations from xmllint', () => {
    expect(report['broken: elements out of schema order']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^XSD: .*Note/)]),
    );
  });
});
