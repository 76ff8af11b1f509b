/** /internal/*: for the hub's services only (service token); never proxied by the gateway. */
import {
  idParamsSchema,
  instagramSessionSecretSchema,
  instagramSessionStatusUpdateSchema,
  requireService,
  verifyApiKeyRequestSchema,
  verifyApiKeyResponseSchema,
  verifyUserRequestSchema,
  verifyUserResponseSchema,
  type ServiceApp,
} from '@smh/shared';
import type { ApiKeyUseCases } from '../use-cases/api-keys.js';
import type { IdentityUseCases } from '../use-cases/identity.js';
import type { InstagramSessionUseCases } from '../use-cases/instagram-sessions.js';
import { instagramSessionSchema } from './schemas.js';

const schema = { hide: true };

export function registerInternalRoutes(
  app: ServiceApp,
  deps: { apiKeys: ApiKeyUseCases; sessions: InstagramSessionUseCases; identity: IdentityUseCases },
): void {
  app.post(
    '/internal/auth/verify-api-key',
    {
      preHandler: requireService,
      schema: { ...schema, body: verifyApiKeyRequestSchema, response: { 200: verifyApiKeyResponseSchema } },
    },
    async (request) => ({
      identity: await deps.apiKeys.verify(request.body.key),
    }),
  );

  app.post(
    '/internal/auth/verify-user',
    {
      preHandler: requireService,
      schema: { ...schema, body: verifyUserRequestSchema, response: { 200: verifyUserResponseSchema } },
    },
    async (request) => ({ identity: await deps.identity.standing(request.body.userId) }),
  );

  app.get(
    '/internal/instagram/sessions/:id',
    {
      preHandler: requireService,
      schema: { ...schema, params: idParamsSchema, response: { 200: instagramSessionSecretSchema } },
    },
    (request) => deps.sessions.secret(request.params.id),
  );

  app.post(
    '/internal/instagram/sessions/:id/status',
    {
      preHandler: requireService,
      schema: {
        ...schema,
        params: idParamsSchema,
        body: instagramSessionStatusUpdateSchema,
        response: { 200: instagramSessionSchema },
      },
    },
    (request) => deps.sessions.reportStatus(request.params.id, request.body.status, request.body.reason),
  );
}
