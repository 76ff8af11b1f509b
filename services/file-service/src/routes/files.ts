/** GET /api/files (search, filters, cursor pages), GET /api/files/platforms, GET /api/files/:id, DELETE /api/files/:id. */
import type { z } from 'zod';
import {
  badRequest,
  currentUser,
  idParamsSchema,
  noContentSchema,
  notFound,
  ownerScope,
  requireUser,
  type ServiceApp,
} from '@smh/shared';
import type { Catalog } from '../adapters/catalog.js';
import { toPublicFile } from '../domain/file-record.js';
import { InvalidListQuery, decodeListCursor, parseDateBound, type ListFilters } from '../domain/list-query.js';
import type { Library } from '../library.js';
import { fileEnvelopeSchema, fileListSchema, listFilesQuerySchema, platformListSchema } from './schemas.js';

function listFilters(query: z.infer<typeof listFilesQuerySchema>, ownerId: string | null): ListFilters {
  try {
    return {
      ownerId,
      q: query.q,
      type: query.type,
      username: query.username,
      platform: query.platform,
      ids: query.ids,
      from: query.from ? parseDateBound(query.from, 'from') : undefined,
      to: query.to ? parseDateBound(query.to, 'to') : undefined,
      sort: query.sort,
      limit: query.limit,
      cursor: decodeListCursor(query.cursor, query.sort),
    };
  } catch (error) {
    if (error instanceof InvalidListQuery)
      throw badRequest(`Invalid list query: ${error.message}.`, undefined, 'INVALID_QUERY');
    throw error;
  }
}

export function registerFileRoutes(app: ServiceApp, deps: { catalog: Catalog; library: Library }): void {
  const { catalog, library } = deps;

  app.get(
    '/api/files',
    {
      preHandler: requireUser,
      schema: {
        tags: ['files'],
        summary: 'List and search your files',
        querystring: listFilesQuerySchema,
        response: { 200: fileListSchema },
      },
    },
    async (request) => {
      const filters = listFilters(request.query, ownerScope(currentUser(request)));
      const page = await catalog.list(filters);
      return { items: page.rows.map(toPublicFile), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/files/platforms',
    {
      preHandler: requireUser,
      schema: {
        tags: ['files'],
        summary: 'The platforms your files came from (for the platform filter)',
        response: { 200: platformListSchema },
      },
    },
    async (request) => ({ platforms: await catalog.platforms(ownerScope(currentUser(request))) }),
  );

  app.get(
    '/api/files/:id',
    {
      preHandler: requireUser,
      schema: { tags: ['files'], summary: 'One file', params: idParamsSchema, response: { 200: fileEnvelopeSchema } },
    },
    async (request) => {
      const row = await catalog.get(request.params.id, ownerScope(currentUser(request)));
      if (!row) throw notFound('File');
      return { file: toPublicFile(row) };
    },
  );

  app.delete(
    '/api/files/:id',
    {
      preHandler: requireUser,
      schema: {
        tags: ['files'],
        summary: 'Delete a file, its sidecar and thumbnail',
        params: idParamsSchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await library.remove(request.params.id, ownerScope(currentUser(request)));
      return reply.code(204).send(null);
    },
  );
}
