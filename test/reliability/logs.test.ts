import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, registrationBody, WHILE_OPEN, withLibrary } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { recordFigure } from './figures.ts';

const course = courseVariant('security-logs', { capacity: undefined });

/** Personal data that must never reach a log line, in the forms it could take there. */
const PERSON = {
  contactName: 'Pernille Xylofonsen',
  contactEmail: 'pernille.xylofonsen@example.dk',
  contactPhone: '+45 98 76 54 32',
  participantName: 'Quintus Zebrahøj',
  participantEmail: 'quintus.zebrahoj@example.dk',
  leaderName: 'Ulrikke Vandkande',
  leaderEmail: 'ulrikke.vandkande@example.dk',
};
const FORBIDDEN = [
  ...Object.values(PERSON).map((text) => text.toLowerCase()),
  'xylofonsen',
  'zebrahøj',
  'zebrahoj',
  'vandkande',
  '98765432',
  '98 76 54 32',
];

describe('the logs of a full registration', () => {
  let api: TestApi;
  const lines: string[] = [];
  beforeAll(async () => {
    // The functions' logger reads its level when the stack first loads them: at its most talkative here.
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    api = await startTestApi({ now: WHILE_OPEN, courses: [course], log: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await api.stop();
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  });

  it('hold no name, e-mail address or phone number, at any log level', async () => {
    // Everything the functions log and everything the local runtime prints.
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      const body = withLibrary(
        registrationBody({
          contact: { name: PERSON.contactName, email: PERSON.contactEmail, phone: PERSON.contactPhone },
          leader: { name: PERSON.leaderName, email: PERSON.leaderEmail },
          participants: [{ name: PERSON.participantName, email: PERSON.participantEmail }],
        }),
        {},
      );
      // A refused attempt first (its messages name fields, not values), then the signup.
      const refused = await api.post(`/courses/${course.id}/registrations`, {
        ...body,
        contact: { ...body.contact, email: `${PERSON.contactEmail}@@` },
      });
      expect(refused.status).toBe(422);
      const created = await api.post(`/courses/${course.id}/registrations`, body, {
        'idempotency-key': 'pii-1',
      });
      expect(created.status).toBe(201);
      const id = created.body.registration.id as string;
      await untilSwept(
        api.stack,
        async () => (await api.itemsOfCourse(course.id)).find((item) => item.type === 'registration'),
        (registration) => registration?.invoiceNumber !== undefined && registration.owedPk === undefined,
        'the confirmation, welcome and invoice sent',
      );
      // The coordinator searches by name, reads the registration, changes and cancels it.
      const coordinator = await asCoordinator(api.stack);
      expect((await coordinator.get(`/admin/courses/${course.id}/registrations?q=xylofonsen`)).status).toBe(
        200,
      );
      expect((await coordinator.get(`/admin/courses/${course.id}/registrations/${id}`)).status).toBe(200);
      expect((await coordinator.get(`/admin/courses/${course.id}/participants.csv`)).status).toBe(200);
      const changed = await coordinator.put(`/admin/courses/${course.id}/registrations/${id}/participants`, {
        participants: [{ name: PERSON.participantName, email: 'ny.deltager@example.dk' }],
      });
      expect(changed.status).toBe(200);
      expect(
        (await coordinator.post(`/admin/courses/${course.id}/registrations/${id}/cancel`, {})).status,
      ).toBe(200);
      await untilSwept(
        api.stack,
        async () => (await api.itemsOfCourse(course.id)).filter((item) => item.owedPk !== undefined),
        (owed) => owed.length === 0,
        'the change and cancellation mails sent',
      );
    } finally {
      out.mockRestore();
      err.mockRestore();
    }

    const log = lines.join('\n').toLowerCase();
    // The functions' own structured lines were captured too, not only the local runtime's.
    expect(lines.filter((line) => line.includes('"level":')).length).toBeGreaterThan(0);
    expect(FORBIDDEN.filter((text) => log.includes(text))).toEqual([]);
    recordFigure({
      area: 'security',
      what: 'personal data in the logs of a full registration',
      figure: `${lines.length} log lines (${lines.filter((line) => line.includes('"level":')).length} from the functions, at DEBUG), 0 names, addresses or phone numbers`,
    });
  });
});
