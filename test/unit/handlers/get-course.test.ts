import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { courseVariant, WHILE_OPEN } from '../../support/fixtures.ts';

process.env.TABLE_NAME = 'unit-table';
const db = mockClient(DynamoDBDocumentClient);
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<{ statusCode?: number; body?: string }>;
let handler: Handler;

beforeAll(async () => {
  const { createHandler } = await import('#handlers/get-course.ts');
  const { composeDependencies } = await import('../../../functions/compose.ts');
  handler = createHandler({
    ...composeDependencies(),
    clock: { now: () => WHILE_OPEN },
    contactAddresses: { coordinator: 'lone@example.dk' },
  }) as unknown as Handler;
});
afterEach(() => db.reset());

async function get(courseId: string) {
  const event = {
    routeKey: 'GET /courses/{courseId}',
    pathParameters: { courseId },
    headers: {},
    requestContext: {},
  } as unknown as APIGatewayProxyEventV2;
  const result = await handler(event, { awsRequestId: 'r' } as Context);
  return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
}

describe('the get-course handler', () => {
  it('answers 404 COURSE_NOT_FOUND in Danish for an unknown course', async () => {
    db.on(GetCommand).resolves({});
    const { status, body } = await get('ukendt');
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'COURSE_NOT_FOUND', message: 'Kurset findes ikke.', fields: [] });
  });

  it('tells the seats left when the course has a capacity, and the configured coordinator address', async () => {
    const course = courseVariant('med-loft', { capacity: { participants: 20 } });
    db.on(GetCommand, { Key: { PK: 'COURSE#med-loft', SK: 'COURSE' } }).resolves({
      Item: { definition: course },
    });
    db.on(GetCommand, { Key: { PK: 'COURSE#med-loft', SK: 'STATS' } }).resolves({
      Item: { confirmedParticipants: 17, confirmedLibraries: 4 },
    });
    const { status, body } = await get('med-loft');
    expect(status).toBe(200);
    expect(body.seatsLeft).toBe(3);
    expect(body.signupOpen).toBe(true);
    expect(body.contacts.find((c: { role: string }) => c.role === 'coordinator').email).toBe(
      'lone@example.dk',
    );
  });
});
