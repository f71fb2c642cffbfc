import { randomUUID } from 'node:crypto';
import type { Clock, Ids } from '#app/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: Ids = { registrationId: () => randomUUID() };
