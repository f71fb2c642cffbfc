import { type Color, type PDFFont, rgb } from 'pdf-lib';
import { describeDateRange } from '#domain/session-text.ts';
import { formatDanishDate } from '#domain/time.ts';
import { A4, danishDocument, encodableText, wrap } from './pdf-document.ts';

/**
 * The Danish course certificate (kursusbevis) as a one-page A4 PDF. Like the invoice it is set in Helvetica
 * and Helvetica-Bold only: the Lambda bundles carry just those two fonts' metrics
 * (functions/bundle-shims/standard-fonts.ts), and their WinAnsi encoding covers æøå and the en dash. Text
 * from the signup form may hold characters WinAnsi lacks, so it goes through encodableText (pdf-document.ts)
 * rather than letting pdf-lib throw.
 */

export interface CertificateData {
  participantName: string;
  libraryName: string;
  courseTitle: string;
  /** e.g. 'læringsforløb' */
  courseKind: string;
  /** 'Centralbibliotek / Herning Bibliotekerne' */
  organiserName: string;
  /** The teaching days the participant attended, in order: title and ISO date (YYYY-MM-DD). */
  teachingDays: { title: string; date: string }[];
  /** The decentral parts (visit round, group guidance): title and ISO from/to dates. */
  otherSessions: { title: string; from: string; to: string }[];
  /** ISO date (YYYY-MM-DD) the certificate is issued. */
  issuedOn: string;
  /** Who signs: from the course's contacts (teacher, coordinator). */
  signatories: { name: string; title: string }[];
}

const MARGIN = 64;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const LEADING = 1.3;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.6, 0.6, 0.6);
const FRAME = rgb(0.55, 0.6, 0.65);

/** Each signatory gets a column of this width at most, so a lone signature line is not page-wide. */
const SIGNATURE_COLUMN = 220;
const SIGNATURE_GAP = 28;
const SIGNATURES_PER_ROW = 3;

/**
 * Only pathological input (a name of hundreds of characters) reaches these caps; they keep the certificate on
 * one page, where shrinking alone would make everything else unreadably small.
 */
const MAX_LINES = { name: 4, library: 3, title: 4, entry: 3, signatoryTitle: 5 };

/**
 * Emoji (with their joiners, skin tones and variation selectors) are left out rather than printed as the "?"
 * encodableText falls back to: a question mark in someone's name on a certificate reads as a misprint.
 * ©, ® and ™ count as pictographic too but are in WinAnsi, so the font's own character set decides.
 */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\u20e3|\ufe0f/gu;

function printable(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  const encode = encodableText(font);
  return (text) =>
    encode(text.replace(EMOJI, (char) => (supported.has(char.codePointAt(0) as number) ? char : '')));
}

/** Shrinking stops here; below it a printed certificate is no longer legible. */
const MIN_SCALE = 0.55;

/**
 * Danish puts the definite article on the noun ("læringsforløbet", "kurset", "uddannelsen"), in a form that
 * depends on the word's gender and shape, which no rule can derive. The course kinds we use are listed here;
 * any other kind is shown under the title instead of being inflected wrongly.
 */
const DEFINITE_ENDINGS: [string, string][] = [
  ['kursus', 'kurset'],
  ['forløb', 'forløbet'],
  ['uddannelse', 'uddannelsen'],
  ['seminar', 'seminaret'],
  ['workshop', 'workshoppen'],
  ['program', 'programmet'],
  ['dag', 'dagen'],
];

function definiteForm(kind: string): string | undefined {
  const word = kind.trim().toLowerCase();
  if (word === '' || /\s/.test(word)) return undefined;
  for (const [ending, definite] of DEFINITE_ENDINGS) {
    if (word.endsWith(ending)) return word.slice(0, word.length - ending.length) + definite;
  }
  return undefined;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface Style {
  size: number;
  bold?: boolean;
  color?: Color;
}

type Piece =
  | { kind: 'text'; text: string; x: number; y: number; size: number; font: PDFFont; color: Color }
  | { kind: 'rule'; from: number; to: number; y: number };

/**
 * Lays text out top-down at a given scale without drawing it, so the whole certificate can be measured and
 * set smaller when it would not fit the page. `y` grows downwards from the top of the block.
 */
class Block {
  readonly pieces: Piece[] = [];
  y = 0;

  constructor(
    private readonly fonts: Fonts,
    private readonly encode: (text: string) => string,
    private readonly scale: number,
  ) {}

  gap(points: number): void {
    this.y += points * this.scale;
  }

  /** The lines `value` wraps to within `width`; past `maxLines` the last kept line ends in an ellipsis. */
  lines(value: string, style: Style, width: number, maxLines: number): string[] {
    const font = this.font(style);
    const size = style.size * this.scale;
    const lines = wrap(this.encode(value).trim(), font, size, width);
    if (lines.length <= maxLines) return lines;
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1] as string;
    while (last.length > 0 && font.widthOfTextAtSize(`${last}…`, size) > width) last = last.slice(0, -1);
    kept[maxLines - 1] = `${last.trimEnd()}…`;
    return kept;
  }

  /** Wrapped lines, each centred on `centre`. */
  centred(value: string, style: Style, maxLines: number, centre = A4[0] / 2, width = CONTENT_WIDTH): void {
    const font = this.font(style);
    const size = style.size * this.scale;
    for (const line of this.lines(value, style, width, maxLines)) {
      this.y += size * LEADING;
      const x = centre - font.widthOfTextAtSize(line, size) / 2;
      this.pieces.push({ kind: 'text', text: line, x, y: this.y, size, font, color: style.color ?? INK });
    }
  }

  /** A bulleted entry; its continuation lines hang under the text, not under the bullet. */
  bullet(value: string, style: Style, maxLines: number): void {
    const font = this.font(style);
    const size = style.size * this.scale;
    const indent = 14 * this.scale;
    this.lines(value, style, CONTENT_WIDTH - indent, maxLines).forEach((line, i) => {
      this.y += size * LEADING;
      const color = style.color ?? INK;
      if (i === 0) this.pieces.push({ kind: 'text', text: '•', x: MARGIN, y: this.y, size, font, color });
      this.pieces.push({ kind: 'text', text: line, x: MARGIN + indent, y: this.y, size, font, color });
    });
  }

  heading(value: string): void {
    const style = { size: 11, bold: true };
    const size = style.size * this.scale;
    for (const line of this.lines(value, style, CONTENT_WIDTH, 2)) {
      this.y += size * LEADING;
      this.pieces.push({
        kind: 'text',
        text: line,
        x: MARGIN,
        y: this.y,
        size,
        font: this.fonts.bold,
        color: INK,
      });
    }
    this.gap(2);
  }

  rule(from: number, to: number): void {
    this.pieces.push({ kind: 'rule', from, to, y: this.y });
  }

  private font(style: Style): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }
}

/** Who, from where, completed what, and which days: top-aligned on the page. */
function composeBody(data: CertificateData, block: Block): void {
  block.centred(data.organiserName, { size: 10, color: MUTED }, 2);
  block.gap(30);
  block.centred('Kursusbevis', { size: 34, bold: true }, 1);
  block.gap(34);
  block.centred(data.participantName, { size: 24, bold: true }, MAX_LINES.name);
  block.gap(4);
  block.centred(`fra ${data.libraryName}`, { size: 13 }, MAX_LINES.library);
  block.gap(22);

  const definite = definiteForm(data.courseKind);
  block.centred(definite === undefined ? 'har gennemført' : `har gennemført ${definite}`, { size: 12 }, 1);
  block.gap(6);
  block.centred(data.courseTitle, { size: 16, bold: true }, MAX_LINES.title);
  const kind = data.courseKind.trim();
  if (definite === undefined && kind !== '') {
    block.gap(2);
    block.centred(kind.charAt(0).toUpperCase() + kind.slice(1), { size: 11, color: MUTED }, 3);
  }
  block.gap(26);
  block.rule(MARGIN + CONTENT_WIDTH / 4, MARGIN + (CONTENT_WIDTH * 3) / 4);
  block.gap(20);

  if (data.teachingDays.length > 0) {
    block.heading(
      data.teachingDays.length === 1 ? 'Deltog i undervisningsdagen' : 'Deltog i undervisningsdagene',
    );
    for (const day of data.teachingDays) {
      block.bullet(`${day.title}, ${formatDanishDate(day.date)}`, { size: 11 }, MAX_LINES.entry);
    }
    block.gap(16);
  }
  if (data.otherSessions.length > 0) {
    block.heading('Forløbet omfattede desuden');
    for (const session of data.otherSessions) {
      block.bullet(
        `${session.title}, ${describeDateRange(session.from, session.to)}`,
        { size: 11 },
        MAX_LINES.entry,
      );
    }
  }
}

/** The issue date and the signatures, in rows of columns: bottom-aligned, with room above each line to sign. */
function composeSignatures(data: CertificateData, block: Block): void {
  block.centred(`Udstedt ${formatDanishDate(data.issuedOn)}`, { size: 11 }, 1);
  for (let start = 0; start < data.signatories.length; start += SIGNATURES_PER_ROW) {
    const row = data.signatories.slice(start, start + SIGNATURES_PER_ROW);
    const gaps = (row.length - 1) * SIGNATURE_GAP;
    const width = Math.min(SIGNATURE_COLUMN, (CONTENT_WIDTH - gaps) / row.length);
    const rowLeft = (A4[0] - (row.length * width + gaps)) / 2;
    block.gap(48);
    const lineY = block.y;
    let bottom = lineY;
    row.forEach((signatory, i) => {
      const left = rowLeft + i * (width + SIGNATURE_GAP);
      const centre = left + width / 2;
      block.y = lineY;
      block.rule(left, left + width);
      block.gap(4);
      block.centred(signatory.name, { size: 11, bold: true }, 2, centre, width);
      block.centred(signatory.title, { size: 9, color: MUTED }, MAX_LINES.signatoryTitle, centre, width);
      bottom = Math.max(bottom, block.y);
    });
    block.y = bottom;
  }
}

export async function renderCertificatePdf(data: CertificateData): Promise<Uint8Array> {
  const { doc, fonts } = await danishDocument({
    title: `Kursusbevis – ${data.participantName}`,
    author: data.organiserName,
    subject: data.courseTitle,
    issuedOn: data.issuedOn,
  });
  const encode = printable(fonts.regular);
  const available = A4[1] - 2 * MARGIN;

  // Set at full size when it fits, otherwise a little smaller each time: a certificate is always one page.
  let scale = 1;
  let body: Block;
  let signatures: Block;
  for (;;) {
    body = new Block(fonts, encode, scale);
    composeBody(data, body);
    signatures = new Block(fonts, encode, scale);
    composeSignatures(data, signatures);
    if (body.y + 30 * scale + signatures.y <= available || scale <= MIN_SCALE) break;
    scale = Math.max(MIN_SCALE, scale - 0.05);
  }

  const page = doc.addPage(A4);
  const inset = 28;
  page.drawRectangle({
    x: inset,
    y: inset,
    width: A4[0] - 2 * inset,
    height: A4[1] - 2 * inset,
    borderColor: FRAME,
    borderWidth: 1.2,
  });
  const draw = (pieces: Piece[], top: number) => {
    for (const piece of pieces) {
      if (piece.kind === 'text') {
        const { text, x, size, font, color } = piece;
        page.drawText(text, { x, y: top - piece.y, size, font, color });
      } else {
        const y = top - piece.y;
        page.drawLine({ start: { x: piece.from, y }, end: { x: piece.to, y }, thickness: 0.6, color: RULE });
      }
    }
  };
  draw(body.pieces, A4[1] - MARGIN);
  draw(signatures.pieces, MARGIN + signatures.y);

  return doc.save();
}
