import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbCourses } from '#adapters/dynamodb-courses.ts';
import { createDocumentClient, DynamoTable } from '#adapters/dynamodb-table.ts';
import { seedCourse } from '../../support/fixtures.ts';

const db = mockClient(DynamoDBDocumentClient);
afterEach(() => db.reset());

const course = seedCourse();

describe('the course definition a signup reads', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is read once for a burst of signups, again after five seconds, and at once after a save', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const courses = dynamoDbCourses(new DynamoTable(createDocumentClient(), 'table'));
    db.on(GetCommand).resolves({ Item: { definition: course } });
    db.on(TransactWriteCommand).resolves({});
    const reads = () => db.commandCalls(GetCommand).length;

    for (let i = 0; i < 3; i++) expect((await courses.getCourseDefinition(course.id))?.id).toBe(course.id);
    expect(reads()).toBe(1);

    vi.advanceTimersByTime(5_001);
    await courses.getCourseDefinition(course.id);
    expect(reads()).toBe(2);

    const renamed = { ...course, title: 'Nyt navn' };
    await courses.putCourse(renamed);
    db.on(GetCommand).resolves({ Item: { definition: renamed } });
    expect((await courses.getCourseDefinition(course.id))?.title).toBe('Nyt navn');
    expect(reads()).toBe(3);
  });
});
