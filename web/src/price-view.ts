import { formatKroner } from '#domain/money.ts';
import type { PriceBreakdown } from '#domain/pricing.ts';
import { h } from './dom.ts';

/** The price as lines and a total; the same layout for the live estimate and the receipt. */
export function priceTable(price: PriceBreakdown, packageLabel: string): HTMLTableElement {
  const row = (label: string, amount: number, className?: string) =>
    h('tr', { class: className }, h('th', { scope: 'row' }, label), h('td', {}, formatKroner(amount)));
  const vatLabel =
    price.vat === 0
      ? 'Moms (momsfritaget)'
      : price.vatRate === null
        ? 'Moms'
        : `Moms ${price.vatRate * 100} %`;
  return h(
    'table',
    { class: 'price' },
    h(
      'tbody',
      {},
      row(
        `${packageLabel}: ${price.packages} × ${formatKroner(price.packageFee / price.packages)}`,
        price.packageFee,
      ),
      row(
        `Forplejning: ${price.participants} × ${formatKroner(price.catering / price.participants)}`,
        price.catering,
      ),
      row('I alt ekskl. moms', price.subtotal),
      row(vatLabel, price.vat),
      row('I alt', price.total, 'total'),
    ),
  );
}

/** A one-line summary a screen reader announces when the estimate changes. */
export function priceSentence(price: PriceBreakdown): string {
  const people = price.participants === 1 ? '1 deltager' : `${price.participants} deltagere`;
  return `Pris for ${people}: ${formatKroner(price.total)}`;
}

export function packageLabel(packages: number): string {
  return packages === 1 ? 'Kursuspakke' : 'Kursuspakker';
}
