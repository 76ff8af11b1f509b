/** /api/downloads: the user's downloads (ownership: other users get 404, admins see all). */
import {
  conflict,
  currentUser,
  decodeKeysetCursor,
  encodeCursor,
  idParamsSchema,
  notFound,
  ownerScope,
  requireUser,
  type EventBus,
  type ServiceApp,
} from '@smh/shared';
import type { FastifyRequest } from 'fastify';
import { acceptDownload, enqueueDownload, type IntakeDeps } from '../intake.js';
import type { CancelRegistry } from '../jobs/cancel-registry.js';
import type { DownloadRecord } from '../repository/downloads-repo.js';
import {
  createDownloadBodySchema,
  downloadListSchema,
  downloadViewSchema,
  listDownloadsQuerySchema,
  retryFailedResultSchema,
} from './schemas.js';
import { toView } from './views.js';

export interface PublicRouteDeps extends IntakeDeps {
  events: EventBus;
  cancels: CancelRegistry;
}

const tags = ['downloads'];

export function registerPublicRoutes(app: ServiceApp, deps: PublicRouteDeps): void {
  const { repo } = deps;

  async function owned(request: FastifyRequest, id: string): Promise<DownloadRecord> {
    const scope = ownerScope(currentUser(request));
    const record = await repo.get(id);
    if (!record || (scope !== null && record.ownerId !== scope)) throw notFound('Download');
    return record;
  }

  /** The record again after a change (it was read moments ago, so gone means deleted concurrently). */
  async function reread(id: string): Promise<DownloadRecord> {
    const record = await repo.get(id);
    if (!record) throw notFound('Download');
    return record;
  }

  async function view(record: DownloadRecord) {
    return toView(record, (await repo.fileIds([record.id])).get(record.id) ?? []);
  }

  app.post(
    '/api/downloads',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Start a download of an Instagram URL or a direct file URL',
        body: createDownloadBodySchema,
        response: { 202: downloadViewSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const record = await acceptDownload(deps, {
        ownerId: currentUser(request).userId,
        url: body.url,
        ...(body.sessionId ? { sessionId: body.sessionId } : {}),
        ...(body.include ? { include: body.include } : {}),
        ...(body.limit ? { limit: body.limit } : {}),
        incremental: body.full ? false : 'when-archived',
        requestId: request.id,
      });
      return reply.code(202).send(toView(record, []));
    },
  );

  app.get(
    '/api/downloads',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'List downloads, newest first',
        querystring: listDownloadsQuerySchema,
        response: { 200: downloadListSchema },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const decoded = decodeKeysetCursor(cursor);
      const after = decoded ? { createdAt: decoded.at, id: decoded.id } : undefined;
      const records = await repo.list({
        ownerId: ownerScope(currentUser(request)),
        limit: limit + 1,
        ...(status ? { status } : {}),
        ...(after ? { after } : {}),
      });
      const page = records.slice(0, limit);
      const fileIds = await repo.fileIds(page.map((record) => record.id));
      const last = page[page.length - 1];
      return {
        items: page.map((record) => toView(record, fileIds.get(record.id) ?? [])),
        nextCursor: records.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
      };
    },
  );

  app.get(
    '/api/downloads/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'One download with its progress and files',
        params: idParamsSchema,
        response: { 200: downloadViewSchema },
      },
    },
    async (request) => view(await owned(request, request.params.id)),
  );

  app.post(
    '/api/downloads/:id/cancel',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Cancel a queued or running download',
        params: idParamsSchema,
        response: { 200: downloadViewSchema },
      },
    },
    async (request) => {
      const record = await owned(request, request.params.id);
      const previous = await repo.cancel(record.id);
      if (!previous)
        throw conflict(`Only queued or running downloads can be canceled; this one is ${record.status}.`, {
          status: record.status,
        });
      if (previous === 'running') {
        deps.cancels.cancel(record.id);
        await deps.events.publish('download.cancel-requested', { id: record.id, ownerId: record.ownerId });
      }
      await deps.events.publish('download.canceled', { id: record.id, ownerId: record.ownerId });
      return view(await reread(record.id));
    },
  );

  app.post(
    '/api/downloads/:id/retry',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Queue a failed or canceled download again (completed items are kept)',
        params: idParamsSchema,
        response: { 202: downloadViewSchema },
      },
    },
    async (request, reply) => {
      const record = await owned(request, request.params.id);
      if (!(await repo.requeue(record.id)))
        throw conflict(`Only failed or canceled downloads can be retried; this one is ${record.status}.`, {
          status: record.status,
        });
      await enqueueDownload(deps.queue, record, request.id);
      return reply.code(202).send(await view(await reread(record.id)));
    },
  );

  app.post(
    '/api/downloads/retry-failed',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: "Queue all of the caller's failed downloads again",
        response: { 202: retryFailedResultSchema },
      },
    },
    async (request, reply) => {
      const ownerId = currentUser(request).userId;
      const ids = await repo.requeueFailed(ownerId);
      for (const id of ids) await enqueueDownload(deps.queue, { id, ownerId }, request.id);
      return reply.code(202).send({ retried: ids.length, ids });
    },
  );
}
