import { describe, expect, it } from 'vitest';
import { formatKroner, vatOf } from '#domain/money.ts';

describe('Danish money display', () => {
  it('shows the package fee as 9.950,00 kr.', () => {
    expect(formatKroner(995000)).toBe('9.950,00 kr.');
  });

  it('shows øre and thousands separators for larger amounts', () => {
    expect(formatKroner(1370050)).toBe('13.700,50 kr.');
    expect(formatKroner(0)).toBe('0,00 kr.');
    expect(formatKroner(123456789)).toBe('1.234.567,89 kr.');
    expect(formatKroner(5)).toBe('0,05 kr.');
    expect(formatKroner(100000)).toBe('1.000,00 kr.');
  });

  it('shows a credit as a negative amount with an ASCII minus', () => {
    expect(formatKroner(-1220000)).toBe('-12.200,00 kr.');
    expect(formatKroner(-5)).toBe('-0,05 kr.');
  });

  it('refuses fractions of an øre rather than rounding silently', () => {
    expect(() => formatKroner(10.5)).toThrow(RangeError);
  });

  it('computes 25 % VAT in whole øre', () => {
    expect(vatOf(1070000, 0.25)).toBe(267500);
    expect(vatOf(3, 0.25)).toBe(1);
    expect(vatOf(995000, 0)).toBe(0);
  });
});
