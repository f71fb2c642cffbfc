import type { Course } from '#domain/course.ts';
import type { Invoice } from '#domain/invoice.ts';
import { formatKroner } from '#domain/money.ts';
import { formatDanishDate } from '#domain/time.ts';
import {
  type AmountRow,
  amounts,
  fact,
  facts,
  type MailContent,
  mailto,
  paragraph,
  render,
} from './blocks.ts';
import { askCoordinator, type CourseContact } from './contacts.ts';
import { exemptionNote, vatRow } from './registration-wording.ts';

/**
 * To the invoice recipient; the PDF and the OIOUBL document are attached by the sender of this mail. The course
 * is taken for symmetry with the other mails only: the issued invoice carries every fact it shows, so a
 * course edited after issue cannot change what the mail says about it.
 */
export function invoiceMail(
  _course: Course,
  invoice: Invoice,
  contacts: readonly CourseContact[],
): MailContent {
  const credit = invoice.kind === 'credit-note';
  const { buyer, seller } = invoice;
  const name = credit ? `Kreditnota ${invoice.number}` : `Faktura ${invoice.number}`;
  const credits = invoice.creditsInvoiceNumber ?? '';
  const subject = credit
    ? `${name} – krediterer faktura ${credits}: ${invoice.courseTitle}`
    : `${name}: ${invoice.courseTitle}`;
  return render(subject, [
    paragraph(`Til ${buyer.name}\nAtt.: ${invoice.buyerReference}`),
    paragraph(
      credit
        ? `Hermed kreditnota ${invoice.number}, som krediterer faktura ${credits} for tilmeldingen af ${buyer.name} til »${invoice.courseTitle}«.`
        : `Hermed faktura ${invoice.number} for tilmeldingen af ${buyer.name} til »${invoice.courseTitle}«.`,
    ),
    facts([
      fact(credit ? 'Kreditnotanummer' : 'Fakturanummer', invoice.number),
      fact('Krediterer faktura', invoice.creditsInvoiceNumber),
      fact(credit ? 'Dato' : 'Fakturadato', formatDanishDate(invoice.issueDate)),
      fact(credit ? 'Beløb, der krediteres' : 'Beløb i alt', formatKroner(invoice.total)),
      credit ? undefined : fact('Forfaldsdato', formatDanishDate(invoice.dueDate)),
      fact('Ordre-/rekvisitionsnummer', invoice.orderReference),
      fact('Reference', invoice.buyerReference),
      fact('EAN-nummer', buyer.ean),
    ]),
    amounts(invoiceRows(invoice)),
    paragraph(
      `${credit ? 'Kreditnotaen' : 'Fakturaen'} er vedhæftet som PDF. Den elektroniske ${credit ? 'kreditnota' : 'faktura'} ` +
        `(OIOUBL) sendes via NemHandel til jeres EAN-nummer ${buyer.ean}; OIOUBL-filen (XML) er også vedhæftet.`,
    ),
    paragraph(
      credit
        ? `Der skal ikke betales noget. Har I allerede betalt faktura ${credits}, så kontakt os, så vi kan tilbageføre beløbet.`
        : `Beløbet bedes betalt senest ${formatDanishDate(invoice.dueDate)} til reg.nr. ${seller.bankRegNo}, ` +
            `kontonr. ${seller.bankAccountNo}, med fakturanummeret ${invoice.number} som reference.`,
    ),
    paragraph([
      `Spørgsmål til ${credit ? 'kreditnotaen' : 'fakturaen'} kan sendes til `,
      mailto(seller.email),
      '.',
    ]),
    ...askCoordinator(contacts),
    paragraph(`Med venlig hilsen\n${seller.name}`),
  ]);
}

function invoiceRows(invoice: Invoice): AmountRow[] {
  const single = new Set(invoice.vatBreakdown.map((b) => b.rate)).size === 1;
  const rate = single ? (invoice.vatBreakdown[0]?.rate ?? null) : null;
  return [
    ...invoice.lines.map((line) => ({
      label: line.description,
      note: `${line.quantity} × ${formatKroner(line.unitPrice)}`,
      amount: formatKroner(line.lineTotal),
    })),
    { label: 'I alt ekskl. moms', amount: formatKroner(invoice.subtotal) },
    vatRow(
      rate,
      invoice.vatTotal,
      exemptionNote(invoice.vatBreakdown.filter((b) => b.rate === 0).map((b) => b.exemptionReason)),
    ),
    { label: 'I alt', amount: formatKroner(invoice.total), total: true },
  ];
}
