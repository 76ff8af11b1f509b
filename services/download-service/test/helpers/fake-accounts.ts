/** A small stand-in for account-service's internal session routes (the real one is built in parallel). */
import Fastify from 'fastify';
import type { InstagramSessionSecret } from '@smh/shared';

export interface FakeAccounts {
  url: string;
  sessions: Map<string, InstagramSessionSecret>;
  statusReports: Array<{ id: string; status: string; reason?: string }>;
  close(): Promise<void>;
}

export async function startFakeAccounts(): Promise<FakeAccounts> {
  const sessions = new Map<string, InstagramSessionSecret>();
  const statusReports: FakeAccounts['statusReports'] = [];
  const app = Fastify();
  app.addHook('onRequest', async (request, reply) => {
    if (!request.headers['x-smh-service-token'])
      await reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: 'service token required' } });
  });
  app.get<{ Params: { id: string } }>('/internal/instagram/sessions/:id', async (request, reply) => {
    const session = sessions.get(request.params.id);
    if (!session)
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Instagram session not found.' } });
    return session;
  });
  app.post<{ Params: { id: string }; Body: { status: string; reason?: string } }>(
    '/internal/instagram/sessions/:id/status',
    async (request) => {
      statusReports.push({ id: request.params.id, ...request.body });
      const session = sessions.get(request.params.id);
      if (session) session.status = request.body.status as InstagramSessionSecret['status'];
      return { ok: true };
    },
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, sessions, statusReports, close: () => app.close() };
}
