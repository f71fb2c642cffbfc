import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registrationBody, seedCourse, WHILE_OPEN } from '../../support/fixtures.ts';

process.env.TABLE_NAME = 'unit-table';
const ORIGIN_SECRET = 'the-site-cloudfront-secret';
const db = mockClient(DynamoDBDocumentClient);
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<{ statusCode?: number; body?: string }>;
let handler: Handler;

beforeAll(async () => {
  const module = await import('#handlers/create-registration.ts');
  handler = module.createHandler({
    ...(await import('../../../functions/compose.ts')).composeDependencies(),
    clock: { now: () => WHILE_OPEN },
    ids: { registrationId: () => 'reg-1', linkToken: () => 'token-1' },
    originSecret: ORIGIN_SECRET,
  }) as unknown as Handler;
});
afterEach(() => db.reset());

function givenTheSeedCourse() {
  // Nothing else is stored yet: no recent signups from the source either.
  db.on(GetCommand).resolves({});
  db.on(GetCommand, { Key: { PK: 'COURSE#samskabelse-2016', SK: 'COURSE' } }).resolves({
    Item: { PK: 'COURSE#samskabelse-2016', SK: 'COURSE', definition: seedCourse() },
  });
  db.on(GetCommand, { Key: { PK: 'COURSE#samskabelse-2016', SK: 'STATS' } }).resolves({});
}

function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const event = {
    version: '2.0',
    routeKey: 'POST /courses/{courseId}/registrations',
    rawPath: '/courses/samskabelse-2016/registrations',
    headers,
    pathParameters: { courseId: 'samskabelse-2016' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST' }, requestId: 'r' },
  } as unknown as APIGatewayProxyEventV2;
  return handler(event, { awsRequestId: 'r', functionName: 'f' } as Context).then((r) => ({
    status: r.statusCode,
    body: JSON.parse(r.body ?? '{}'),
  }));
}

describe('the create-registration handler', () => {
  it('writes registration, library guard and counters in one transaction and answers 201', async () => {
    givenTheSeedCourse();
    db.on(TransactWriteCommand).resolves({});
    const { status, body } = await post(registrationBody({}, 5));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      registration: { id: 'reg-1', status: 'confirmed' },
      price: { total: 1370000 },
    });
    const [transaction] = db.commandCalls(TransactWriteCommand);
    const keys = transaction?.args[0].input.TransactItems?.map((i) => (i.Put?.Item ?? i.Update?.Key)?.SK);
    expect(keys?.slice(0, 3)).toEqual(['REG#reg-1', 'LIB#5798000000001', 'STATS']);
    // Then one flood counter per address the registration mails: contact, leader, invoice, 5 participants.
    expect(keys?.slice(3)).toHaveLength(8);
    expect(keys?.slice(3).every((key) => String(key).startsWith('ADDR#'))).toBe(true);
  });

  it('turns a failed library-guard condition into 409 ALREADY_REGISTERED', async () => {
    givenTheSeedCourse();
    db.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const { status, body } = await post(registrationBody());
    expect(status).toBe(409);
    expect(body.error.code).toBe('ALREADY_REGISTERED');
  });

  it('answers 500 with a Danish apology and no internals when DynamoDB fails', async () => {
    givenTheSeedCourse();
    db.on(TransactWriteCommand).rejects(
      new Error('ProvisionedThroughputExceeded at arn:aws:dynamodb:secret'),
    );
    const { status, body } = await post(registrationBody());
    expect(status).toBe(500);
    expect(body).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Der opstod en fejl hos os. Prøv igen om lidt.', fields: [] },
    });
  });

  it('answers throttling that outlasted the SDK’s retries with 503 and Retry-After, so the form retries', async () => {
    givenTheSeedCourse();
    db.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
        name: 'ProvisionedThroughputExceededException',
      }),
    );
    const response = await handler(
      {
        version: '2.0',
        routeKey: 'POST /courses/{courseId}/registrations',
        headers: { 'content-type': 'application/json' },
        pathParameters: { courseId: 'samskabelse-2016' },
        body: JSON.stringify(registrationBody()),
        isBase64Encoded: false,
        requestContext: { http: { method: 'POST' }, requestId: 'r' },
      } as unknown as APIGatewayProxyEventV2,
      { awsRequestId: 'r', functionName: 'f' } as Context,
    );
    expect(response.statusCode).toBe(503);
    expect((response as { headers?: Record<string, string> }).headers?.['retry-after']).toBe('1');
    expect(JSON.parse(response.body ?? '{}').error.code).toBe('TEMPORARILY_UNAVAILABLE');
  });

  it('refuses non-JSON, oversize and broken bodies before touching the table', async () => {
    expect((await post('x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(`{"a":"${'x'.repeat(65 * 1024)}"}`)).status).toBe(413);
    expect((await post('{')).status).toBe(400);
    expect(db.calls()).toHaveLength(0);
  });

  /** The network address the signup's transaction counted, as a hash in the source item's key. */
  async function countedAddress(headers: Record<string, string>, via: Handler = handler) {
    givenTheSeedCourse();
    db.on(TransactWriteCommand).resolves({});
    const event = {
      version: '2.0',
      routeKey: 'POST /courses/{courseId}/registrations',
      headers: { 'content-type': 'application/json', ...headers },
      pathParameters: { courseId: 'samskabelse-2016' },
      body: JSON.stringify(registrationBody()),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', sourceIp: '130.176.0.1' }, requestId: 'r' },
    } as unknown as APIGatewayProxyEventV2;
    expect((await via(event, { awsRequestId: 'r', functionName: 'f' } as Context)).statusCode).toBe(201);
    const items = db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    db.reset();
    const sourceKeys = items.flatMap((item) => {
      const pk = String(item.Put?.Item?.PK ?? item.Update?.Key?.PK ?? '');
      return pk.startsWith('SOURCE#') ? [pk] : [];
    });
    const hashes = Object.fromEntries(
      ['203.0.113.7', '130.176.0.1'].map((ip) => [
        `SOURCE#${createHash('sha256').update(ip).digest('base64url').slice(0, 32)}`,
        ip,
      ]),
    );
    return sourceKeys.map((key) => hashes[key] ?? 'another address');
  }

  it("counts a signup through the site's CloudFront, with its origin secret, against the viewer's address", async () => {
    expect(
      await countedAddress({ 'x-viewer-address': '203.0.113.7', 'x-origin-verify': ORIGIN_SECRET }),
    ).toEqual(['203.0.113.7']);
  });

  it('ignores a viewer address sent without the origin secret, or with a wrong one, and counts the source', async () => {
    expect(await countedAddress({ 'x-viewer-address': '203.0.113.7' })).toEqual(['130.176.0.1']);
    expect(
      await countedAddress({ 'x-viewer-address': '203.0.113.7', 'x-origin-verify': `${ORIGIN_SECRET}x` }),
    ).toEqual(['130.176.0.1']);
    expect(await countedAddress({ 'x-viewer-address': '203.0.113.7', 'x-origin-verify': '' })).toEqual([
      '130.176.0.1',
    ]);
  });

  it('never believes a viewer address when no origin secret is configured', async () => {
    const { createHandler } = await import('#handlers/create-registration.ts');
    const unconfigured = createHandler({
      ...(await import('../../../functions/compose.ts')).composeDependencies(),
      clock: { now: () => WHILE_OPEN },
    }) as unknown as Handler;
    expect(
      await countedAddress({ 'x-viewer-address': '203.0.113.7', 'x-origin-verify': '' }, unconfigured),
    ).toEqual(['130.176.0.1']);
  });

  it('refuses an Idempotency-Key that is not visible ASCII as a named field', async () => {
    const { status, body } = await post(registrationBody(), {
      'content-type': 'application/json',
      'idempotency-key': 'nøgle med mellemrum',
    });
    expect(status).toBe(422);
    expect(body.error.fields).toEqual([{ path: 'headers.idempotency-key', message: expect.any(String) }]);
  });
});
