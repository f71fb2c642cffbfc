/**
 * Danish public buyers are addressed by EAN (a GLN, GS1 check digit) and identified by CVR (modulus 11).
 * Both carry a check digit, so a typo is caught at the form instead of bouncing an e-invoice later.
 */
export function isValidGln(value: string): boolean {
  if (!/^\d{13}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const check = digits.pop() as number;
  // GS1: weights 3,1,3,1… from the rightmost data digit.
  const sum = digits.reverse().reduce((acc, digit, i) => acc + digit * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];

export function isValidCvr(value: string): boolean {
  if (!/^[1-9]\d{7}$/.test(value)) return false;
  const sum = [...value].reduce((acc, digit, i) => acc + Number(digit) * (CVR_WEIGHTS[i] as number), 0);
  return sum % 11 === 0;
}

/**
 * Registration ids are UUIDs (v7, ordered by time). Anything else names no registration, and is refused
 * before it can reach the table as part of a key.
 */
export function isRegistrationId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
