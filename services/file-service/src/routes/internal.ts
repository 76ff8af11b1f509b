/** Routes for the hub's services only (service token): register (one or a batch), read, update, look up, batch read. */
import {
  badRequest,
  fileLookupQuerySchema,
  fileLookupResultSchema,
  idParamsSchema,
  notFound,
  registerFileSchema,
  requireService,
  updateFileSchema,
  type ServiceApp,
} from '@smh/shared';
import type { Catalog } from '../adapters/catalog.js';
import { toInternalFile } from '../domain/file-record.js';
import type { Library } from '../library.js';
import {
  batchIdsQuerySchema,
  internalFileEnvelopeSchema,
  internalFileListSchema,
  lookupMediaIdsBodySchema,
  registerBatchBodySchema,
  registerBatchResultSchema,
} from './schemas.js';

export function registerInternalRoutes(app: ServiceApp, deps: { catalog: Catalog; library: Library }): void {
  const { catalog, library } = deps;
  const tags = ['internal'];

  app.post(
    '/internal/files',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: 'Register a complete file already committed to storage',
        body: registerFileSchema,
        response: { 201: internalFileEnvelopeSchema },
      },
    },
    async (request, reply) => reply.code(201).send({ file: toInternalFile(await library.register(request.body)) }),
  );

  app.post(
    '/internal/files/batch',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: 'Register many complete files in one call (each accepted or refused on its own)',
        body: registerBatchBodySchema,
        response: { 200: registerBatchResultSchema },
      },
    },
    async (request) => ({
      results: (await library.registerMany(request.body.files)).map((outcome) =>
        'file' in outcome
          ? { file: toInternalFile(outcome.file) }
          : {
              error: {
                status: outcome.error.status,
                code: outcome.error.code,
                message: outcome.error.message,
                details: outcome.error.details,
              },
            },
      ),
    }),
  );

  app.get(
    '/internal/files/lookup',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: "Find an owner's file by content hash or platform media id",
        querystring: fileLookupQuerySchema,
        response: { 200: fileLookupResultSchema },
      },
    },
    async (request) => {
      const { ownerId, sha256, mediaId } = request.query;
      if ((sha256 === undefined) === (mediaId === undefined))
        throw badRequest('Give exactly one of sha256 or mediaId.', undefined, 'INVALID_QUERY');
      const row = await catalog.lookup(ownerId, { sha256, mediaId });
      return { file: row ? toInternalFile(row) : null };
    },
  );

  app.post(
    '/internal/files/lookup',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: "An owner's files among many platform media ids (one query; unknown ids are left out)",
        body: lookupMediaIdsBodySchema,
        response: { 200: internalFileListSchema },
      },
    },
    async (request) => ({
      items: (await catalog.lookupMediaIds(request.body.ownerId, request.body.mediaIds)).map(toInternalFile),
    }),
  );

  app.get(
    '/internal/files',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: 'Several files by id (unknown ids are left out)',
        querystring: batchIdsQuerySchema,
        response: { 200: internalFileListSchema },
      },
    },
    async (request) => {
      const rows = await catalog.getMany(request.query.ids, null);
      const order = new Map(request.query.ids.map((id, index) => [id, index]));
      rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      return { items: rows.map(toInternalFile) };
    },
  );

  app.get(
    '/internal/files/:id',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: 'One file with its storage keys',
        params: idParamsSchema,
        response: { 200: internalFileEnvelopeSchema },
      },
    },
    async (request) => {
      const row = await catalog.get(request.params.id, null);
      if (!row) throw notFound('File');
      return { file: toInternalFile(row) };
    },
  );

  app.patch(
    '/internal/files/:id',
    {
      preHandler: requireService,
      schema: {
        tags,
        summary: 'Record probe facts or a thumbnail/poster',
        params: idParamsSchema,
        body: updateFileSchema,
        response: { 200: internalFileEnvelopeSchema },
      },
    },
    async (request) => ({ file: toInternalFile(await library.update(request.params.id, request.body)) }),
  );
}
