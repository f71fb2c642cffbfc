import { describe, expect, it } from 'vitest';
import { SuspectedBotError, ValidationError } from '#domain/errors.ts';
import { parseRegistration } from '#domain/registration.ts';
import { registrationBody, seedCourse, withLibrary } from '../../support/fixtures.ts';

const course = seedCourse();

function fieldsOf(body: unknown) {
  try {
    parseRegistration(body, course);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields;
  }
  throw new Error('expected the registration to be refused');
}

describe('registration validation', () => {
  it('accepts the contract example and normalises optional empty fields away', () => {
    const input = parseRegistration(registrationBody(), course);
    expect(input.library.ean).toBe('5798000000001');
    expect(input.comment).toBeUndefined();
    expect(input.participants[0]?.dietaryNeeds).toBe('Vegetar');
  });

  it('names every failing field at once, with Danish messages', () => {
    const body = registrationBody({ contact: { name: '', email: 'ikke-en-adresse', phone: '12' } });
    const fields = fieldsOf(body);
    expect(fields.map((f) => f.path)).toEqual(['contact.name', 'contact.email', 'contact.phone']);
    expect(fields[0]?.message).toBe('Feltet skal udfyldes.');
    expect(fields[1]?.message).toBe('Ugyldig e-mailadresse.');
  });

  it('refuses an EAN with a wrong check digit and a CVR failing modulus 11', () => {
    const fields = fieldsOf(withLibrary(registrationBody(), { ean: '5798000000002', cvr: '29189782' }));
    expect(fields).toEqual([
      { path: 'library.ean', message: 'EAN-nummeret har et forkert kontrolciffer.' },
      { path: 'library.cvr', message: 'CVR-nummeret er ikke gyldigt (modulus 11-kontrol).' },
    ]);
  });

  it('requires the invoice reference public buyers need on e-invoices', () => {
    const { invoiceReference: _omitted, ...body } = registrationBody();
    expect(fieldsOf(body)).toEqual([{ path: 'invoiceReference', message: 'Feltet skal udfyldes.' }]);
  });

  it('requires explicit consent', () => {
    expect(fieldsOf(registrationBody({ consent: false }))[0]?.path).toBe('consent');
  });

  it('refuses unknown fields by name', () => {
    expect(fieldsOf(registrationBody({ price: 0 }))).toEqual([{ path: 'price', message: 'Ukendt felt.' }]);
    expect(fieldsOf(withLibrary(registrationBody(), { iban: 'x' }))).toEqual([
      { path: 'library.iban', message: 'Ukendt felt.' },
    ]);
  });

  it('refuses more participants than the course allows per library', () => {
    expect(fieldsOf(registrationBody({}, 6))).toEqual([
      { path: 'participants', message: 'Der kan højst tilmeldes 5 deltagere pr. bibliotek.' },
    ]);
  });

  it('refuses the same participant e-mail twice, whatever its case', () => {
    const body = registrationBody({}, 2);
    body.participants[1] = {
      ...body.participants[1],
      email: 'DELTAGER1@example.dk',
    } as (typeof body.participants)[number];
    expect(fieldsOf(body)).toEqual([
      { path: 'participants.1.email', message: 'Samme e-mailadresse som deltager 1.' },
    ]);
  });

  it('reports the course limits together with every other mistake in the same answer', () => {
    const body = registrationBody({ contact: { name: 'Anne', email: 'nope', phone: '+45 12 34 56 78' } }, 6);
    body.participants[1] = {
      ...body.participants[1],
      email: 'deltager1@example.dk',
    } as (typeof body.participants)[number];
    expect(fieldsOf(body).map((f) => f.path)).toEqual([
      'contact.email',
      'participants',
      'participants.1.email',
    ]);
  });

  it('gives one message per field: the format first, the check digit only for a well-formed number', () => {
    expect(fieldsOf(withLibrary(registrationBody(), { cvr: '1234' }))).toEqual([
      { path: 'library.cvr', message: 'CVR-nummeret skal være 8 cifre.' },
    ]);
  });

  it('refuses a phone number without eight digits, whatever its punctuation', () => {
    const fields = fieldsOf(
      registrationBody({ contact: { name: 'A', email: 'a@example.dk', phone: '--------' } }),
    );
    expect(fields).toEqual([{ path: 'contact.phone', message: 'Telefonnummeret skal have mindst 8 cifre.' }]);
  });

  it('refuses a body that is not an object with a field-less message', () => {
    expect(fieldsOf([])).toEqual([{ path: '', message: 'Forkert type: forventede et objekt.' }]);
  });

  it('asks for a missing email address rather than calling an empty field malformed', () => {
    const fields = fieldsOf(registrationBody({ leader: { name: 'Bent', email: '  ' } }));
    expect(fields).toEqual([{ path: 'leader.email', message: 'Feltet skal udfyldes.' }]);
  });

  it('needs only the participant limit, so the form can validate with the public course view', () => {
    const limits = { signup: { maxParticipantsPerRegistration: 2 } };
    expect(() => parseRegistration(registrationBody({}, 2), limits)).not.toThrow();
    expect(() => parseRegistration(registrationBody({}, 3), limits)).toThrow(ValidationError);
  });
});

describe('the form honeypot', () => {
  it('lets an empty trap field through and leaves it out of the registration', () => {
    const input = parseRegistration({ ...registrationBody(), website: '' }, course);
    expect(input).not.toHaveProperty('website');
  });

  it('refuses a body whose trap field was filled in, as a bot would', () => {
    expect(() =>
      parseRegistration({ ...registrationBody(), website: 'http://spam.example' }, course),
    ).toThrow(SuspectedBotError);
  });
});

describe('control characters', () => {
  it('are refused in names and addresses, which an e-invoice could not carry', () => {
    const body = registrationBody({
      contact: { name: 'Anne\u0000Østergård', email: 'anne@example.dk', phone: '+45 12 34 56 78' },
    });
    expect(fieldsOf(body)).toContainEqual({
      path: 'contact.name',
      message: 'Feltet må ikke indeholde kontroltegn.',
    });
  });

  it('are refused in a comment too, except line breaks and tabs', () => {
    expect(
      parseRegistration(registrationBody({ comment: 'Første linje\nAnden\tlinje' }), course).comment,
    ).toBe('Første linje\nAnden\tlinje');
    expect(fieldsOf(registrationBody({ comment: 'bip\u0007' }))).toContainEqual({
      path: 'comment',
      message: 'Feltet må ikke indeholde kontroltegn.',
    });
  });
});
