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
import { COURSE_STRUCTURE_TYPE, type CourseStructurePart, itemKeys, keyRanges } from '../table-layout.ts';
import type { DynamoTable } from './dynamodb-table.ts';

/**
 * The course's structure in the single table. Visits, groups and attendance are one item each on the
 * course's partition, written under a version condition: a slot is booked by one library even when two
 * click at once, because the second write finds the version moved and its use case reads again. Cases and
 * links are items of their own, so a participant's save never touches another's.
 */
export function dynamoDbStructure(table: DynamoTable): StructureStore {
  async function readPart<T>(courseId: string, part: CourseStructurePart, empty: T): Promise<Versioned<T>> {
    const item = await table.get(itemKeys.courseStructure(courseId, part), { consistent: true });
    return item ? { value: item.value as T, version: Number(item.version) } : { value: empty, version: 0 };
  }

  async function writePart<T>(
    courseId: string,
    part: CourseStructurePart,
    value: T,
    readVersion: number,
  ): Promise<VersionedWrite> {
    const saved = await table.conditionally((t) =>
      t.put({
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
    return saved ? 'saved' : 'changed';
  }

  return {
    getVisitPlan: (courseId) => readPart<VisitPlan>(courseId, 'VISITS', { slots: [], bookings: [] }),
    saveVisitPlan: (courseId, plan, readVersion) => writePart(courseId, 'VISITS', plan, readVersion),
    getGroupPlan: (courseId) => readPart<GroupPlan>(courseId, 'GROUPS', { groups: [] }),
    saveGroupPlan: (courseId, plan, readVersion) => writePart(courseId, 'GROUPS', plan, readVersion),
    getAttendance: (courseId) => readPart<Attendance>(courseId, 'ATTENDANCE', {}),
    saveAttendance: (courseId, attendance, readVersion) =>
      writePart(courseId, 'ATTENDANCE', attendance, readVersion),

    async listCases(courseId) {
      const items = await table.queryAll(keyRanges.trialCases(courseId), { consistent: true });
      return items.map((item) => item.trialCase as StoredCase);
    },

    async getCase(courseId, registrationId, participantKey) {
      const item = await table.get(itemKeys.trialCase(courseId, registrationId, participantKey), {
        consistent: true,
      });
      return item?.trialCase as StoredCase | undefined;
    },

    async putCase(courseId, stored) {
      await table.put({
        Item: {
          ...itemKeys.trialCase(courseId, stored.registrationId, stored.participantKey),
          type: 'trial-case',
          trialCase: stored,
        },
      });
    },

    async linkToken(owner: LinkOwner, fresh: string) {
      const ownerKey = itemKeys.linkOwner(owner.courseId, owner.registrationId, owner.participantKey);
      // Read first: almost every mail after the first carries a link that exists already.
      const existing = await table.get(ownerKey);
      if (typeof existing?.token === 'string') return existing.token;
      // Both or neither: a token that opens nothing, or an owner whose token opens nothing, never exists.
      const refused = await table.transact([
        {
          Put: {
            Item: { ...ownerKey, type: 'link-owner', token: fresh },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            Item: { ...itemKeys.linkToken(fresh), type: 'link-token', owner },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ]);
      if (!refused) return fresh;
      // Another mail made the owner's link at the same moment: that one is the link.
      const winner = await table.get(ownerKey, { consistent: true });
      if (typeof winner?.token !== 'string') throw refused.error;
      return winner.token;
    },

    async findLink(token) {
      const item = await table.get(itemKeys.linkToken(token));
      return item?.owner as LinkOwner | undefined;
    },

    async deleteStructurePersonalData(courseId) {
      const items = [
        ...(await table.queryAll(keyRanges.trialCases(courseId), { consistent: true })),
        ...(await table.queryAll(keyRanges.linkOwners(courseId), { consistent: true })),
      ];
      let deleted = 0;
      const remove = async (Key: Record<string, unknown>) => {
        await table.delete({ Key });
        deleted++;
      };
      for (const item of items) {
        // The token first: should the run stop between the two, the owner item still names it next time.
        if (typeof item.token === 'string') await remove(itemKeys.linkToken(item.token));
        await remove({ PK: item.PK, SK: item.SK });
      }
      const attendance = await table.delete({
        Key: itemKeys.courseStructure(courseId, 'ATTENDANCE'),
        ReturnValues: 'ALL_OLD',
      });
      return deleted + (attendance ? 1 : 0);
    },
  };
}
