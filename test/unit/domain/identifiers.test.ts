import { describe, expect, it } from 'vitest';
import { isValidCvr, isValidGln } from '#domain/identifiers.ts';

describe('EAN (GLN) check digit', () => {
  it('accepts 13-digit numbers whose GS1 check digit is right', () => {
    expect(isValidGln('5798000000001')).toBe(true);
    expect(isValidGln('4006381333931')).toBe(true); // a published EAN-13
  });

  it('refuses a mistyped digit, a wrong length and non-digits', () => {
    expect(isValidGln('5798000000002')).toBe(false);
    expect(isValidGln('5798000000010')).toBe(false);
    expect(isValidGln('579800000001')).toBe(false);
    expect(isValidGln('57980000000O1')).toBe(false);
  });
});

describe('CVR modulus-11 check', () => {
  it('accepts a CVR number whose weighted sum is divisible by 11', () => {
    expect(isValidCvr('29189781')).toBe(true);
  });

  it('refuses a mistyped digit, a leading zero and a wrong length', () => {
    expect(isValidCvr('29189782')).toBe(false);
    expect(isValidCvr('02918978')).toBe(false);
    expect(isValidCvr('2918978')).toBe(false);
  });
});
