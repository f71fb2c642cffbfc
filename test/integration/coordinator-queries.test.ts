import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { apiFetch } from '../support/openapi-validation.ts';

const COURSE = 'lille-hold-2016';
let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
const base = `/admin/courses/${COURSE}`;

function body(name: string, n: number, participants: number) {
  const b = registrationBody({}, participants);
  return {
    ...b,
    library: { ...b.library, name, ean: validEan(300 + n) },
    participants: b.participants.map((p, i) => ({
      ...p,
      email: `d${n}-${i}@example.dk`,
      dietaryNeeds: i === 0 ? 'Vegetar' : '',
    })),
  };
}

beforeAll(async () => {
  api = await startTestApi({
    now: WHILE_OPEN,
    courses: [courseVariant(COURSE, { capacity: { participants: 10 } })],
  });
  const libraries = ['Aabenraa', 'Billund', 'Esbjerg', 'Fanø', 'Give', 'Haderslev', 'Ikast', 'Jelling'];
  // One at a time: signup order is the list's order.
  for (const [n, name] of libraries.entries()) {
    const { status } = await api.post(`/courses/${COURSE}/registrations`, body(`${name} Bibliotek`, n, 2));
    expect(status).toBe(201);
  }
  await api.stack.sweepNow();
  coordinator = await asCoordinator(api.stack);
});
afterAll(() => api.stop());

describe('the coordinator reading routes on DynamoDB Local', () => {
  it('lists the courses', async () => {
    const { status, body } = await coordinator.get('/admin/courses');
    expect(status).toBe(200);
    expect(body.courses).toMatchObject([
      { id: COURSE, counters: { confirmedLibraries: 5, waitlistedLibraries: 3 } },
    ]);
  });

  it('pages through all registrations in signup order with an opaque cursor', async () => {
    const first = await coordinator.get(`${base}/registrations?limit=3`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { library: { name: string } }) => r.library.name)).toEqual([
      'Aabenraa Bibliotek',
      'Billund Bibliotek',
      'Esbjerg Bibliotek',
    ]);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await coordinator.get(`${base}/registrations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      names.push(...page.body.items.map((r: { library: { name: string } }) => r.library.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(8);
    expect(names.at(-1)).toBe('Jelling Bibliotek');
  });

  it('filters by status and by free text in library, participant and email', async () => {
    const waitlisted = await coordinator.get(`${base}/registrations?status=waitlisted`);
    expect(waitlisted.body.items.map((r: { library: { name: string } }) => r.library.name)).toEqual([
      'Haderslev Bibliotek',
      'Ikast Bibliotek',
      'Jelling Bibliotek',
    ]);
    const byName = await coordinator.get(`${base}/registrations?q=${encodeURIComponent('FANØ')}`);
    expect(byName.body.items).toHaveLength(1);
    const byEmail = await coordinator.get(`${base}/registrations?q=d1-1%40example.dk`);
    expect(byEmail.body.items.map((r: { library: { name: string } }) => r.library.name)).toEqual([
      'Billund Bibliotek',
    ]);
  });

  it('refuses a bad filter with 422 naming the parameter, and an unknown course with 404', async () => {
    const bad = await coordinator.get(`${base}/registrations?status=betalt&limit=9999`);
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['limit', 'status']);
    expect((await coordinator.get(`${base}/registrations?cursor=snyd`)).status).toBe(422);
    expect((await coordinator.get('/admin/courses/findes-ikke-2016/totals')).status).toBe(404);
  });

  it('sums the course: people, books, catering, diets, money and the waitlist', async () => {
    const { status, body } = await coordinator.get(`${base}/totals`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      libraries: 5,
      participants: 10,
      booksToOrder: 10,
      cateringCount: 10,
      waitlistedLibraries: 3,
      waitlistedParticipants: 6,
      dietaryNeeds: [{ needs: 'Vegetar', participants: 5 }],
      invoiced: 5 * (995000 + 2 * 75000),
      credited: 0,
      outstanding: 5 * (995000 + 2 * 75000),
      notYetInvoiced: 0,
    });
  });

  it('shows one registration with its invoice and its mails, and 404 for an unknown one', async () => {
    const [first] = (await coordinator.get(`${base}/registrations?limit=1`)).body.items;
    const { status, body } = await coordinator.get(`${base}/registrations/${first.id}`);
    expect(status).toBe(200);
    expect(body.registration.library.name).toBe('Aabenraa Bibliotek');
    expect(body.documents).toMatchObject([{ kind: 'invoice', number: first.invoiceNumber }]);
    expect(body.mailHistory.map((m: { kind: string }) => m.kind)).toEqual(
      expect.arrayContaining(['confirmation', 'invoice']),
    );
    expect((await coordinator.get(`${base}/registrations/0190a1b2-c3d4-7e5f-8a9b-000000000000`)).status).toBe(
      404,
    );
    expect((await coordinator.get(`${base}/registrations/ikke-et-id`)).status).toBe(404);
  });

  it('exports everything stored about one registration as a JSON attachment, and 404 for an unknown one', async () => {
    const [first] = (await coordinator.get(`${base}/registrations?limit=1`)).body.items;
    const { status, headers, body } = await coordinator.get(`${base}/registrations/${first.id}/export`);
    expect(status).toBe(200);
    expect(headers.get('content-disposition')).toBe(`attachment; filename="tilmelding-${first.id}.json"`);
    expect(body.registration).toMatchObject({
      SK: `REG#${first.id}`,
      library: { name: 'Aabenraa Bibliotek' },
    });
    expect(body.libraryGuard).toMatchObject({ SK: `LIB#${validEan(300)}`, registrationId: first.id });
    // The invoice as issued, its OIOUBL included; and a record for every mail in the history.
    expect(body.documents).toMatchObject([
      { PK: `INVOICE#${first.invoiceNumber}`, oioubl: expect.stringContaining('<Invoice') },
    ]);
    const history = (await coordinator.get(`${base}/registrations/${first.id}`)).body.mailHistory as {
      dedupeKey: string;
    }[];
    expect(body.mailRecords.map((m: { PK: string }) => m.PK).sort()).toEqual(
      [...new Set(history.map((m) => `MAIL#${m.dedupeKey}`))].sort(),
    );
    expect(body.mailRecords.every((m: { status: string }) => m.status === 'sent')).toBe(true);
    expect(body.notIncluded).toHaveLength(3);
    expect(
      (await coordinator.get(`${base}/registrations/0190a1b2-c3d4-7e5f-8a9b-000000000000/export`)).status,
    ).toBe(404);
  });

  it('exports the participants as semicolon CSV with a byte order mark, one row each', async () => {
    const response = await apiFetch(`${api.stack.url}${base}/participants.csv`, {
      headers: { authorization: `Bearer ${coordinator.token}` },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="deltagere-${COURSE}.csv"`,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + 16);
    expect(lines[1]?.split(';').slice(0, 2)).toEqual(['Bekræftet', 'Aabenraa Bibliotek']);
    expect(lines.some((l) => l.includes('Fanø Bibliotek'))).toBe(true);
  });

  it('serves an issued invoice as a PDF', async () => {
    const [first] = (await coordinator.get(`${base}/registrations?limit=1`)).body.items;
    const response = await apiFetch(`${api.stack.url}/admin/invoices/${first.invoiceNumber}/pdf`, {
      headers: { authorization: `Bearer ${coordinator.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await coordinator.get('/admin/invoices/KURSUS-9999/pdf')).status).toBe(404);
  });
});
