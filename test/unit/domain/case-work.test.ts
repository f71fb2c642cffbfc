import { describe, expect, it } from 'vitest';
import { caseDeadlines, participantsWithoutCase, saveCase, type TrialCase } from '#domain/case-work.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { validationFieldsOf } from '../../support/validation.ts';

const course = seedCourse();
const BEFORE_VISITS = new Date('2016-03-01T12:00:00+01:00');

describe("a participant's trial action", () => {
  it('is due before the visit round and its status before the group guidance, by Copenhagen midnight', () => {
    expect(caseDeadlines(course)).toEqual({
      caseBy: new Date('2016-03-14T00:00:00+01:00'),
      statusBy: new Date('2016-06-13T00:00:00+02:00'),
    });
  });

  it('is saved with its title, description and partners, trimmed, and no status yet', () => {
    const saved = saveCase(
      {
        title: '  Borgerbudget i Lind ',
        description: 'Borgerne fordeler 50.000 kr.',
        partners: ['Lind Borgerforening'],
      },
      course,
      BEFORE_VISITS,
    );
    expect(saved).toEqual({
      title: 'Borgerbudget i Lind',
      description: 'Borgerne fordeler 50.000 kr.',
      partners: ['Lind Borgerforening'],
      updatedAt: BEFORE_VISITS.toISOString(),
    });
  });

  it('is refused with a Danish message at each field that is missing, too long or unknown', () => {
    const fields = validationFieldsOf(() =>
      saveCase(
        { title: '', description: 'x'.repeat(1501), status: 'færdig', owner: 'x' },
        course,
        BEFORE_VISITS,
      ),
    );
    expect(fields.map((f) => f.path).sort()).toEqual(['', 'description', 'status', 'title']);
    expect(fields.find((f) => f.path === 'description')?.message).toBe('Højst 1500 tegn.');
  });

  it('still takes a late case or status, but not once the course has ended', () => {
    const late = new Date('2016-06-20T10:00:00+02:00');
    expect(saveCase({ title: 'A', description: 'B', status: 'tried' }, course, late).status).toBe('tried');
    const after = new Date('2016-08-25T16:00:00+02:00');
    expect(
      validationFieldsOf(() => saveCase({ title: 'A', description: 'B' }, course, after))[0]?.message,
    ).toMatch(/slut/);
  });

  it('is asked for, gently, only from the participants who have none', () => {
    const cases = new Map<string, TrialCase>([
      [
        'aase@example.dk',
        { title: 'A', description: 'B', partners: [], updatedAt: BEFORE_VISITS.toISOString() },
      ],
    ]);
    const participants = [{ key: 'aase@example.dk' }, { key: 'bent@example.dk' }];
    expect(participantsWithoutCase(participants, cases)).toEqual([{ key: 'bent@example.dk' }]);
  });
});
