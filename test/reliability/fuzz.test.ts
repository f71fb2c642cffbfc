import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreditNote, buildInvoice } from '#domain/invoice.ts';
import type { Registration } from '#domain/registration.ts';
import { libraryAppointmentCalendar } from '../../functions/documents/calendar.ts';
import { renderOioubl } from '../../functions/documents/oioubl.ts';
import {
  courseVariant,
  EXAMPLE_SELLER,
  registrationBody,
  validEan,
  WHILE_OPEN,
} from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { recordFigure } from './figures.ts';

/**
 * Property-based fuzzing of the public API over HTTP: every generated request is one a careful client
 * would never send, and each must be answered with a 4xx JSON error that names a code, never a 5xx, and
 * must write nothing.
 */

const RUNS = 5000;
const course = courseVariant('fuzz', { capacity: undefined });

const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  kind: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every leaf of a valid registration, by path. */
const LEAVES = [
  ['library', 'name'],
  ['library', 'municipality'],
  ['library', 'address'],
  ['library', 'postalCode'],
  ['library', 'city'],
  ['library', 'ean'],
  ['library', 'cvr'],
  ['contact', 'name'],
  ['contact', 'email'],
  ['contact', 'phone'],
  ['leader', 'name'],
  ['leader', 'email'],
  ['participants', 0, 'name'],
  ['participants', 0, 'email'],
  ['participants', 0, 'jobTitle'],
  ['invoiceReference'],
  ['consent'],
] as const;
const REQUIRED_STRINGS = LEAVES.filter(
  (path) => !['cvr', 'jobTitle', 'consent'].includes(String(path.at(-1))),
);

function setAt(target: Record<string, Json>, path: readonly (string | number)[], value: Json | undefined) {
  let node = target as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** A path segment as sent on the wire: dots encoded too, so no client folds `..` away before it leaves. */
const segment = (text: string) => encodeURIComponent(text).replaceAll('.', '%2E');

const validBody = () => structuredClone(registrationBody()) as unknown as Record<string, Json>;

const controlCharacter = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
/** Characters no person types, that the text rule refuses: noncharacters, lone surrogates, U+FFFD. */
const untravellableCharacter = fc.oneof(
  fc
    .integer({ min: 0, max: 16 })
    .chain((plane) =>
      fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff).map((c) => String.fromCodePoint(c)),
    ),
  fc.integer({ min: 0xfdd0, max: 0xfdef }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constant('\ufffd'),
);
const hostileText = fc.oneof(
  fc.tuple(fc.string({ maxLength: 20 }), untravellableCharacter).map(([text, odd]) => `${text}${odd}`),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    "'; DROP TABLE--",
    '\u202Eevil',
    '𝕏'.repeat(30),
  ),
);

/** A body that breaks the contract in at least one way, whatever else it holds. */
const invalidBody: fc.Arbitrary<{ kind: string; body: Json }> = fc.oneof(
  // A required text of the wrong type.
  fc
    .tuple(
      fc.constantFrom(...REQUIRED_STRINGS),
      fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
      ),
    )
    .map(([path, value]) => {
      const body = validBody();
      setAt(body, path, value as Json);
      return { kind: 'wrong type', body };
    }),
  // A required field missing.
  fc.constantFrom(...LEAVES.filter((p) => p.at(-1) !== 'cvr' && p.at(-1) !== 'jobTitle')).map((path) => {
    const body = validBody();
    setAt(body, path, undefined);
    return { kind: 'missing field', body };
  }),
  // A text far over its limit, of any characters.
  fc.tuple(fc.constantFrom(...REQUIRED_STRINGS), hostileText).map(([path, text]) => {
    const body = validBody();
    setAt(body, path, `${text}${'æ'.repeat(3000)}`);
    return { kind: 'huge string', body };
  }),
  // Control characters inside a name, address or reference.
  fc
    .tuple(
      fc.constantFrom(
        ...REQUIRED_STRINGS.filter((p) => !/email|ean|postalCode|phone/.test(String(p.at(-1)))),
      ),
      hostileText,
      controlCharacter,
    )
    .map(([path, text, control]) => {
      const body = validBody();
      setAt(body, path, `Navn ${text.slice(0, 20)}${control}slut`);
      return { kind: 'control character', body };
    }),
  // Keys that try to reach an object's prototype, or any other unknown key, anywhere.
  fc
    .tuple(
      fc.constantFrom(
        ['__proto__'],
        ['constructor'],
        ['prototype'],
        ['library', '__proto__'],
        ['participants', 0, 'constructor'],
        ['contact', 'isAdmin'],
      ),
      fc.jsonValue(),
    )
    .map(([path, value]) => {
      const body = validBody();
      // Built as JSON text, so "__proto__" arrives as a plain key, as an attacker would send it.
      const text = `{"${path.length === 1 ? path[0] : 'x'}":${JSON.stringify(value)},${JSON.stringify(body).slice(1)}`;
      const parsed = JSON.parse(text) as Record<string, Json>;
      if (path.length > 1) {
        delete parsed.x;
        const parent = path
          .slice(0, -1)
          .reduce<Json>(
            (node, step) => (node as Record<string | number, Json>)[step] as Json,
            parsed,
          ) as Record<string, Json>;
        Object.defineProperty(parent, String(path.at(-1)), {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return { kind: 'prototype or unknown key', body: parsed };
    }),
  // Deep nesting in place of a field.
  fc.integer({ min: 20, max: 2000 }).map((depth) => {
    const body = validBody();
    let nested: Json = 'bund';
    for (let i = 0; i < depth; i++) nested = { n: nested };
    body.comment = nested;
    return { kind: 'deep nesting', body };
  }),
  // Consent not given.
  fc
    .constantFrom<Json>(false, 'true', 1, null, 'ja')
    .map((consent) => ({ kind: 'no consent', body: { ...validBody(), consent } })),
  // The trap field filled in.
  fc
    .string({ minLength: 1, maxLength: 30 })
    .map((website) => ({ kind: 'honeypot', body: { ...validBody(), website } })),
  // Anything at all as the body.
  fc.jsonValue({ maxDepth: 4 }).map((body) => ({ kind: 'random JSON', body: body as Json })),
);

const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 12,
    arbitrary: invalidBody.map(({ kind, body }) => ({
      method: 'POST',
      path: `/courses/${course.id}/registrations`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      kind,
    })),
  },
  // Wrong or missing content type on an otherwise valid body.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        '',
        'application/jsonx',
        'json',
      )
      .map((type) => ({
        method: 'POST',
        path: `/courses/${course.id}/registrations`,
        headers: (type ? { 'content-type': type } : {}) as Record<string, string>,
        body: JSON.stringify(validBody()),
        kind: 'wrong content type',
      })),
  },
  // Not JSON, or broken JSON.
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constant('{"library":'),
        fc.constant('[1,2'),
        fc.constant('\u0000'),
      )
      .filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      })
      .map((text) => ({
        method: 'POST',
        path: `/courses/${course.id}/registrations`,
        headers: { 'content-type': 'application/json' },
        body: text,
        kind: 'broken JSON',
      })),
  },
  // Over the size limit.
  {
    weight: 1,
    arbitrary: fc.integer({ min: 65 * 1024, max: 300 * 1024 }).map((size) => ({
      method: 'POST',
      path: `/courses/${course.id}/registrations`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...validBody(), comment: 'x'.repeat(size) }),
      kind: 'oversize body',
    })),
  },
  // Unknown or hostile course ids, on both public routes.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('GET', 'POST'),
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
          fc.constantFrom('..', '%2e%2e%2f', 'COURSE#fuzz', 'fuzz%00', 'a'.repeat(500), 'fuzz/../fuzz'),
        ),
      )
      .map(([method, id]) => ({
        method,
        path: method === 'GET' ? `/courses/${segment(id)}` : `/courses/${segment(id)}/registrations`,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' && { body: JSON.stringify(validBody()) }),
        kind: 'unknown course',
      })),
  },
  // Hostile Idempotency-Keys on an invalid body.
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 600 }).map((key) => ({
      method: 'POST',
      path: `/courses/${course.id}/registrations`,
      headers: { 'content-type': 'application/json', 'idempotency-key': key.replace(/[\r\n]/g, '') || 'k' },
      body: JSON.stringify({ ...validBody(), consent: false }),
      kind: 'idempotency key',
    })),
  },
);

const TEXT_RUNS = 400;
const textCourse = courseVariant('fuzz-tekst', { capacity: undefined });

/** The texts of a registration that reach the invoice, the mails and the calendars. */
const FREE_TEXTS = [
  ...LEAVES.filter((path) => !/ean|cvr|email|phone|postalCode|consent/.test(String(path.at(-1)))),
  ['participants', 0, 'dietaryNeeds'],
  ['comment'],
] as const;

/** Bytes no UTF-8 encoder writes: a lone continuation byte, an overlong slash, a byte never used, a cut-off sequence. */
const INVALID_UTF8 = [[0x80], [0xc0, 0xaf], [0xff], [0xe2, 0x82]];
const BYTES_MARK = '\u0002bytes\u0002';

/** Any text at all, often with XML's markup, sometimes with a character that cannot travel. */
const freeText = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc
    .tuple(
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constantFrom('<', '&', ']]>', '"', "'", '&#xFFFF;', '\r\n', '\t', '𝕏', '\u202e'),
    )
    .map(([text, markup]) => `Bibliotek ${text}${markup}`),
  fc
    .tuple(fc.string({ maxLength: 10 }), untravellableCharacter)
    .map(([text, odd]) => `Bibliotek ${text}${odd}`),
  fc
    .tuple(fc.string({ maxLength: 10 }), controlCharacter)
    .map(([text, control]) => `Bibliotek ${text}${control}`),
);

interface TextCase {
  path: readonly (string | number)[];
  /** The JSON text sent, with BYTES_MARK where invalid UTF-8 bytes go. */
  json: string;
  bytes: number[] | undefined;
}

const textCase: fc.Arbitrary<Omit<TextCase, 'json'> & { text: string }> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      path: fc.constantFrom(...FREE_TEXTS),
      text: freeText,
      bytes: fc.constant(undefined),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      path: fc.constantFrom(...FREE_TEXTS),
      text: fc.string({ maxLength: 10 }).map((text) => `Bibliotek ${text}`),
      bytes: fc.constantFrom(...INVALID_UTF8),
    }),
  },
);

/** Whether a text holds a character the system must refuse: XML 1.0 cannot carry it, or no person types it. */
function cannotTravel(text: string): boolean {
  return /[\p{Surrogate}\p{Noncharacter_Code_Point}\uFFFD]|[^\P{Cc}\t\n\r\u007F-\u009F]/u.test(text);
}

/**
 * The request exactly as generated: node:http sends the path as it is, where fetch would first fold
 * `%2E%2E` and other dot segments away (the WHATWG URL rules), as an attacker's own client need not.
 */
function send(base: string, request: FuzzRequest) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname, port, method: request.method, path: request.path, headers: request.headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: String(incoming.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

describe(`fuzzing the public API with ${RUNS} generated requests`, () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: WHILE_OPEN, courses: [course, textCourse], background: false });
  });
  afterAll(() => api.stop());

  it('answers every one with a 4xx JSON error naming a code, never a 5xx, and writes nothing', async () => {
    const kinds = new Map<string, number>();
    const statuses = new Map<number, number>();
    // A first round to warm up, then memory is measured over the run.
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (request) => {
        const response = await send(api.stack.url, request);
        const { text } = response;
        kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${request.kind}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${request.kind}: ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(response.contentType).toMatch(/^application\/json/);
        const body = JSON.parse(text) as { error?: { code?: unknown }; message?: unknown };
        // Our answers name a code; API Gateway's own (no route) carry its message, as in AWS.
        expect(typeof body.error?.code === 'string' || body.message === 'Not Found', text.slice(0, 300)).toBe(
          true,
        );
      }),
      // A fixed seed by default, so CI is repeatable; FUZZ_SEED=<n> explores other inputs.
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 2016_03_07), verbose: 1 },
    );
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    const written = (await api.itemsOfCourse(course.id)).filter((item) => item.type !== 'course');
    expect(written).toEqual([]);
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
    recordFigure({
      area: 'bad input',
      what: `${RUNS} fuzzed requests`,
      figure: `${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; 0 items written; heap ${(heapGrowth / 2 ** 20).toFixed(1)} MB after`,
    });
    recordFigure({
      area: 'bad input',
      what: '  by kind',
      figure: [...kinds].map(([k, n]) => `${k} ${n}`).join(', '),
    });
  });

  it('refuses every text that cannot travel, naming its field, and writes well-formed XML for every text it takes', async () => {
    let libraries = 0;
    const outcomes = { taken: 0, refusedText: 0, refusedOther: 0 };
    await fc.assert(
      fc.asyncProperty(textCase, async ({ path, text, bytes }) => {
        const body = validBody();
        (body.library as Record<string, Json>).ean = validEan(libraries++);
        setAt(body, path, bytes ? `${text}${BYTES_MARK}` : text);
        const [before, after = ''] = JSON.stringify(body).split(JSON.stringify(BYTES_MARK).slice(1, -1));
        const sent = bytes
          ? Buffer.concat([Buffer.from(before ?? ''), Buffer.from(bytes), Buffer.from(after)])
          : Buffer.from(before ?? '');
        const response = await send(api.stack.url, {
          method: 'POST',
          path: `/courses/${textCourse.id}/registrations`,
          headers: { 'content-type': 'application/json' },
          body: sent,
          kind: 'text',
        });
        const field = path.join('.');
        const answer = `${field} ${JSON.stringify(text)}: ${response.text.slice(0, 300)}`;
        if (bytes || cannotTravel(text)) {
          expect(response.status, answer).toBe(422);
          const { fields } = (JSON.parse(response.text) as { error: { fields: { path: string }[] } }).error;
          expect(
            fields.map((problem) => problem.path),
            answer,
          ).toContain(field);
          outcomes.refusedText++;
        } else {
          expect([201, 422], answer).toContain(response.status);
          if (response.status === 201) outcomes.taken++;
          else outcomes.refusedOther++;
        }
      }),
      { numRuns: TEXT_RUNS, seed: Number(process.env.FUZZ_SEED ?? 2016_03_07), verbose: 1 },
    );

    // Every text taken travels into each document the system writes with it.
    const taken = (await api.itemsOfCourse(textCourse.id)).filter((item) => item.type === 'registration');
    expect(taken).toHaveLength(outcomes.taken);
    const visitRound = textCourse.sessions.find((session) => session.kind === 'visit-round');
    if (!visitRound) throw new Error('the seed course has a visit round');
    const folder = mkdtempSync(join(tmpdir(), 'fuzz-oioubl-'));
    try {
      const files = taken.flatMap((item, i) => {
        const registration = item as unknown as Registration;
        const invoice = buildInvoice(textCourse, registration, EXAMPLE_SELLER, {
          sequence: i + 1,
          issueDate: '2016-02-10',
        });
        const creditNote = buildCreditNote(invoice, { sequence: i + 1, issueDate: '2016-02-11' });
        const calendar = libraryAppointmentCalendar(
          textCourse,
          visitRound,
          {
            kind: 'visit',
            registrationId: registration.id,
            host: registration,
            start: WHILE_OPEN,
            minutes: 90,
            sequence: 0,
          },
          WHILE_OPEN,
        );
        const [event] = new ICAL.Component(ICAL.parse(calendar)).getAllSubcomponents('vevent');
        expect(event?.getFirstPropertyValue('location')).toContain(registration.library.name);
        return [invoice, creditNote].map((document) => {
          const file = join(folder, `${document.number}.xml`);
          writeFileSync(file, renderOioubl(document));
          return file;
        });
      });
      const lint = await new Promise<{ code: number | null; errors: string }>((resolve) =>
        execFile('xmllint', ['--noout', ...files], (error, _out, errors) =>
          resolve({ code: error ? (error.code as number) : 0, errors }),
        ),
      );
      expect(lint.errors).toBe('');
      expect(lint.code).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(outcomes.taken).toBeGreaterThan(TEXT_RUNS / 4);
    expect(outcomes.refusedText).toBeGreaterThan(TEXT_RUNS / 10);
    recordFigure({
      area: 'bad input',
      what: `${TEXT_RUNS} fuzzed texts`,
      figure: `${outcomes.taken} taken (invoice and credit note well-formed XML, calendar parsed), ${outcomes.refusedText} refused as text that cannot travel, ${outcomes.refusedOther} refused by other rules`,
    });
  });
});
