import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { encodeCursor, matchesQuery, parseRegistrationQuery } from '#domain/registration-query.ts';
import { aRegistration } from '../../support/registrations.ts';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

function problemsOf(parameters: Record<string, string>) {
  try {
    parseRegistrationQuery(parameters);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields.map((f) => f.path);
  }
  throw new Error('expected the query to be refused');
}

describe('the coordinator list query', () => {
  it('defaults to 50 rows and reads a cursor back to the registration it ended with', () => {
    expect(parseRegistrationQuery({})).toEqual({ limit: 50 });
    expect(
      parseRegistrationQuery({ status: 'waitlisted', q: '  ÆRØ ', limit: '10', cursor: encodeCursor(ID) }),
    ).toEqual({
      status: 'waitlisted',
      q: 'ærø',
      limit: 10,
      after: ID,
    });
  });

  it('refuses an unknown status, a limit out of range, a forged cursor and unknown parameters, naming each', () => {
    expect(problemsOf({ status: 'paid' })).toEqual(['status']);
    expect(problemsOf({ limit: '0' })).toEqual(['limit']);
    expect(problemsOf({ limit: 'mange' })).toEqual(['limit']);
    expect(problemsOf({ cursor: Buffer.from('reg:../../etc').toString('base64url') })).toEqual(['cursor']);
    expect(problemsOf({ cursor: '!!!' })).toEqual(['cursor']);
    expect(problemsOf({ sort: 'name' })).toEqual(['sort']);
  });
});

describe('matching a registration against the filters', () => {
  const registration = aRegistration({ status: 'waitlisted' });

  it('finds a registration by library, participant or e-mail, ignoring case', () => {
    for (const q of [
      'silkeborg',
      'åse møller 1',
      'DELTAGER1@EXAMPLE.DK',
      'anne østergård',
      '5798000000001',
    ]) {
      expect(matchesQuery(registration, parseRegistrationQuery({ q }))).toBe(true);
    }
    expect(matchesQuery(registration, parseRegistrationQuery({ q: 'herning' }))).toBe(false);
  });

  it('filters by status', () => {
    expect(matchesQuery(registration, { status: 'waitlisted' })).toBe(true);
    expect(matchesQuery(registration, { status: 'confirmed' })).toBe(false);
  });
});
