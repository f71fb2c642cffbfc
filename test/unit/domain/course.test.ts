import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidCourseError, isSignupOpen, parseCourse, signupClosesAt } from '#domain/course.ts';
import { describeWhen } from '#domain/session-text.ts';
import {
  AFTER_DEADLINE,
  LAST_MINUTE,
  SEED_COURSE_FILE,
  seedCourse,
  WHILE_OPEN,
} from '../../support/fixtures.ts';

const seedJson = () => JSON.parse(readFileSync(SEED_COURSE_FILE, 'utf8'));

describe('the seed course file', () => {
  const course = seedCourse();

  it('holds the course exactly as the flyer has it', () => {
    expect(course.title).toBe('Samskabelse – involvering og aktivering af borgere og lokalsamfund');
    expect(course.sessions.map((s) => s.id)).toEqual(['day-1', 'visits', 'day-2', 'group-guidance', 'day-3']);
    expect(course.venue).toEqual({
      name: 'Herning Bibliotekerne',
      street: 'Østergade 8',
      postalCode: '7400',
      city: 'Herning',
    });
    expect(course.pricing.package.unitPrice).toBe(995000);
    expect(course.pricing.cateringPerParticipant.unitPrice).toBe(75000);
    expect(course.signup).toEqual({ deadline: '2016-02-08', maxParticipantsPerRegistration: 5 });
    expect(course.book.title).toBe('Plads til deltagelse – en introduktion til kommunal samskabelse');
  });

  it('describes teaching days with time and the decentral rounds as weeks', () => {
    const when = Object.fromEntries(course.sessions.map((s) => [s.id, describeWhen(s)]));
    expect(when).toEqual({
      'day-1': 'mandag 7. marts 2016 kl. 9.00–16.00',
      visits: 'uge 11 (14.–18. marts 2016)',
      'day-2': 'tirsdag 10. maj 2016 kl. 9.00–16.00',
      'group-guidance': 'uge 24 (13.–17. juni 2016)',
      'day-3': 'torsdag 25. august 2016 kl. 9.00–16.00',
    });
  });

  it('keeps no e-mail address in course data: addresses are configuration', () => {
    expect(JSON.stringify(seedJson())).not.toMatch(/@/);
  });
});

describe('the signup deadline', () => {
  const course = seedCourse();

  it('closes when Monday 8 February 2016 has ended in Copenhagen', () => {
    expect(signupClosesAt(course).toISOString()).toBe('2016-02-08T23:00:00.000Z');
  });

  it('is open before and in the last second of the deadline day, closed from midnight', () => {
    expect(isSignupOpen(course, WHILE_OPEN)).toBe(true);
    expect(isSignupOpen(course, LAST_MINUTE)).toBe(true);
    expect(isSignupOpen(course, AFTER_DEADLINE)).toBe(false);
  });
});

describe('a broken course file', () => {
  function problemsOf(mutate: (json: ReturnType<typeof seedJson>) => void) {
    const json = seedJson();
    mutate(json);
    try {
      parseCourse(json, 'courses/broken.json');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCourseError);
      return error as InvalidCourseError;
    }
    throw new Error('expected the course to be refused');
  }

  it('is refused with the file, the path and the reason', () => {
    const error = problemsOf((json) => {
      json.pricing.package.unitPrice = 9950.5;
    });
    expect(error.message).toContain('courses/broken.json');
    expect(error.problems).toEqual([{ path: 'pricing.package.unitPrice', message: expect.any(String) }]);
  });

  it('names an impossible date, a session ending before it starts and a duplicate session id', () => {
    const error = problemsOf((json) => {
      json.signup.deadline = '2016-02-30';
      json.sessions[0].when.end = '08:00';
      json.sessions[2].id = 'day-1';
    });
    expect(error.problems.map((p) => p.path).sort()).toEqual([
      'sessions.0.when.end',
      'sessions.2.id',
      'signup.deadline',
    ]);
  });

  it('refuses a VAT-exempt line without the reason that goes on the invoice', () => {
    const error = problemsOf((json) => {
      delete json.pricing.cateringPerParticipant.vat.exemptionReason;
    });
    expect(error.problems[0]?.path).toBe('pricing.cateringPerParticipant.vat.exemptionReason');
  });

  it('refuses a VAT rate Denmark does not have', () => {
    const error = problemsOf((json) => {
      json.pricing.package.vat = { rate: 0.2 };
    });
    expect(error.problems[0]?.path).toBe('pricing.package.vat.rate');
  });

  it('refuses unknown fields, so a typo cannot silently drop a setting', () => {
    const error = problemsOf((json) => {
      json.signup.deadlin = '2016-02-08';
    });
    expect(error.problems[0]?.path).toBe('signup');
  });
});
