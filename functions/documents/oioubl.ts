import { createHash } from 'node:crypto';
import XMLBuilder from 'fast-xml-builder';
import type { Invoice, InvoiceLine, InvoiceParty, VatBreakdown } from '#domain/invoice.ts';
import { type Ore, vatOf } from '#domain/money.ts';

/**
 * OIOUBL 2.1 (UBL 2.1 syntax), as NemHandel delivers it to a Danish public buyer's EAN. The choices below
 * are the ones the official schematron (v1.17.2) accepts; each is explained where it is made.
 */
const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** OIOUBL's own code lists are published by agency 320 (the Danish Agency for Digitisation). */
const OIOUBL_AGENCY = '320';
/** NES profile 5, "Basic billing": invoice and credit note without a preceding electronic order. */
const PROFILE = { id: 'urn:www.nesubl.eu:profiles:profile5:ver2.0', schemeID: 'urn:oioubl:id:profileid-1.2' };
/** Commercial invoice. */
const INVOICE_TYPE = { code: '380', listID: 'urn:oioubl:codelist:invoicetypecode-1.1' };
/** Danish VAT ("Moms") is tax scheme 63 in OIOUBL; the schematron insists on that exact name. */
const VAT_SCHEME = { id: '63', schemeID: 'urn:oioubl:id:taxschemeid-1.1', name: 'Moms' };
const TAX_CATEGORY_SCHEME = 'urn:oioubl:id:taxcategoryid-1.1';
/** UN/ECE rec. 20 "each": one course package, one participant's catering. */
const UNIT_CODE = 'EA';

/**
 * An element's children in document order, as fast-xml-builder's ordered form takes them: one object per
 * child, its name as key (its children as value) and its attributes under `:@`.
 */
type Node = Record<string, unknown>[];

function element(name: string, children: Node, attributes?: Record<string, string>) {
  const node: Record<string, unknown> = { [name]: children };
  if (attributes !== undefined) {
    node[':@'] = Object.fromEntries(Object.entries(attributes).map(([key, value]) => [`@_${key}`, value]));
  }
  return node;
}

/** Builder shorthands; the serializer escapes every text and attribute value (processEntities). */
function cbc(parent: Node, name: string, text: string, attributes?: Record<string, string>): Node {
  parent.push(element(`cbc:${name}`, [{ '#text': text }], attributes));
  return parent;
}

function cac(parent: Node, name: string, build: (node: Node) => void): Node {
  const children: Node = [];
  build(children);
  parent.push(element(`cac:${name}`, children));
  return parent;
}

const serializer = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  format: true,
  processEntities: true,
  suppressEmptyNode: false,
});

/** Integer øre as the decimal kroner UBL expects: 995000 → "9950.00" (no floating point involved). */
function kronerDecimal(amount: Ore): string {
  if (!Number.isInteger(amount)) throw new RangeError(`Beløb skal være hele øre, fik ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function money(parent: Node, name: string, amount: Ore, currency: string): Node {
  return cbc(parent, name, kronerDecimal(amount), { currencyID: currency });
}

/** 0.25 → "25": OIOUBL states VAT as a percentage with at most two decimals. */
function percentOf(rate: number): string {
  return String(Math.round(rate * 10000) / 100);
}

/**
 * OIOUBL has no "Exempt" category (its code list: StandardRated, ZeroRated, ReverseCharge, …); Danish
 * practice puts momsfritaget supplies such as teaching under ZeroRated, with the legal basis as the
 * exemption reason.
 */
type TaxCategoryId = 'StandardRated' | 'ZeroRated';

function categoryOf(rate: number): TaxCategoryId {
  return rate > 0 ? 'StandardRated' : 'ZeroRated';
}

interface TaxSubtotal {
  category: TaxCategoryId;
  rate: number;
  taxableAmount: Ore;
  vat: Ore;
  exemptionReasons: string[];
}

/**
 * The header may list each tax category once only (schematron F-LIB315), while the invoice's breakdown
 * keys on rate and reason: exempt entries with different reasons are merged here, their reasons kept.
 */
function headerSubtotals(breakdown: VatBreakdown[]): TaxSubtotal[] {
  const byCategory = new Map<TaxCategoryId, TaxSubtotal>();
  for (const entry of breakdown) {
    const category = categoryOf(entry.rate);
    const existing = byCategory.get(category);
    if (existing === undefined) {
      byCategory.set(category, {
        category,
        rate: entry.rate,
        taxableAmount: entry.taxableAmount,
        vat: entry.vat,
        exemptionReasons: entry.exemptionReason === undefined ? [] : [entry.exemptionReason],
      });
      continue;
    }
    if (category === 'StandardRated' && existing.rate !== entry.rate) {
      throw new Error(
        `OIOUBL kan kun angive én momssats pr. faktura (fandt ${percentOf(existing.rate)} % og ${percentOf(entry.rate)} %)`,
      );
    }
    existing.taxableAmount += entry.taxableAmount;
    existing.vat += entry.vat;
    if (entry.exemptionReason !== undefined && !existing.exemptionReasons.includes(entry.exemptionReason)) {
      existing.exemptionReasons.push(entry.exemptionReason);
    }
  }
  return [...byCategory.values()];
}

function taxCategory(parent: Node, subtotal: Pick<TaxSubtotal, 'category' | 'rate' | 'exemptionReasons'>) {
  cac(parent, 'TaxCategory', (category) => {
    cbc(category, 'ID', subtotal.category, { schemeAgencyID: OIOUBL_AGENCY, schemeID: TAX_CATEGORY_SCHEME });
    cbc(category, 'Percent', percentOf(subtotal.rate));
    for (const reason of subtotal.exemptionReasons) cbc(category, 'TaxExemptionReason', reason);
    cac(category, 'TaxScheme', (scheme) => {
      cbc(scheme, 'ID', VAT_SCHEME.id, { schemeAgencyID: OIOUBL_AGENCY, schemeID: VAT_SCHEME.schemeID });
      cbc(scheme, 'Name', VAT_SCHEME.name);
    });
  });
}

function taxTotal(parent: Node, total: Ore, subtotals: TaxSubtotal[], currency: string) {
  cac(parent, 'TaxTotal', (node) => {
    money(node, 'TaxAmount', total, currency);
    for (const subtotal of subtotals) {
      cac(node, 'TaxSubtotal', (sub) => {
        money(sub, 'TaxableAmount', subtotal.taxableAmount, currency);
        money(sub, 'TaxAmount', subtotal.vat, currency);
        taxCategory(sub, subtotal);
      });
    }
  });
}

/**
 * StructuredDK wants street name and house number apart; "Østergade 8" and "Hostrupsgade 41A" split
 * cleanly. Anything else (a floor, a c/o) goes whole into StreetName under the lax format, which keeps
 * the address intact rather than guessing.
 */
function postalAddress(parent: Node, party: InvoiceParty) {
  const split = /^(.*\S)\s+(\d+\s?[A-Za-z]?)$/.exec(party.street.trim());
  cac(parent, 'PostalAddress', (address) => {
    cbc(address, 'AddressFormatCode', split ? 'StructuredDK' : 'StructuredLax', {
      listAgencyID: OIOUBL_AGENCY,
      listID: 'urn:oioubl:codelist:addressformatcode-1.1',
    });
    if (split) {
      cbc(address, 'StreetName', split[1] as string);
      cbc(address, 'BuildingNumber', split[2] as string);
    } else {
      cbc(address, 'StreetName', party.street.trim());
    }
    cbc(address, 'CityName', party.city);
    cbc(address, 'PostalZone', party.postalCode);
    cac(address, 'Country', (country) => cbc(country, 'IdentificationCode', 'DK'));
  });
}

function supplierParty(parent: Node, invoice: Invoice) {
  const { seller } = invoice;
  const cvr = `DK${seller.cvr}`;
  cac(parent, 'AccountingSupplierParty', (supplier) =>
    cac(supplier, 'Party', (party) => {
      cbc(party, 'EndpointID', cvr, { schemeID: 'DK:CVR' });
      cac(party, 'PartyIdentification', (id) => cbc(id, 'ID', cvr, { schemeID: 'DK:CVR' }));
      cac(party, 'PartyName', (name) => cbc(name, 'Name', seller.name));
      postalAddress(party, seller);
      cac(party, 'PartyLegalEntity', (legal) => {
        cbc(legal, 'RegistrationName', seller.name);
        cbc(legal, 'CompanyID', cvr, { schemeID: 'DK:CVR' });
      });
      cac(party, 'Contact', (contact) => cbc(contact, 'ElectronicMail', seller.email));
    }),
  );
}

/**
 * The library is addressed by its EAN (a GLN: OIOUBL's scheme name for ISO 6523 ICD 0088, GS1 as agency
 * 9). Public buyers route the invoice internally by the person reference, which OIOUBL carries as the
 * customer Contact/ID (mandatory, F-INV051); UBL 2.1's BuyerReference is not part of OIOUBL 2.1.
 */
function customerParty(parent: Node, invoice: Invoice) {
  const { buyer } = invoice;
  cac(parent, 'AccountingCustomerParty', (customer) =>
    cac(customer, 'Party', (party) => {
      cbc(party, 'EndpointID', buyer.ean, { schemeAgencyID: '9', schemeID: 'GLN' });
      cac(party, 'PartyIdentification', (id) =>
        cbc(id, 'ID', buyer.ean, { schemeAgencyID: '9', schemeID: 'GLN' }),
      );
      cac(party, 'PartyName', (name) => cbc(name, 'Name', buyer.name));
      postalAddress(party, buyer);
      if (buyer.cvr !== undefined) {
        const cvr = buyer.cvr;
        cac(party, 'PartyLegalEntity', (legal) => {
          cbc(legal, 'RegistrationName', buyer.name);
          cbc(legal, 'CompanyID', `DK${cvr}`, { schemeID: 'DK:CVR' });
        });
      }
      cac(party, 'Contact', (contact) => {
        cbc(contact, 'ID', invoice.buyerReference);
        // Left out of a document kept for the books after the person's data was removed.
        if (buyer.contactName !== '') cbc(contact, 'Name', buyer.contactName);
        if (buyer.contactEmail !== '') cbc(contact, 'ElectronicMail', buyer.contactEmail);
      });
    }),
  );
}

/**
 * Bank transfer to a Danish account: payment means 42 with channel DK:BANK, registreringsnummer as the
 * branch and kontonummer as the account. The invoice number rides along as the payment note when it fits
 * OIOUBL's 20 characters, so the organiser can match the payment.
 */
function paymentMeans(parent: Node, invoice: Invoice) {
  const { seller } = invoice;
  cac(parent, 'PaymentMeans', (means) => {
    cbc(means, 'ID', '1');
    cbc(means, 'PaymentMeansCode', '42');
    cbc(means, 'PaymentDueDate', invoice.dueDate);
    cbc(means, 'PaymentChannelCode', 'DK:BANK', {
      listAgencyID: OIOUBL_AGENCY,
      listID: 'urn:oioubl:codelist:paymentchannelcode-1.1',
    });
    cac(means, 'PayeeFinancialAccount', (account) => {
      cbc(account, 'ID', seller.bankAccountNo.replace(/\s/g, ''));
      if (invoice.number.length <= 20) cbc(account, 'PaymentNote', invoice.number);
      cac(account, 'FinancialInstitutionBranch', (branch) =>
        cbc(branch, 'ID', seller.bankRegNo.replace(/\s/g, '')),
      );
    });
  });
}

/**
 * OIOUBL's TaxExclusiveAmount is the total VAT amount (schematron F-INV127), not the net amount its UBL
 * name suggests; the net amount is LineExtensionAmount.
 */
function legalMonetaryTotal(parent: Node, invoice: Invoice) {
  cac(parent, 'LegalMonetaryTotal', (total) => {
    money(total, 'LineExtensionAmount', invoice.subtotal, invoice.currency);
    money(total, 'TaxExclusiveAmount', invoice.vatTotal, invoice.currency);
    money(total, 'TaxInclusiveAmount', invoice.total, invoice.currency);
    money(total, 'PayableAmount', invoice.total, invoice.currency);
  });
}

function documentLine(parent: Node, invoice: Invoice, line: InvoiceLine) {
  const isCredit = invoice.kind === 'credit-note';
  const vat = vatOf(line.lineTotal, line.vatRate);
  const category = categoryOf(line.vatRate);
  const currency = invoice.currency;
  cac(parent, isCredit ? 'CreditNoteLine' : 'InvoiceLine', (node) => {
    cbc(node, 'ID', line.id);
    cbc(node, isCredit ? 'CreditedQuantity' : 'InvoicedQuantity', String(line.quantity), {
      unitCode: UNIT_CODE,
    });
    money(node, 'LineExtensionAmount', line.lineTotal, currency);
    taxTotal(
      node,
      vat,
      [
        {
          category,
          rate: line.vatRate,
          taxableAmount: line.lineTotal,
          vat,
          exemptionReasons: line.vatExemptionReason === undefined ? [] : [line.vatExemptionReason],
        },
      ],
      currency,
    );
    cac(node, 'Item', (item) => {
      cbc(item, 'Description', line.description);
      cbc(item, 'Name', line.description);
    });
    cac(node, 'Price', (price) => {
      money(price, 'PriceAmount', line.unitPrice, currency);
      cbc(price, 'BaseQuantity', '1', { unitCode: UNIT_CODE });
    });
  });
}

/**
 * A stable UUID (name-based, version 5 layout) for the document, so rendering the same stored invoice
 * twice yields the same XML: NemHandel and the buyer's system use the UUID to spot duplicates.
 */
function documentUuid(invoice: Invoice): string {
  const hash = createHash('sha1')
    .update(
      `kursus-tilmelding|${invoice.kind}|${invoice.number}|${invoice.registrationId}|${invoice.issueDate}`,
    )
    .digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The OIOUBL 2.1 Invoice or CreditNote for an issued invoice or credit note, as an XML string. */
export function renderOioubl(invoice: Invoice): string {
  const isCredit = invoice.kind === 'credit-note';
  const credited = isCredit ? invoice.creditsInvoiceNumber : undefined;
  if (isCredit && credited === undefined) {
    throw new Error(`Kreditnota ${invoice.number} mangler nummeret på den faktura, den krediterer`);
  }
  const rootName = isCredit ? 'CreditNote' : 'Invoice';
  const root: Node = [];
  cbc(root, 'UBLVersionID', '2.1');
  cbc(root, 'CustomizationID', 'OIOUBL-2.1');
  cbc(root, 'ProfileID', PROFILE.id, { schemeAgencyID: OIOUBL_AGENCY, schemeID: PROFILE.schemeID });
  cbc(root, 'ID', invoice.number);
  cbc(root, 'CopyIndicator', 'false');
  cbc(root, 'UUID', documentUuid(invoice));
  cbc(root, 'IssueDate', invoice.issueDate);
  if (!isCredit) {
    cbc(root, 'InvoiceTypeCode', INVOICE_TYPE.code, {
      listAgencyID: OIOUBL_AGENCY,
      listID: INVOICE_TYPE.listID,
    });
  }
  cbc(root, 'Note', invoice.courseTitle);
  cbc(root, 'DocumentCurrencyCode', invoice.currency);
  if (credited !== undefined) {
    cac(root, 'DiscrepancyResponse', (response) => {
      cbc(response, 'ReferenceID', credited);
      cbc(response, 'Description', `Kreditering af faktura ${credited}`);
    });
  }
  cac(root, 'OrderReference', (order) => cbc(order, 'ID', invoice.orderReference));
  if (credited !== undefined) {
    cac(root, 'BillingReference', (billing) =>
      cac(billing, 'InvoiceDocumentReference', (ref) => cbc(ref, 'ID', credited)),
    );
  }
  supplierParty(root, invoice);
  customerParty(root, invoice);
  // A credit note is settled by the organiser refunding or offsetting; there is nothing for the library to pay.
  if (!isCredit) paymentMeans(root, invoice);
  taxTotal(root, invoice.vatTotal, headerSubtotals(invoice.vatBreakdown), invoice.currency);
  legalMonetaryTotal(root, invoice);
  for (const line of invoice.lines) documentLine(root, invoice, line);

  const document = [
    element('?xml', [], { version: '1.0', encoding: 'UTF-8' }),
    element(rootName, root, {
      xmlns: isCredit ? NS.creditNote : NS.invoice,
      'xmlns:cac': NS.cac,
      'xmlns:cbc': NS.cbc,
    }),
  ];
  return wellFormedCharacters(serializer.build(document) as string, invoice.number);
}

/** XML 1.0's Char production, as what it leaves out: the serializer escapes markup, not characters. */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Validation keeps such characters out of everything stored; should one slip through anyway, the
 * document is not written at all (the owed work fails loudly and is retried) rather than sent broken.
 */
function wellFormedCharacters(xml: string, number: string): string {
  const found = NOT_XML_CHARACTER.exec(xml);
  if (found) {
    const code = (found[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    throw new Error(`OIOUBL ${number} ville indeholde tegnet U+${code}, som XML 1.0 ikke tillader`);
  }
  return xml;
}
