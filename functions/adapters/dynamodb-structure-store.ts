import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  GroupPlan,
  LinkOwner,
  StoredCase,
  StructureStore,
  Versioned,
  VersionedWrite,
  VisitPlan,
} from '#app/ports.ts';
import type { Attendance } from '#domain/attendance.ts';
import { COURSE_STRUCTURE_TYPE, type CourseStructurePart, itemKeys } from '../table-layout.ts';

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * The course's structure in the single table. Visits, groups and attendance are one item each on the
 * course's partition, written under a version condition: a slot is booked by one library even when two
 * click at once, because the second write finds the version moved and its use case reads again. Cases and
 * links are items of their own, so a participant's save never touches another's.
 */
export class DynamoDbStructureStore implements StructureStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  getVisitPlan(courseId: string): Promise<Versioned<VisitPlan>> {
    return this.readPart(courseId, 'VISITS', { slots: [], bookings: [] });
  }

  saveVisitPlan(courseId: string, plan: VisitPlan, readVersion: number): Promise<VersionedWrite> {
    return this.writePart(courseId, 'VISITS', plan, readVersion);
  }

  getGroupPlan(courseId: string): Promise<Versioned<GroupPlan>> {
    return this.readPart(courseId, 'GROUPS', { groups: [] });
  }

  saveGroupPlan(courseId: string, plan: GroupPlan, readVersion: number): Promise<VersionedWrite> {
    return this.writePart(courseId, 'GROUPS', plan, readVersion);
  }

  getAttendance(courseId: string): Promise<Versioned<Attendance>> {
    return this.readPart(courseId, 'ATTENDANCE', {});
  }

  saveAttendance(courseId: string, attendance: Attendance, readVersion: number): Promise<VersionedWrite> {
    return this.writePart(courseId, 'ATTENDANCE', attendance, readVersion);
  }

  async listCases(courseId: string): Promise<StoredCase[]> {
    const items = await this.queryPrefix(courseId, 'CASE#');
    return items.map((item) => item.trialCase as StoredCase);
  }

  async getCase(
    courseId: string,
    registrationId: string,
    participantKey: string,
  ): Promise<StoredCase | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.trialCase(courseId, registrationId, participantKey),
        ConsistentRead: true,
      }),
    );
    return Item?.trialCase as StoredCase | undefined;
  }

  async putCase(courseId: string, stored: StoredCase): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...itemKeys.trialCase(courseId, stored.registrationId, stored.participantKey),
          type: 'trial-case',
          trialCase: stored,
        },
      }),
    );
  }

  async linkToken(owner: LinkOwner, fresh: string): Promise<string> {
    const ownerKey = itemKeys.linkOwner(owner.courseId, owner.registrationId, owner.participantKey);
    // Read first: almost every mail after the first carries a link that exists already.
    const existing = await this.db.send(new GetCommand({ TableName: this.tableName, Key: ownerKey }));
    if (typeof existing.Item?.token === 'string') return existing.Item.token;
    try {
      // Both or neither: a token that opens nothing, or an owner whose token opens nothing, never exists.
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...ownerKey, type: 'link-owner', token: fresh },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...itemKeys.linkToken(fresh), type: 'link-token', owner },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return fresh;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: ownerKey, ConsistentRead: true }),
      );
      if (typeof Item?.token !== 'string') throw error;
      return Item.token;
    }
  }

  async findLink(token: string): Promise<LinkOwner | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKeys.linkToken(token) }),
    );
    return Item?.owner as LinkOwner | undefined;
  }

  async deleteStructurePersonalData(courseId: string): Promise<number> {
    const items = [
      ...(await this.queryPrefix(courseId, 'CASE#')),
      ...(await this.queryPrefix(courseId, 'LINK#')),
    ];
    let deleted = 0;
    const remove = async (Key: Record<string, unknown>) => {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key }));
      deleted++;
    };
    for (const item of items) {
      // The token first: should the run stop between the two, the owner item still names it next time.
      if (typeof item.token === 'string') await remove(itemKeys.linkToken(item.token));
      await remove({ PK: item.PK, SK: item.SK });
    }
    const attendance = itemKeys.courseStructure(courseId, 'ATTENDANCE');
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: attendance, ReturnValues: 'ALL_OLD' }),
    );
    return deleted + (Attributes ? 1 : 0);
  }

  private async readPart<T>(courseId: string, part: CourseStructurePart, empty: T): Promise<Versioned<T>> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.courseStructure(courseId, part),
        ConsistentRead: true,
      }),
    );
    if (!Item) return { value: empty, version: 0 };
    return { value: Item.value as T, version: Number(Item.version) };
  }

  private async writePart<T>(
    courseId: string,
    part: CourseStructurePart,
    value: T,
    readVersion: number,
  ): Promise<VersionedWrite> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKeys.courseStructure(courseId, part),
            type: COURSE_STRUCTURE_TYPE,
            courseId,
            part,
            value,
            version: readVersion + 1,
          },
          ConditionExpression: readVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :read',
          ...(readVersion !== 0 && { ExpressionAttributeValues: { ':read': readVersion } }),
        }),
      );
      return 'saved';
    } catch (error) {
      if (isConditionFailure(error)) return 'changed';
      throw error;
    }
  }

  private async queryPrefix(courseId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': itemKeys.course(courseId).PK, ':prefix': prefix },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
