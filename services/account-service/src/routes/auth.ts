/** /api/auth: first-run status, registration, sign-in, token refresh, sign-out, own account. */
import { AppError, currentUser, noContentSchema, requireUser, type ServiceApp } from '@smh/shared';
import type { IdentityUseCases } from '../use-cases/identity.js';
import { clearRefreshCookie, refreshTokenOf, setRefreshCookie } from './refresh-cookie.js';
import {
  authResultSchema,
  authStatusSchema,
  changePasswordSchema,
  credentialsSchema,
  loginSchema,
  refreshBodySchema,
  updateMeSchema,
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
      const user = await identity.register(
        request.body.username,
        request.body.password,
        request.clientIp ?? request.ip,
      );
      return reply.code(201).send({ user });
    },
  );

  app.post(
    '/api/auth/login',
    { schema: { tags, summary: 'Sign in', security: [], body: loginSchema, response: { 200: authResultSchema } } },
    async (request, reply) => {
      const result = await identity.login(request.body.username, request.body.password, request.clientIp ?? request.ip);
      setRefreshCookie(request, reply, result.refreshToken);
      return result;
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair',
        security: [],
        body: refreshBodySchema,
        response: { 200: authResultSchema },
      },
    },
    async (request, reply) => {
      const token = refreshTokenOf(request);
      if (!token)
        throw new AppError(
          401,
          'INVALID_REFRESH_TOKEN',
          'No refresh token: send {"refreshToken"} or the sign-in cookie. Sign in again.',
        );
      const result = await identity.refresh(token);
      setRefreshCookie(request, reply, result.refreshToken);
      return result;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'End the sign-in this refresh token belongs to',
        body: refreshBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      const token = refreshTokenOf(request);
      if (token) await identity.logout(token);
      clearRefreshCookie(request, reply);
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

  app.patch(
    '/api/auth/me',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Update the signed-in user’s preferences (the UI language)',
        body: updateMeSchema,
        response: { 200: userEnvelopeSchema },
      },
    },
    async (request) => ({
      user: await identity.setLocale(currentUser(request), request.body.locale),
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
    async (request, reply) => {
      const result = await identity.changePassword(
        currentUser(request),
        request.body.currentPassword,
        request.body.newPassword,
      );
      setRefreshCookie(request, reply, result.refreshToken);
      return result;
    },
  );
}
