/**
 * Stands in for `@pdf-lib/standard-fonts` in the Lambda bundles (lib/lambda-bundling.ts). That package
 * carries the metrics of all 14 standard PDF fonts (~127 KB in a bundle); our documents set text in
 * Helvetica and Helvetica-Bold only (documents/pdf-document.ts), so only their metrics are bundled. Asking for
 * another font fails loudly instead of printing with wrong widths.
 *
 * The imports below are relative on purpose: the bundle alias replaces the bare package name, and these
 * must still reach the real package's files (its encodings and the two fonts' metrics).
 */

import { inflateSync } from 'node:zlib';
import Helvetica from '../../node_modules/@pdf-lib/standard-fonts/es/Helvetica.compressed.json' with {
  type: 'json',
};
import HelveticaBold from '../../node_modules/@pdf-lib/standard-fonts/es/Helvetica-Bold.compressed.json' with {
  type: 'json',
};

export { Encodings } from '../../node_modules/@pdf-lib/standard-fonts/es/Encoding.js';

/** The names pdf-lib knows the standard fonts by (its `StandardFonts` mirrors these). */
export enum FontNames {
  Courier = 'Courier',
  CourierBold = 'Courier-Bold',
  CourierOblique = 'Courier-Oblique',
  CourierBoldOblique = 'Courier-BoldOblique',
  Helvetica = 'Helvetica',
  HelveticaBold = 'Helvetica-Bold',
  HelveticaOblique = 'Helvetica-Oblique',
  HelveticaBoldOblique = 'Helvetica-BoldOblique',
  TimesRoman = 'Times-Roman',
  TimesRomanBold = 'Times-Bold',
  TimesRomanItalic = 'Times-Italic',
  TimesRomanBoldItalic = 'Times-BoldItalic',
  Symbol = 'Symbol',
  ZapfDingbats = 'ZapfDingbats',
}

const bundledMetrics: Record<string, string> = {
  [FontNames.Helvetica]: Helvetica as string,
  [FontNames.HelveticaBold]: HelveticaBold as string,
};

interface Metrics {
  CharMetrics: { N: string; WX: number }[];
  KernPairs: [string, string, number][];
}

const loaded = new Map<string, Font>();

/** A font's metrics (the AFM fields pdf-lib reads), with lookups of glyph widths and kerning. */
export class Font {
  [field: string]: unknown;
  CharWidths: Record<string, number> = {};
  KernPairXAmounts: Record<string, Record<string, number>> = {};

  static load(fontName: string): Font {
    const known = loaded.get(fontName);
    if (known) return known;
    const compressed = bundledMetrics[fontName];
    if (compressed === undefined) {
      throw new Error(
        `The Lambda bundle carries the metrics of Helvetica and Helvetica-Bold only, not ${fontName}.`,
      );
    }
    // Base64 of deflated JSON, as the package stores it; Node's own decoders unpack it several times faster.
    const json = inflateSync(Buffer.from(compressed, 'base64')).toString('latin1');
    const metrics = JSON.parse(json) as Metrics & Record<string, unknown>;
    const font = Object.assign(new Font(), metrics);
    for (const { N, WX } of metrics.CharMetrics) font.CharWidths[N] = WX;
    for (const [left, right, amount] of metrics.KernPairs) {
      font.KernPairXAmounts[left] ??= {};
      (font.KernPairXAmounts[left] as Record<string, number>)[right] = amount;
    }
    loaded.set(fontName, font);
    return font;
  }

  getWidthOfGlyph = (glyphName: string): number | undefined => this.CharWidths[glyphName];

  getXAxisKerningForPair = (left: string, right: string): number | undefined =>
    this.KernPairXAmounts[left]?.[right];
}
