import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Clock, Ids } from '#app/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/**
 * UUIDv7: unguessable like v4, but ordered by creation time, so a Query over a course's registration keys
 * lists registrations in signup order (the coordinator's list pages through them that way).
 */
export const randomIds: Ids = {
  registrationId: () => uuidv7(),
  // 192 random bits, URL-safe: a link in a mail is the only key to a library's booking or a person's case.
  linkToken: () => randomBytes(24).toString('base64url'),
};
