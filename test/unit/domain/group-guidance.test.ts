import { describe, expect, it } from 'vitest';
import type { CourseSession } from '#domain/course.ts';
import { type GroupCandidate, suggestGroups, validateGroups } from '#domain/group-guidance.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { validationFieldsOf } from '../../support/validation.ts';

const guidance = seedCourse().sessions.find((s) => s.kind === 'group-guidance') as CourseSession;

const library = (registrationId: string, municipality: string, postalCode: string): GroupCandidate => ({
  registrationId,
  name: `${municipality} Bibliotek ${registrationId}`,
  municipality,
  postalCode,
});

const libraries = [
  library('herning-1', 'Herning', '7400'),
  library('herning-2', 'Herning', '7400'),
  library('ikast', 'Ikast-Brande', '7430'),
  library('struer', 'Struer', '7600'),
  library('aarhus', 'Aarhus', '8000'),
  library('silkeborg', 'Silkeborg', '8600'),
  library('odense', 'Odense', '5000'),
];

describe('the groups suggested for the guidance in week 24', () => {
  const groups = suggestGroups(libraries, 4);
  const ids = groups.map((g) => g.members.map((m) => m.registrationId));

  it('keep a municipality together and join neighbours by postal code within one part of the country', () => {
    expect(ids).toEqual([['odense'], ['herning-1', 'herning-2', 'ikast', 'struer'], ['aarhus', 'silkeborg']]);
  });

  it('place every library in exactly one group, and suggest the first as host', () => {
    expect(ids.flat().sort()).toEqual(libraries.map((l) => l.registrationId).sort());
    expect(groups.every((g) => g.members.includes(g.host))).toBe(true);
  });

  it('split a municipality larger than a group into even parts', () => {
    const many = Array.from({ length: 5 }, (_, i) => library(`aalborg-${i}`, 'Aalborg', '9000'));
    expect(suggestGroups(many, 4).map((g) => g.members.length)).toEqual([3, 2]);
  });
});

describe("the coordinator's groups", () => {
  const registered = ['herning-1', 'ikast', 'struer'];
  const valid = [
    { members: ['herning-1', 'ikast'], hostRegistrationId: 'ikast', date: '2016-06-14', start: '13:00' },
    { members: ['struer'], hostRegistrationId: 'struer', date: '2016-06-16', start: '09:30' },
  ];

  it('are accepted when every library is in one group, hosted by a member, in week 24', () => {
    expect(validateGroups(valid, registered, guidance)).toEqual(valid);
  });

  it('are refused with each problem at its field: a library twice or missing, a foreign host, a date outside the week', () => {
    const fields = validationFieldsOf(() =>
      validateGroups(
        [
          {
            members: ['herning-1', 'ikast'],
            hostRegistrationId: 'struer',
            date: '2016-06-20',
            start: '25:00',
          },
          { members: ['ikast'], hostRegistrationId: 'ikast', date: '2016-06-14', start: '13:00' },
        ],
        registered,
        guidance,
      ),
    );
    expect(fields.map((f) => f.path)).toEqual([
      '0.hostRegistrationId',
      '0.date',
      '0.start',
      '1.members.0',
      'groups',
    ]);
    expect(fields[0]?.message).toBe('Værten skal være et af gruppens biblioteker.');
    expect(fields[3]?.message).toBe('Biblioteket er allerede i gruppe 1.');
  });
});
