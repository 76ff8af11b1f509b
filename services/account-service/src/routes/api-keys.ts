/** /api/auth/api-keys: personal API keys for scripts and automation. */
import {
  AppError,
  currentUser,
  idParamsSchema,
  noContentSchema,
  notFound,
  requireUser,
  type ServiceApp,
} from '@smh/shared';
import type { ApiKeyUseCases } from '../use-cases/api-keys.js';
import { apiKeyListSchema, apiKeySchema, createApiKeySchema, createdApiKeySchema } from './schemas.js';

const tags = ['api-keys'];

export function registerApiKeyRoutes(app: ServiceApp, apiKeys: ApiKeyUseCases): void {
  app.post(
    '/api/auth/api-keys',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Create an API key (the key is shown only in this answer)',
        body: createApiKeySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) => {
      const identity = currentUser(request);
      // A key minted by a key would outlive the revocation of its parent: new keys need a real sign-in.
      if (identity.via === 'api-key')
        throw new AppError(
          403,
          'API_KEY_CANNOT_MINT',
          'An API key cannot create API keys: sign in with a username and password to create one.',
        );
      return reply.code(201).send(await apiKeys.create(identity, request.body.name));
    },
  );

  app.get(
    '/api/auth/api-keys',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'List API keys (no secrets)', response: { 200: apiKeyListSchema } },
    },
    async (request) => ({
      items: await apiKeys.list(currentUser(request)),
    }),
  );

  app.get(
    '/api/auth/api-keys/:id',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'One API key (no secret)', params: idParamsSchema, response: { 200: apiKeySchema } },
    },
    async (request) => {
      const key = (await apiKeys.list(currentUser(request))).find((item) => item.id === request.params.id);
      if (!key) throw notFound('API key');
      return key;
    },
  );

  app.delete(
    '/api/auth/api-keys/:id',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'Revoke an API key', params: idParamsSchema, response: { 204: noContentSchema } },
    },
    async (request, reply) => {
      await apiKeys.remove(currentUser(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
