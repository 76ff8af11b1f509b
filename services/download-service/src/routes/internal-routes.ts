/** /internal/downloads: other services (the scheduler) start and follow downloads on a user's behalf; /internal/sites/probe: can a page be subscribed to. */
import {
  idParamsSchema,
  internalCreateDownloadSchema,
  internalDownloadSchema,
  internalSiteProbeQuerySchema,
  internalSiteProbeSchema,
  notFound,
  requireService,
  type ServiceApp,
} from '@smh/shared';
import { acceptDownload, probeSitePage, type IntakeDeps } from '../intake.js';
import type { DownloadRecord } from '../repository/downloads-repo.js';

const tags = ['internal'];

export function registerInternalRoutes(app: ServiceApp, deps: IntakeDeps): void {
  const internalView = async (record: DownloadRecord) => ({
    id: record.id,
    status: record.status,
    fileIds: (await deps.repo.fileIds([record.id])).get(record.id) ?? [],
    error: record.error,
  });

  app.post(
    '/internal/downloads',
    {
      preHandler: requireService,
      schema: { tags, hide: true, body: internalCreateDownloadSchema, response: { 202: internalDownloadSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      const record = await acceptDownload(deps, {
        ownerId: body.ownerId,
        url: body.url,
        ...(body.sessionId ? { sessionId: body.sessionId } : {}),
        ...(body.include ? { include: body.include } : {}),
        ...(body.subscriptionId ? { subscriptionId: body.subscriptionId } : {}),
        incremental: body.incremental,
        requestId: request.id,
      });
      return reply.code(202).send(await internalView(record));
    },
  );

  app.get(
    '/internal/sites/probe',
    {
      preHandler: requireService,
      schema: {
        tags,
        hide: true,
        querystring: internalSiteProbeQuerySchema,
        response: { 200: internalSiteProbeSchema },
      },
    },
    async (request) => probeSitePage(deps, request.query.url),
  );

  app.get(
    '/internal/downloads/:id',
    {
      preHandler: requireService,
      schema: { tags, hide: true, params: idParamsSchema, response: { 200: internalDownloadSchema } },
    },
    async (request) => {
      const record = await deps.repo.get(request.params.id);
      if (!record) throw notFound('Download');
      return internalView(record);
    },
  );
}
