import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Course, InvalidCourseError, parseCourse } from '#domain/course.ts';
import {
  dueReminders,
  findReminder,
  isReminderId,
  type PlannedReminder,
  packageRoom,
  type ReminderRegistration,
  type ReminderStructure,
  reminderPlan,
  reminderRecipients,
  upcomingReminders,
} from '#domain/reminders.ts';
import { courseVariant, SEED_COURSE_FILE, seedCourse, VALID_EANS } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const seedJson = () => JSON.parse(readFileSync(SEED_COURSE_FILE, 'utf8'));
const COORDINATOR = { name: 'Lone Engel Westphall', email: 'tovholder@example.dk' };

function reminder(course: Course, id: string): PlannedReminder {
  const found = findReminder(course, id);
  if (found === undefined) throw new Error(`no reminder ${id}`);
  return found;
}

/** A registration of library `n` with the given participants (e-mail local parts) and contact person. */
function libraryRegistration(
  n: number,
  {
    participants = [`deltager${n}`],
    contact = `kontakt${n}@example.dk`,
    status = 'confirmed',
    course = seedCourse(),
  }: {
    participants?: string[];
    contact?: string;
    status?: ReminderRegistration['status'];
    course?: Course;
  } = {},
): ReminderRegistration {
  const registration = aRegistration(
    { id: `reg-${n}` },
    {
      course,
      body: {
        library: {
          name: `Bibliotek ${n}`,
          municipality: `Kommune ${n}`,
          address: 'Gade 1',
          postalCode: '7400',
          city: 'Herning',
          ean: VALID_EANS[n],
        },
        contact: { name: `Kontakt ${n}`, email: contact, phone: '+45 12 34 56 78' },
        participants: participants.map((local) => ({
          name: `Deltager ${local}`,
          email: `${local}@example.dk`,
        })),
      },
    },
  );
  return { ...registration, status };
}

const addressees = (mails: { to: string[]; cc: string[] }[]) => mails.map((m) => ({ to: m.to, cc: m.cc }));

describe('the reminder plan of the seed course', () => {
  const course = seedCourse();
  const plan = reminderPlan(course);

  it('plans every reminder in time order, at 9.00 on Copenhagen clocks, with its template', () => {
    expect(plan.map((r) => [r.id, r.at.toISOString(), r.localTime, r.template])).toEqual([
      ['deadline-7d', '2016-02-01T08:00:00.000Z', '2016-02-01T09:00', 'signup-deadline'],
      ['deadline-1d', '2016-02-07T08:00:00.000Z', '2016-02-07T09:00', 'signup-deadline'],
      ['final-list', '2016-02-08T23:05:00.000Z', '2016-02-09T00:05', 'final-list'],
      ['visits-book', '2016-02-15T08:00:00.000Z', '2016-02-15T09:00', 'visit-booking'],
      ['day-1-7d', '2016-02-29T08:00:00.000Z', '2016-02-29T09:00', 'teaching-day-week-before'],
      ['visits-book2', '2016-03-04T08:00:00.000Z', '2016-03-04T09:00', 'visit-booking'],
      ['day-1-1d', '2016-03-06T08:00:00.000Z', '2016-03-06T09:00', 'teaching-day-day-before'],
      ['visits-7d', '2016-03-07T08:00:00.000Z', '2016-03-07T09:00', 'round-week-before'],
      ['visits-case', '2016-03-07T16:00:00.000Z', '2016-03-07T17:00', 'case-invitation'],
      ['visits-case2', '2016-03-11T08:00:00.000Z', '2016-03-11T09:00', 'case-missing'],
      ['day-2-7d', '2016-05-03T07:00:00.000Z', '2016-05-03T09:00', 'teaching-day-week-before'],
      ['day-2-1d', '2016-05-09T07:00:00.000Z', '2016-05-09T09:00', 'teaching-day-day-before'],
      ['group-guidance-7d', '2016-06-06T07:00:00.000Z', '2016-06-06T09:00', 'round-week-before'],
      ['day-3-7d', '2016-08-18T07:00:00.000Z', '2016-08-18T09:00', 'teaching-day-week-before'],
      ['day-3-1d', '2016-08-24T07:00:00.000Z', '2016-08-24T09:00', 'teaching-day-day-before'],
    ]);
  });

  it('says which session a session reminder is about, and what kind each reminder is', () => {
    expect(plan.map((r) => [r.id, r.kind, r.sessionId])).toEqual([
      ['deadline-7d', 'signup-deadline', undefined],
      ['deadline-1d', 'signup-deadline', undefined],
      ['final-list', 'final-list', undefined],
      ['visits-book', 'session', 'visits'],
      ['day-1-7d', 'session', 'day-1'],
      ['visits-book2', 'session', 'visits'],
      ['day-1-1d', 'session', 'day-1'],
      ['visits-7d', 'session', 'visits'],
      ['visits-case', 'session', 'visits'],
      ['visits-case2', 'session', 'visits'],
      ['day-2-7d', 'session', 'day-2'],
      ['day-2-1d', 'session', 'day-2'],
      ['group-guidance-7d', 'session', 'group-guidance'],
      ['day-3-7d', 'session', 'day-3'],
      ['day-3-1d', 'session', 'day-3'],
    ]);
  });

  it('lets a late reminder go out until its session starts, the deadline ones until signup closes', () => {
    const notAfter = Object.fromEntries(plan.map((r) => [r.id, r.notAfter.toISOString()]));
    expect(notAfter['day-1-7d']).toBe('2016-03-07T08:00:00.000Z');
    expect(notAfter['day-1-1d']).toBe('2016-03-07T08:00:00.000Z');
    // A round has no time of day: its window ends when its first day begins.
    expect(notAfter['visits-7d']).toBe('2016-03-13T23:00:00.000Z');
    expect(notAfter['deadline-1d']).toBe('2016-02-08T23:00:00.000Z');
    expect(notAfter['final-list']).toBe('2016-02-15T23:05:00.000Z');
    for (const r of plan) expect(r.at.getTime()).toBeLessThan(r.notAfter.getTime());
  });

  it('names every reminder uniquely with an id a schedule can be named after', () => {
    const ids = plan.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isReminderId(id)).toBe(true);
      expect(id).toMatch(/^[a-z0-9-]{1,48}$/);
    }
  });

  it('is the same plan every time it is made', () => {
    expect(reminderPlan(seedCourse())).toEqual(plan);
  });
});

describe('reminders across the change to summer time (27 March 2016)', () => {
  /** The seed course with a single teaching day (day 1's facts) on another date. */
  function withTeachingDayOn(id: string, date: string): Course {
    const json = seedJson();
    json.sessions = [{ ...json.sessions[0], id, when: { ...json.sessions[0].when, date } }];
    return parseCourse(json, 'test');
  }

  it('keeps 9.00 local on the day clocks change: 07:00 UTC instead of 08:00', () => {
    const weekBefore = reminder(withTeachingDayOn('easter', '2016-04-03'), 'easter-7d');
    expect(weekBefore.localTime).toBe('2016-03-27T09:00');
    expect(weekBefore.at.toISOString()).toBe('2016-03-27T07:00:00.000Z');
  });

  it('keeps 9.00 local on the first whole day of summer time (28 March)', () => {
    const weekBefore = reminder(withTeachingDayOn('monday', '2016-04-04'), 'monday-7d');
    expect(weekBefore.localTime).toBe('2016-03-28T09:00');
    expect(weekBefore.at.toISOString()).toBe('2016-03-28T07:00:00.000Z');
  });

  it('keeps 9.00 local the day before the change, still in winter time (26 March)', () => {
    const weekBefore = reminder(withTeachingDayOn('saturday', '2016-04-02'), 'saturday-7d');
    expect(weekBefore.at.toISOString()).toBe('2016-03-26T08:00:00.000Z');
  });

  it('sends a reminder planned in the hour the clocks skip at the real time that hour became', () => {
    const json = seedJson();
    json.reminders.sessions['teaching-day'] = [
      { key: 'night', daysBefore: 1, at: '02:30', template: 'teaching-day-day-before' },
    ];
    json.sessions = [
      { ...json.sessions[0], id: 'day-after-switch', when: { ...json.sessions[0].when, date: '2016-03-28' } },
    ];
    const night = reminder(parseCourse(json, 'test'), 'day-after-switch-night');
    // 02:30 does not exist that night: clocks go from 01:59 CET to 03:00 CEST.
    expect(night.at.toISOString()).toBe('2016-03-27T01:30:00.000Z');
    expect(night.localTime).toBe('2016-03-27T03:30');
  });
});

describe('the reminder policy is course data', () => {
  it('moves and adds reminders when the course says so, without code', () => {
    const json = seedJson();
    json.reminders.sessions['visit-round'] = [
      { key: '14d', daysBefore: 14, at: '13:30', template: 'round-week-before' },
      { key: '3d', daysBefore: 3, at: '08:00', template: 'round-week-before' },
    ];
    json.reminders.signupDeadline = [{ key: 'last', daysBefore: 0, at: '10:00' }];
    json.reminders.finalList = { minutesAfterDeadline: 60 };
    const plan = reminderPlan(parseCourse(json, 'test'));
    const at = Object.fromEntries(plan.map((r) => [r.id, r.localTime]));
    expect(at).toMatchObject({
      'visits-14d': '2016-02-29T13:30',
      'visits-3d': '2016-03-11T08:00',
      'deadline-last': '2016-02-08T10:00',
      'final-list': '2016-02-09T01:00',
    });
    expect(at).not.toHaveProperty('deadline-7d');
  });

  it('plans nothing for a kind of session the policy leaves out, and no final list without one', () => {
    const json = seedJson();
    delete json.reminders.sessions['group-guidance'];
    delete json.reminders.finalList;
    json.reminders.signupDeadline = [];
    const ids = reminderPlan(parseCourse(json, 'test')).map((r) => r.id);
    expect(ids).not.toContain('group-guidance-7d');
    expect(ids).not.toContain('final-list');
    expect(ids.filter((id) => id.startsWith('deadline'))).toEqual([]);
    expect(ids).toContain('visits-7d');
  });

  function problemsOf(mutate: (json: ReturnType<typeof seedJson>) => void) {
    const json = seedJson();
    mutate(json);
    try {
      parseCourse(json, 'courses/broken.json');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCourseError);
      return (error as InvalidCourseError).problems;
    }
    throw new Error('expected the course to be refused');
  }

  it('refuses a template that does not fit the kind of session', () => {
    const problems = problemsOf((json) => {
      json.reminders.sessions['visit-round'][0].template = 'teaching-day-day-before';
    });
    expect(problems.map((p) => p.path)).toEqual(['reminders.sessions.visit-round.0.template']);
  });

  it('refuses two reminders with the same key, which would share an id', () => {
    const problems = problemsOf((json) => {
      json.reminders.sessions['teaching-day'][1].key = '7d';
      json.reminders.signupDeadline[1].key = '7d';
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      'reminders.sessions.teaching-day.1.key',
      'reminders.signupDeadline.1.key',
    ]);
  });

  it('refuses a reminder on the day of its session, a key with a hyphen and an unknown kind', () => {
    const problems = problemsOf((json) => {
      json.reminders.sessions['teaching-day'][1].daysBefore = 0;
      json.reminders.signupDeadline[0].key = '7-d';
      json.reminders.sessions.workshop = [];
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      'reminders.sessions',
      'reminders.sessions.teaching-day.1.daysBefore',
      'reminders.signupDeadline.0.key',
    ]);
  });

  it('refuses session ids that would collide with the deadline reminders or not fit a schedule name', () => {
    const problems = problemsOf((json) => {
      json.sessions[0].id = 'deadline';
      json.sessions[2].id = 'a'.repeat(46);
    });
    expect(problems.map((p) => p.path)).toEqual(['sessions.0.id', 'sessions.2.id']);
  });

  it('is required, so a course cannot lose its reminders by a forgotten block', () => {
    const problems = problemsOf((json) => {
      delete json.reminders;
    });
    expect(problems.map((p) => p.path)).toEqual(['reminders']);
  });
});

describe('reminders whose time has passed', () => {
  const course = seedCourse();

  it('are not planned again', () => {
    const now = new Date('2016-03-01T00:00:00+01:00');
    expect(upcomingReminders(course, now).map((r) => r.id)).toEqual([
      'visits-book2',
      'day-1-1d',
      'visits-7d',
      'visits-case',
      'visits-case2',
      'day-2-7d',
      'day-2-1d',
      'group-guidance-7d',
      'day-3-7d',
      'day-3-1d',
    ]);
  });

  it('leave out one whose time is exactly now, as it is being sent', () => {
    const now = new Date('2016-02-29T08:00:00Z');
    expect(upcomingReminders(course, now)[0]?.id).toBe('visits-book2');
  });

  it('leave nothing to plan once the course is over', () => {
    expect(upcomingReminders(course, new Date('2016-08-25T07:00:00Z'))).toEqual([]);
  });

  it('are still due within their grace window, never after their session has started', () => {
    // A minute before day 1 starts, both of its reminders may still go out (after an outage, say), as may
    // the visit round's latest booking reminder, until the round begins ...
    expect(dueReminders(course, new Date('2016-03-07T07:59:00Z')).map((r) => r.id)).toEqual([
      'day-1-7d',
      'visits-book2',
      'day-1-1d',
    ]);
    // ... from 9.00 on day 1's never will; the visit round's reminder is due at that same minute.
    expect(dueReminders(course, new Date('2016-03-07T08:00:00Z')).map((r) => r.id)).toEqual([
      'visits-book2',
      'visits-7d',
    ]);
  });

  it("send only the latest of the visit round's booking reminders, and of its case mails, when both are due", () => {
    const due = (iso: string) => dueReminders(course, new Date(iso)).map((r) => r.id);
    expect(due('2016-03-05T10:00:00+01:00')).toContain('visits-book2');
    expect(due('2016-03-05T10:00:00+01:00')).not.toContain('visits-book');
    expect(due('2016-03-12T10:00:00+01:00')).toEqual(['visits-book2', 'visits-7d', 'visits-case2']);
  });

  it('are due in the sweep only once their time has come', () => {
    expect(dueReminders(course, new Date('2016-01-31T23:59:00Z'))).toEqual([]);
    expect(dueReminders(course, new Date('2016-02-01T08:00:00Z')).map((r) => r.id)).toEqual(['deadline-7d']);
  });

  it('can be found by the id their schedule carries, unless the course no longer plans them', () => {
    expect(findReminder(course, 'visits-7d')?.at.toISOString()).toBe('2016-03-07T08:00:00.000Z');
    expect(findReminder(course, 'day-4-7d')).toBeUndefined();
  });
});

describe('who receives a teaching-day reminder', () => {
  const course = seedCourse();
  const weekBefore = reminder(course, 'day-1-7d');

  it('is every participant, one mail each, with the contact person in copy once per library', () => {
    const mails = reminderRecipients(
      weekBefore,
      course,
      [libraryRegistration(1, { participants: ['aase', 'bo'] }), libraryRegistration(2)],
      COORDINATOR,
    );
    expect(addressees(mails)).toEqual([
      { to: ['aase@example.dk'], cc: ['kontakt1@example.dk'] },
      { to: ['bo@example.dk'], cc: [] },
      { to: ['deltager2@example.dk'], cc: ['kontakt2@example.dk'] },
    ]);
    expect(mails.map((m) => [m.audience, m.registrationId, m.participantEmail, m.name])).toEqual([
      ['participant', 'reg-1', 'aase@example.dk', 'Deltager aase'],
      ['participant', 'reg-1', 'bo@example.dk', 'Deltager bo'],
      ['participant', 'reg-2', 'deltager2@example.dk', 'Deltager deltager2'],
    ]);
  });

  it('leaves out waitlisted and cancelled registrations', () => {
    const mails = reminderRecipients(
      weekBefore,
      course,
      [
        libraryRegistration(1, { status: 'waitlisted' }),
        libraryRegistration(2),
        libraryRegistration(3, { status: 'cancelled' }),
      ],
      COORDINATOR,
    );
    expect(addressees(mails)).toEqual([{ to: ['deltager2@example.dk'], cc: ['kontakt2@example.dk'] }]);
  });

  it('sends no copy to a contact person who is also a participant of the library', () => {
    const mails = reminderRecipients(
      weekBefore,
      course,
      [libraryRegistration(1, { participants: ['bo', 'anne'], contact: 'anne@example.dk' })],
      COORDINATOR,
    );
    expect(addressees(mails)).toEqual([
      { to: ['bo@example.dk'], cc: [] },
      { to: ['anne@example.dk'], cc: [] },
    ]);
  });

  it('reaches a person in several roles once, comparing addresses case-insensitively', () => {
    const contactOfTwo = libraryRegistration(2, { contact: 'Faelles@Example.dk' });
    const participantElsewhere = libraryRegistration(3, { contact: 'deltager1@example.dk' });
    const mails = reminderRecipients(
      weekBefore,
      course,
      [
        libraryRegistration(1, { contact: 'faelles@example.dk' }),
        contactOfTwo,
        {
          ...participantElsewhere,
          contact: { ...participantElsewhere.contact, email: 'DELTAGER1@example.dk' },
        },
      ],
      COORDINATOR,
    );
    expect(addressees(mails)).toEqual([
      { to: ['deltager1@example.dk'], cc: ['faelles@example.dk'] },
      { to: ['deltager2@example.dk'], cc: [] },
      { to: ['deltager3@example.dk'], cc: [] },
    ]);
    const everyone = mails.flatMap((m) => [...m.to, ...m.cc].map((a) => a.toLowerCase()));
    expect(new Set(everyone).size).toBe(everyone.length);
  });

  it('gives the contact person a mail of their own when all their participants are reached through another library', () => {
    const mails = reminderRecipients(
      weekBefore,
      course,
      [
        libraryRegistration(1, { participants: ['aase'] }),
        libraryRegistration(2, { participants: ['aase'] }),
      ],
      COORDINATOR,
    );
    expect(mails.map((m) => [m.to, m.cc, m.audience, m.registrationId])).toEqual([
      [['aase@example.dk'], ['kontakt1@example.dk'], 'participant', 'reg-1'],
      [['kontakt2@example.dk'], [], 'contact', 'reg-2'],
    ]);
  });

  it('is the same whatever order the registrations come in', () => {
    const registrations = [libraryRegistration(1, { participants: ['a', 'b'] }), libraryRegistration(2)];
    expect(reminderRecipients(weekBefore, course, [...registrations].reverse(), COORDINATOR)).toEqual(
      reminderRecipients(weekBefore, course, registrations, COORDINATOR),
    );
  });

  it('writes to the addressee as the form gave the address (the catalogue keys the mail in lower case)', () => {
    const registration = libraryRegistration(1);
    const [mail] = reminderRecipients(
      weekBefore,
      course,
      [{ ...registration, participants: [{ name: 'Åse', email: 'Aase@Example.dk' }] }],
      COORDINATOR,
    );
    expect(mail?.to).toEqual(['Aase@Example.dk']);
  });
});

describe('who receives a visit-round or group-guidance reminder', () => {
  const course = seedCourse();

  it('is every participant and the contact person, each in a mail of their own', () => {
    const mails = reminderRecipients(
      reminder(course, 'visits-7d'),
      course,
      [libraryRegistration(1, { participants: ['aase', 'bo'] })],
      COORDINATOR,
    );
    expect(mails.map((m) => [m.to, m.cc, m.audience])).toEqual([
      [['aase@example.dk'], [], 'participant'],
      [['bo@example.dk'], [], 'participant'],
      [['kontakt1@example.dk'], [], 'contact'],
    ]);
  });

  it('sends a contact person who is also a participant one mail only', () => {
    const mails = reminderRecipients(
      reminder(course, 'group-guidance-7d'),
      course,
      [libraryRegistration(1, { participants: ['anne'], contact: 'Anne@example.dk' })],
      COORDINATOR,
    );
    expect(addressees(mails)).toEqual([{ to: ['anne@example.dk'], cc: [] }]);
  });
});

describe('who receives a signup-deadline reminder', () => {
  const course = seedCourse();
  const deadline = reminder(course, 'deadline-1d');

  it('is the coordinator (a status summary) and the contact persons of libraries with room in their package', () => {
    const mails = reminderRecipients(
      deadline,
      course,
      [
        libraryRegistration(1, { participants: ['a', 'b', 'c'] }),
        libraryRegistration(2, { participants: ['d', 'e', 'f', 'g', 'h'] }),
        libraryRegistration(3, { status: 'waitlisted' }),
      ],
      COORDINATOR,
    );
    expect(mails.map((m) => [m.to, m.audience, m.registrationId])).toEqual([
      [['tovholder@example.dk'], 'coordinator', undefined],
      [['kontakt1@example.dk'], 'contact', 'reg-1'],
    ]);
  });

  it('goes only to the libraries when no coordinator address is configured', () => {
    const mails = reminderRecipients(deadline, course, [libraryRegistration(1)], { name: 'Lone' });
    expect(mails.map((m) => m.to)).toEqual([['kontakt1@example.dk']]);
  });

  it('invites no library to add participants when the course is full', () => {
    const full = courseVariant('fuld', { capacity: { participants: 4 } });
    const mails = reminderRecipients(
      reminder(full, 'deadline-1d'),
      full,
      [
        libraryRegistration(1, { participants: ['a', 'b'], course: full }),
        libraryRegistration(2, { participants: ['c', 'd'], course: full }),
      ],
      COORDINATOR,
    );
    expect(mails.map((m) => m.audience)).toEqual(['coordinator']);
  });
});

describe('the room left in a library package', () => {
  it('is what the packages hold beyond the participants, never more than a registration may have', () => {
    const seed = seedCourse();
    expect(packageRoom(seed, libraryRegistration(1, { participants: ['a', 'b', 'c'] }))).toBe(2);
    expect(packageRoom(seed, libraryRegistration(1, { participants: ['a', 'b', 'c', 'd', 'e'] }))).toBe(0);
    const big = courseVariant('stor', {
      signup: { deadline: '2016-02-08', maxParticipantsPerRegistration: 8 },
    });
    const six = libraryRegistration(1, { participants: ['a', 'b', 'c', 'd', 'e', 'f'], course: big });
    expect(six.price.packages).toBe(2);
    expect(packageRoom(big, six)).toBe(2);
  });
});

describe('who receives the final list', () => {
  const course = seedCourse();

  it('is the coordinator alone', () => {
    const mails = reminderRecipients(
      reminder(course, 'final-list'),
      course,
      [libraryRegistration(1)],
      COORDINATOR,
    );
    expect(mails).toEqual([
      {
        to: ['tovholder@example.dk'],
        cc: [],
        audience: 'coordinator',
        name: 'Lone Engel Westphall',
      },
    ]);
  });

  it('is nobody while no coordinator address is configured', () => {
    expect(reminderRecipients(reminder(course, 'final-list'), course, [], { name: 'Lone' })).toEqual([]);
  });
});

describe("who receives the visit round's own reminders", () => {
  const course = seedCourse();
  const registrations = [
    libraryRegistration(1, { participants: ['aase', 'bo'] }),
    libraryRegistration(2),
    libraryRegistration(3, { status: 'waitlisted' }),
  ];
  const structure = (overrides: Partial<ReminderStructure> = {}): ReminderStructure => ({
    slotsPublished: true,
    hasVisit: (id) => id === 'reg-1',
    hasCase: (_id, email) => email === 'aase@example.dk',
    ...overrides,
  });
  const to = (mails: readonly { to: string[] }[]) => mails.flatMap((m) => m.to);

  it('asks only the contact persons of confirmed libraries without a visit to book', () => {
    const mails = reminderRecipients(
      reminder(course, 'visits-book'),
      course,
      registrations,
      COORDINATOR,
      structure(),
    );
    expect(to(mails)).toEqual(['kontakt2@example.dk']);
    expect(mails[0]).toMatchObject({ audience: 'contact', registrationId: 'reg-2' });
  });

  it('asks nobody to book before any slot is published', () => {
    const none = structure({ slotsPublished: false, hasVisit: () => false });
    expect(
      reminderRecipients(reminder(course, 'visits-book2'), course, registrations, COORDINATOR, none),
    ).toEqual([]);
  });

  it('sends every confirmed participant the case link, and the reminder only to those without a case', () => {
    const invitation = reminderRecipients(
      reminder(course, 'visits-case'),
      course,
      registrations,
      COORDINATOR,
      structure(),
    );
    expect(to(invitation)).toEqual(['aase@example.dk', 'bo@example.dk', 'deltager2@example.dk']);
    expect(invitation[0]).toMatchObject({ audience: 'participant', participantEmail: 'aase@example.dk' });
    const missing = reminderRecipients(
      reminder(course, 'visits-case2'),
      course,
      registrations,
      COORDINATOR,
      structure(),
    );
    expect(to(missing)).toEqual(['bo@example.dk', 'deltager2@example.dk']);
  });

  it("gives a contact person of two libraries both libraries' links, one mail each", () => {
    const shared = [
      libraryRegistration(3, { contact: 'faelles@example.dk' }),
      libraryRegistration(4, { contact: 'faelles@example.dk' }),
    ];
    const mails = reminderRecipients(
      reminder(course, 'visits-book'),
      course,
      shared,
      COORDINATOR,
      structure(),
    );
    expect(mails.map((m) => [m.to, m.registrationId])).toEqual([
      [['faelles@example.dk'], 'reg-3'],
      [['faelles@example.dk'], 'reg-4'],
    ]);
  });

  it('refuses to guess who has booked when it is not told', () => {
    expect(() =>
      reminderRecipients(reminder(course, 'visits-book'), course, registrations, COORDINATOR),
    ).toThrow(/needs the course's structure/);
  });
});
