import { openApiDocument } from '../http/openapi.ts';
import { routeTable } from '../http/route-table.ts';
import { Answer, routeHandler } from './dispatch.ts';
import { json } from './http.ts';

/** Cacheable: the document changes only with a deployment. */
const CACHE_CONTROL = 'public, max-age=300';

/** The API's own description, generated from the route table once per cold start. */
export function createHandler() {
  let document: Record<string, unknown> | undefined;
  return routeHandler(
    'OpenApiDocument',
    {},
    {
      getOpenApiDocument: async () => {
        document ??= openApiDocument(routeTable);
        return new Answer(json(200, document, { 'cache-control': CACHE_CONTROL }));
      },
    },
  );
}

export const handler = createHandler();
