import type { Schema } from './route-spec.ts';

/**
 * The JSON body of each route's successful answer, by operationId; absent where the answer is not JSON.
 * A placeholder until the schemas are written: the route table looks its answers up here.
 */
export const responseBodies: Record<string, Schema> = {};
