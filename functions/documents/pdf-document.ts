import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';

/**
 * What the invoice and the certificate share: an A4 page, a Danish document set in the two standard fonts
 * the bundles carry (Helvetica, Helvetica-Bold; functions/bundle-shims/standard-fonts.ts), and text made
 * encodable in their WinAnsi encoding (æøå, §, – are in it, not every name a form may bring) rather than
 * letting pdf-lib throw.
 */

export const A4: [number, number] = [595.28, 841.89];

/** Characters WinAnsi lacks but has a fair stand-in for. */
const STAND_INS: Record<string, string> = {
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  ı: 'i',
};

export function encodableText(font: PDFFont): (text: string) => string {
  const supported = new Set(font.getCharacterSet());
  const cache = new Map<string, string>();
  const encodeChar = (char: string): string => {
    if (supported.has(char.codePointAt(0) as number)) return char;
    const standIn = STAND_INS[char];
    if (standIn !== undefined) return standIn;
    // Accented letters outside WinAnsi (ő, ś, č …) keep their base letter.
    const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
    if (base !== '' && [...base].every((c) => supported.has(c.codePointAt(0) as number))) return base;
    return '?';
  };
  // Every kind of whitespace (tabs, line breaks, narrow spaces) becomes one plain space: fields are one-liners.
  return (text) =>
    [...text.replace(/\s+/g, ' ')]
      .map((char) => {
        let encoded = cache.get(char);
        if (encoded === undefined) {
          encoded = encodeChar(char);
          cache.set(char, encoded);
        }
        return encoded;
      })
      .join('');
}

/** Greedy word wrap; a word wider than the line is broken where it must be. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = word;
    while (font.widthOfTextAtSize(current, size) > width && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current !== '') lines.push(current);
  return lines.length > 0 ? lines : [''];
}

/**
 * A new Danish PDF with its metadata and the two fonts the bundles carry (Helvetica, bold). The metadata
 * dates are the issue date's: the same document renders to the same bytes.
 */
export async function danishDocument(meta: {
  title: string;
  author: string;
  subject: string;
  issuedOn: string;
}) {
  const doc = await PDFDocument.create();
  const issued = new Date(`${meta.issuedOn}T12:00:00Z`);
  doc.setTitle(meta.title);
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setLanguage('da-DK');
  doc.setCreator('kursus-tilmelding');
  doc.setProducer('kursus-tilmelding');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  return { doc, fonts };
}
