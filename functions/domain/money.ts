/** Money is integer øre (1 kr. = 100 øre) everywhere, so sums never pick up floating-point error. */
export type Ore = number;

/**
 * Danish display of an amount: 995000 → "9.950,00 kr.". Written out by hand rather than through
 * Intl.NumberFormat('da-DK'): the digits are exact integer arithmetic on øre, and loading ICU's Danish data
 * cost a function's first invoice or mail some 10–20 ms.
 */
export function formatKroner(amount: Ore): string {
  if (!Number.isInteger(amount)) throw new RangeError(`Beløb skal være hele øre, fik ${amount}`);
  const whole = Math.floor(Math.abs(amount) / 100);
  const ore = String(Math.abs(amount) % 100).padStart(2, '0');
  // Thousands grouped by ".", øre after ","; an ASCII minus, which every mail client and PDF font has.
  const grouped = String(whole).replace(/\B(?=(\d{3})+$)/g, '.');
  return `${amount < 0 ? '-' : ''}${grouped},${ore} kr.`;
}

/** VAT on an amount at a rate such as 0.25, rounded half up to whole øre. */
export function vatOf(amount: Ore, rate: number): Ore {
  return Math.round((amount * Math.round(rate * 10000)) / 10000);
}
