import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { Invoice, VatBreakdown } from '#domain/invoice.ts';
import { formatKroner } from '#domain/money.ts';
import { formatDanishDate } from '#domain/time.ts';
import { A4, danishDocument, encodableText, wrap } from './pdf-document.ts';

/**
 * The Danish invoice (or credit note) as an A4 PDF, attached to the invoice mail. It shows exactly what the
 * OIOUBL document carries, read from the same stored Invoice. Standard fonts keep the bundle free of font
 * files (pdf-document.ts).
 */

const MARGIN = 50;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const BODY = 10;
const SMALL = 8.5;
const LEADING = 1.35;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.75, 0.75, 0.75);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface TextOptions {
  size?: number;
  bold?: boolean;
  color?: ReturnType<typeof rgb>;
  align?: 'left' | 'right';
}

/** A top-down cursor over as many pages as the content needs. */
class Layout {
  private page: PDFPage;
  y: number;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly encode: (text: string) => string,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  ensure(height: number): void {
    if (this.y - height >= MARGIN + 30) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Draws one line at (x, y) without moving the cursor; `x` is the right edge for right-aligned text. */
  text(value: string, x: number, y: number, options: TextOptions = {}): void {
    const size = options.size ?? BODY;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const text = this.encode(value);
    const left = options.align === 'right' ? x - font.widthOfTextAtSize(text, size) : x;
    this.page.drawText(text, { x: left, y, size, font, color: options.color ?? INK });
  }

  /** Wrapped lines within `width`, moving the cursor down line by line. */
  paragraph(value: string, x: number, width: number, options: TextOptions = {}): void {
    const size = options.size ?? BODY;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    for (const line of wrap(this.encode(value), font, size, width)) {
      this.ensure(size * LEADING);
      this.y -= size * LEADING;
      this.text(line, x, this.y, options);
    }
  }

  wrapped(value: string, width: number, options: TextOptions = {}): string[] {
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    return wrap(this.encode(value), font, options.size ?? BODY, width);
  }

  rule(y: number, thickness = 0.5, fromX = MARGIN): void {
    this.page.drawLine({
      start: { x: fromX, y },
      end: { x: A4[0] - MARGIN, y },
      thickness,
      color: RULE,
    });
  }

  gap(points: number): void {
    this.y -= points;
  }
}

/** "25 %" / "0 %": Danish writes a space before the percent sign. */
function percent(rate: number): string {
  return `${String(Math.round(rate * 10000) / 100).replace('.', ',')} %`;
}

/** With more than one rate the label names the amount each applies to, so the rows add up visibly. */
function vatLabel(entry: VatBreakdown, entries: number): string {
  const base = entries > 1 ? ` af ${formatKroner(entry.taxableAmount)}` : '';
  return `Moms ${percent(entry.rate)}${base}`;
}

/** Label/value pairs at the current cursor; a long value (an order reference may be 50 characters) wraps. */
function facts(layout: Layout, x: number, labelWidth: number, rows: [string, string][]): void {
  const valueWidth = A4[0] - MARGIN - x - labelWidth;
  for (const [label, value] of rows) {
    layout.ensure(BODY * LEADING);
    layout.y -= BODY * LEADING;
    layout.text(label, x, layout.y, { color: MUTED });
    layout.wrapped(value, valueWidth).forEach((line, i) => {
      if (i > 0) layout.y -= BODY * LEADING;
      layout.text(line, x + labelWidth, layout.y);
    });
  }
}

export async function renderInvoicePdf(invoice: Invoice): Promise<Uint8Array> {
  const isCredit = invoice.kind === 'credit-note';
  const title = isCredit ? 'Kreditnota' : 'Faktura';
  const { seller, buyer } = invoice;

  const { doc, fonts } = await danishDocument({
    title: `${title} ${invoice.number}`,
    author: seller.name,
    subject: invoice.courseTitle,
    issuedOn: invoice.issueDate,
  });
  const layout = new Layout(doc, fonts, encodableText(fonts.regular));
  const right = A4[0] - MARGIN;
  const half = CONTENT_WIDTH / 2;

  // Header: seller on the left, document kind on the right.
  const top = layout.y;
  layout.text(title, right, top - 18, { size: 22, bold: true, align: 'right' });
  layout.y = top + 4;
  layout.paragraph(seller.name, MARGIN, half, { size: 12, bold: true });
  layout.paragraph(seller.street, MARGIN, half);
  layout.paragraph(`${seller.postalCode} ${seller.city}`, MARGIN, half);
  layout.paragraph(`CVR-nr. ${seller.cvr}`, MARGIN, half);
  layout.paragraph(seller.email, MARGIN, half);
  layout.gap(22);

  // Buyer (left) and document facts (right), side by side.
  const blockTop = layout.y;
  layout.paragraph(isCredit ? 'Kunde' : 'Faktureres til', MARGIN, half - 10, { size: SMALL, color: MUTED });
  layout.paragraph(buyer.name, MARGIN, half - 10, { bold: true });
  layout.paragraph(buyer.street, MARGIN, half - 10);
  layout.paragraph(`${buyer.postalCode} ${buyer.city}`, MARGIN, half - 10);
  layout.paragraph(`EAN-nr. ${buyer.ean}`, MARGIN, half - 10);
  if (buyer.cvr !== undefined) layout.paragraph(`CVR-nr. ${buyer.cvr}`, MARGIN, half - 10);
  layout.paragraph(`Att.: ${invoice.buyerReference}`, MARGIN, half - 10);
  const buyerBottom = layout.y;

  layout.y = blockTop;
  const factsX = MARGIN + half + 10;
  const rows: [string, string][] = [
    [isCredit ? 'Kreditnotanr.' : 'Fakturanr.', invoice.number],
    [isCredit ? 'Dato' : 'Fakturadato', formatDanishDate(invoice.issueDate)],
  ];
  if (isCredit && invoice.creditsInvoiceNumber !== undefined) {
    rows.push(['Krediterer faktura', invoice.creditsInvoiceNumber]);
  } else {
    rows.push(['Forfaldsdato', formatDanishDate(invoice.dueDate)]);
  }
  rows.push(['Rekvisitions-/ordrenr.', invoice.orderReference]);
  layout.gap(BODY * LEADING);
  facts(layout, factsX, 110, rows);
  layout.y = Math.min(layout.y, buyerBottom);
  layout.gap(26);

  // Course.
  layout.paragraph('Kursus', MARGIN, CONTENT_WIDTH, { size: SMALL, color: MUTED });
  layout.paragraph(invoice.courseTitle, MARGIN, CONTENT_WIDTH, { size: 11, bold: true });
  layout.gap(16);

  // Lines: description wraps, numbers are right-aligned in fixed columns.
  const amountRight = right;
  const unitRight = right - 95;
  const qtyRight = right - 190;
  const descWidth = qtyRight - 40 - MARGIN;
  layout.ensure(40);
  layout.y -= BODY * LEADING;
  layout.text('Beskrivelse', MARGIN, layout.y, { bold: true });
  layout.text('Antal', qtyRight, layout.y, { bold: true, align: 'right' });
  layout.text('Stk.-pris', unitRight, layout.y, { bold: true, align: 'right' });
  layout.text('Beløb', amountRight, layout.y, { bold: true, align: 'right' });
  layout.rule(layout.y - 5, 0.8);
  layout.gap(8);
  for (const line of invoice.lines) {
    const descLines = layout.wrapped(line.description, descWidth);
    layout.ensure(descLines.length * BODY * LEADING + 6);
    layout.y -= BODY * LEADING;
    layout.text(String(line.quantity), qtyRight, layout.y, { align: 'right' });
    layout.text(formatKroner(line.unitPrice), unitRight, layout.y, { align: 'right' });
    layout.text(formatKroner(line.lineTotal), amountRight, layout.y, { align: 'right' });
    descLines.forEach((text, i) => {
      if (i > 0) layout.y -= BODY * LEADING;
      layout.text(text, MARGIN, layout.y);
    });
    layout.gap(6);
    layout.rule(layout.y);
  }
  layout.gap(10);

  // Totals, right half; each VAT entry states its rate and, when exempt, why.
  const totalsX = MARGIN + half - 20;
  const totalsWidth = right - totalsX;
  const totalRow = (label: string, amount: string, bold = false) => {
    layout.ensure(BODY * LEADING);
    layout.y -= BODY * LEADING;
    layout.text(label, totalsX, layout.y, { bold });
    layout.text(amount, amountRight, layout.y, { bold, align: 'right' });
  };
  totalRow('Subtotal', formatKroner(invoice.subtotal));
  for (const entry of invoice.vatBreakdown) {
    totalRow(vatLabel(entry, invoice.vatBreakdown.length), formatKroner(entry.vat));
    if (entry.rate === 0 && entry.exemptionReason !== undefined) {
      layout.paragraph(entry.exemptionReason, totalsX, totalsWidth, { size: SMALL, color: MUTED });
    }
  }
  layout.gap(4);
  layout.rule(layout.y - 2, 0.8, totalsX);
  layout.gap(4);
  totalRow('I alt DKK', formatKroner(invoice.total), true);
  layout.gap(28);

  // Payment and e-invoice.
  layout.paragraph(isCredit ? 'Kreditering' : 'Betaling', MARGIN, CONTENT_WIDTH, { bold: true });
  if (isCredit) {
    layout.paragraph(
      // formatKroner ends in "kr.", which also closes the sentence.
      `Kreditnotaen krediterer faktura ${invoice.creditsInvoiceNumber} i sin helhed, i alt ${formatKroner(invoice.total)}`,
      MARGIN,
      CONTENT_WIDTH,
    );
  } else {
    layout.paragraph(
      `Beløbet bedes indbetalt senest ${formatDanishDate(invoice.dueDate)} på reg.nr. ${seller.bankRegNo}, ` +
        `konto ${seller.bankAccountNo}. Angiv fakturanr. ${invoice.number} ved betaling.`,
      MARGIN,
      CONTENT_WIDTH,
    );
  }
  layout.gap(8);
  layout.paragraph(
    `${isCredit ? 'Kreditnotaen' : 'Fakturaen'} sendes også som e-faktura (OIOUBL) via NemHandel til ` +
      `EAN-nr. ${buyer.ean} (${buyer.name}).`,
    MARGIN,
    CONTENT_WIDTH,
  );

  // Footer on every page: who issued the document.
  const footer = `${seller.name} · ${seller.street} · ${seller.postalCode} ${seller.city} · CVR-nr. ${seller.cvr} · ${seller.email}`;
  const pages = doc.getPages();
  const encode = encodableText(fonts.regular);
  pages.forEach((page, index) => {
    const text = encode(pages.length > 1 ? `${footer} · side ${index + 1} af ${pages.length}` : footer);
    let size = 7.5;
    while (size > 5 && fonts.regular.widthOfTextAtSize(text, size) > CONTENT_WIDTH) size -= 0.5;
    const width = fonts.regular.widthOfTextAtSize(text, size);
    page.drawText(text, {
      x: Math.max(MARGIN, (A4[0] - width) / 2),
      y: MARGIN - 20,
      size,
      font: fonts.regular,
      color: MUTED,
    });
  });

  return doc.save();
}
