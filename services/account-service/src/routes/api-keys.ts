/** /api/auth/api-keys: personal API keys for scripts and automation. */
import { currentUser, idParamsSchema, requireUser, type ServiceApp } from '@smh/shared';
import type { ApiKeyUseCases } from '../use-cases/api-keys.js';
import { apiKeyListSchema, createApiKeySchema, createdApiKeySchema } from './schemas.js';

const tags = ['api-keys'];

export function registerApiKeyRoutes(app: ServiceApp, apiKeys: ApiKeyUseCases): void {
  app.post(
    '/api/auth/api-keys',
    { preHandler: requireUser, schema: { tags, summary: 'Create an API key (the key is shown only in this answer)', body: createApiKeySchema, response: { 201: createdApiKeySchema } } },
    async (request, reply) => reply.code(201).send(await apiKeys.create(currentUser(request), request.body.name)),
  );

  app.get('/api/auth/api-keys', { preHandler: requireUser, schema: { tags, summary: 'List API keys (no secrets)', response: { 200: apiKeyListSchema } } }, async (request) => ({
    items: await apiKeys.list(currentUser(request)),
  }));

  app.delete('/api/auth/api-keys/:id', { preHandler: requireUser, schema: { tags, summary: 'Revoke an API key', params: idParamsSchema } }, async (request, reply) => {
    await apiKeys.remove(currentUser(request), request.params.id);
    return reply.code(204).send();
  });
}
