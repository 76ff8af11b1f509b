/** /api/auth: first-run status, registration, sign-in, token refresh, sign-out, own account. */
import { currentUser, noContentSchema, requireUser, type ServiceApp } from '@smh/shared';
import type { IdentityUseCases } from '../use-cases/identity.js';
import {
  authResultSchema,
  authStatusSchema,
  changePasswordSchema,
  credentialsSchema,
  loginSchema,
  refreshSchema,
  userEnvelopeSchema,
} from './schemas.js';

const tags = ['auth'];

export function registerAuthRoutes(app: ServiceApp, identity: IdentityUseCases): void {
  app.get(
    '/api/auth/status',
    {
      schema: {
        tags,
        summary: 'Whether the hub has users yet (first-run screen)',
        security: [],
        response: { 200: authStatusSchema },
      },
    },
    () => identity.status(),
  );

  app.post(
    '/api/auth/register',
    {
      schema: {
        tags,
        summary: 'Create an account (the first one becomes admin)',
        security: [],
        body: credentialsSchema,
        response: { 201: userEnvelopeSchema },
      },
    },
    async (request, reply) => {
      const user = await identity.register(request.body.username, request.body.password);
      return reply.code(201).send({ user });
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { tags, summary: 'Sign in', security: [], body: loginSchema, response: { 200: authResultSchema } } },
    (request) => identity.login(request.body.username, request.body.password, request.clientIp ?? request.ip),
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair',
        security: [],
        body: refreshSchema,
        response: { 200: authResultSchema },
      },
    },
    (request) => identity.refresh(request.body.refreshToken),
  );

  app.post(
    '/api/auth/logout',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'End the sign-in this refresh token belongs to',
        body: refreshSchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await identity.logout(request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { preHandler: requireUser, schema: { tags, summary: 'The signed-in user', response: { 200: userEnvelopeSchema } } },
    async (request) => ({
      user: await identity.me(currentUser(request)),
    }),
  );

  app.post(
    '/api/auth/password',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Change the password (ends every other sign-in)',
        body: changePasswordSchema,
        response: { 200: authResultSchema },
      },
    },
    (request) => identity.changePassword(currentUser(request), request.body.currentPassword, request.body.newPassword),
  );
}
