import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { parseRegistration } from '#domain/registration.ts';
import { BROKEN_CHARACTER_MESSAGE, CONTROL_CHARACTER_MESSAGE, textProblemsIn } from '#domain/text-rule.ts';
import { registrationBody, seedCourse, withLibrary } from '../../support/fixtures.ts';

/** The last two code points of every plane, U+FFFE and U+FFFF among them. */
const PLANE_ENDS = Array.from({ length: 17 }, (_, plane) => [
  plane * 0x10000 + 0xfffe,
  plane * 0x10000 + 0xffff,
]).flat();
const ARABIC_NONCHARACTERS = Array.from({ length: 0xfdef - 0xfdd0 + 1 }, (_, i) => 0xfdd0 + i);

describe('the one rule for text that enters the system', () => {
  it('refuses every Unicode noncharacter, naming the field', () => {
    for (const code of [...PLANE_ENDS, ...ARABIC_NONCHARACTERS]) {
      const body = { library: { name: `Bibliotek ${String.fromCodePoint(code)}` } };
      expect(textProblemsIn(body), code.toString(16)).toEqual([
        { path: 'library.name', message: BROKEN_CHARACTER_MESSAGE },
      ]);
    }
  });

  it('refuses a lone surrogate of either half, and U+FFFD, which invalid UTF-8 bytes become', () => {
    const body = JSON.parse('{"a":"\\ud800","b":["x","\\udfff z"],"c":"\\ufffd"}');
    expect(textProblemsIn(body).map((problem) => problem.path)).toEqual(['a', 'b.1', 'c']);
  });

  it('refuses the control characters XML cannot carry, but keeps tabs and line breaks', () => {
    expect(textProblemsIn({ reason: 'bip\u0007' })).toEqual([
      { path: 'reason', message: CONTROL_CHARACTER_MESSAGE },
    ]);
    expect(textProblemsIn({ reason: 'linje 1\r\n\tlinje 2' })).toEqual([]);
  });

  it('accepts the characters next to the refused ones, and Danish text with emoji and other planes', () => {
    const neighbours = [0xfdcf, 0xfdf0, 0xfffc, 0x1fffd, 0x10fffd, 0xd7ff, 0xe000];
    const texts = neighbours.map((code) => `x${String.fromCodePoint(code)}`);
    expect(textProblemsIn({ texts, name: 'Åse Ærø 😀 𝕏 ‮' })).toEqual([]);
  });

  it('names nested fields and list entries by their path, and a key that cannot travel by itself', () => {
    const body = {
      groups: [{ members: ['r1', 'r\uffff'] }],
      slots: [{ place: { name: 'ok' } }, { place: { name: 'Sal \ufdd0' } }],
      'nøgle\ufffe': 'værdi',
    };
    expect(textProblemsIn(body).map((problem) => problem.path)).toEqual([
      'groups.0.members.1',
      'slots.1.place.name',
      'nøgle\ufffe',
    ]);
  });

  it('names at most 50 fields, however many a body holds', () => {
    const body = { list: Array.from({ length: 1000 }, () => '\uffff') };
    expect(textProblemsIn(body)).toHaveLength(50);
  });

  it('is in the signup schema too, so the form refuses such text before sending it', () => {
    const body = withLibrary(registrationBody({ comment: 'Hilsen \ud83d' }), { name: 'Bibliotek \uffff' });
    let fields: unknown;
    try {
      parseRegistration(body, seedCourse());
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      fields = (error as ValidationError).fields;
    }
    expect(fields).toEqual([
      { path: 'library.name', message: BROKEN_CHARACTER_MESSAGE },
      { path: 'comment', message: BROKEN_CHARACTER_MESSAGE },
    ]);
  });
});
