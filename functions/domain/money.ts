/** Money is integer øre (1 kr. = 100 øre) everywhere, so sums never pick up floating-point error. */
export type Ore = number;

// Built on first use, like the time-zone formatter in time.ts: Intl objects are not free at cold start.
let kronerFormat: Intl.NumberFormat | undefined;
const kroner = () =>
  (kronerFormat ??= new Intl.NumberFormat('da-DK', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: true,
  }));

/** Danish display of an amount: 995000 → "9.950,00 kr." */
export function formatKroner(amount: Ore): string {
  if (!Number.isInteger(amount)) throw new RangeError(`Beløb skal være hele øre, fik ${amount}`);
  // Intl's da-DK uses "." for thousands and "," for decimals; the minus is normalised to ASCII for mail/PDF.
  return `${kroner()
    .format(amount / 100)
    .replace('\u2212', '-')} kr.`;
}

/** VAT on an amount at a rate such as 0.25, rounded half up to whole øre. */
export function vatOf(amount: Ore, rate: number): Ore {
  return Math.round((amount * Math.round(rate * 10000)) / 10000);
}
