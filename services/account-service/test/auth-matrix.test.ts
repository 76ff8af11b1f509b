/** Every route of account-service × {anonymous, user A, user B, admin, a calling service}. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registeredRoutes } from '@smh/shared';
import { runAuthMatrix, type RouteRule } from '../../../tests/integration/support/auth-matrix.js';
import { PASSWORD, startAccountService, type AccountHarness } from './harness.js';

let harness: AccountHarness;
beforeAll(async () => {
  // Instagram is unreachable here: sessions are stored as "unverified", which is all the matrix needs.
  harness = await startAccountService({ env: { INSTAGRAM_WEB_URL: 'http://127.0.0.1:9' } });
});
afterAll(() => harness.close());

it('enforces who may call each route', async () => {
  const app = harness.service.app;
  const admin = await harness.register('root');
  const create = (username: string) =>
    app.inject({
      method: 'POST',
      url: '/api/users',
      headers: adminHeaders,
      payload: { username, password: PASSWORD, role: 'user' },
    });
  const adminHeaders = await harness.as({ id: admin.id, username: 'root', role: 'admin' });
  const userA = (await create('usera')).json().user;
  const userB = (await create('userb')).json().user;
  const aHeaders = await harness.as({ id: userA.id, username: 'usera', role: 'user' });
  const actors = {
    userA: aHeaders,
    userB: await harness.as({ id: userB.id, username: 'userb', role: 'user' }),
    admin: adminHeaders,
    service: await harness.serviceHeaders(),
  };

  /** A fresh resource of user A for each actor's call. */
  const sessionOfA = async () =>
    (
      await app.inject({
        method: 'POST',
        url: '/api/instagram/sessions',
        headers: aHeaders,
        payload: { sessionid: '42%3Amatrix%3A1' },
      })
    ).json().id as string;
  const apiKeyOfA = async () =>
    (
      await app.inject({ method: 'POST', url: '/api/auth/api-keys', headers: aHeaders, payload: { name: 'matrix' } })
    ).json().id as string;
  const freshUser = async () => (await create(`u${Math.random().toString(36).slice(2, 10)}`)).json().user.id as string;
  const refreshTokenOf = async (username: string) =>
    (await harness.login(username, PASSWORD, `198.51.100.${Math.floor(Math.random() * 250)}`)).refreshToken;
  const cookies = ['.instagram.com', 'TRUE', '/', 'TRUE', '4102444800', 'sessionid', '42%3Amatrix%3A2'].join('\t');
  const boundary = 'matrixboundary';
  const upload = {
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cookies.txt"\r\n\r\n${cookies}\r\n--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
  const anyStatusBut401 = (status: number) => status !== 401 && status !== 403;
  // Password changes use a throwaway account each time so the actors keep theirs.
  const selfService = { userA: anyStatusBut401, userB: anyStatusBut401, admin: anyStatusBut401 };

  const rules: Record<string, RouteRule> = {
    'GET /health': { access: 'public' },
    'GET /ready': { access: 'public' },
    'GET /metrics': { access: 'public' },
    'GET /openapi.json': { access: 'public' },
    'GET /api/auth/status': { access: 'public' },
    'POST /api/auth/register': {
      access: 'public',
      request: () => ({ url: '/api/auth/register', payload: { username: 'late', password: PASSWORD } }),
      expect: { anonymous: 403, userA: 403, userB: 403, admin: 403 },
    },
    'POST /api/auth/login': {
      access: 'public',
      request: () => ({ url: '/api/auth/login', payload: { username: 'usera', password: PASSWORD } }),
      expect: { anonymous: 200, userA: 200, userB: 200, admin: 200 },
    },
    'POST /api/auth/refresh': {
      access: 'public',
      request: async () => ({ url: '/api/auth/refresh', payload: { refreshToken: await refreshTokenOf('usera') } }),
      expect: { anonymous: 200, userA: 200, userB: 200, admin: 200 },
    },
    'POST /api/auth/logout': {
      access: 'user',
      request: async () => ({ url: '/api/auth/logout', payload: { refreshToken: await refreshTokenOf('usera') } }),
    },
    'GET /api/auth/me': { access: 'user' },
    'PATCH /api/auth/me': {
      access: 'user',
      request: () => ({ url: '/api/auth/me', payload: { locale: 'zh-CN' } }),
      expect: { ...selfService },
    },
    'POST /api/auth/password': {
      access: 'user',
      request: () => ({
        url: '/api/auth/password',
        payload: { currentPassword: 'not the password', newPassword: 'whatever else' },
      }),
      expect: { ...selfService },
    },
    'POST /api/users': {
      access: 'admin',
      request: () => ({
        url: '/api/users',
        payload: { username: `n${Math.random().toString(36).slice(2, 10)}`, password: PASSWORD },
      }),
    },
    'GET /api/users': { access: 'admin' },
    'PATCH /api/users/:id': {
      access: 'admin',
      request: async () => ({ url: `/api/users/${await freshUser()}`, payload: { disabled: true } }),
    },
    'POST /api/auth/api-keys': {
      access: 'user',
      request: () => ({ url: '/api/auth/api-keys', payload: { name: 'k' } }),
    },
    'GET /api/auth/api-keys': { access: 'user' },
    'GET /api/auth/api-keys/:id': {
      access: 'owned',
      request: async () => ({ url: `/api/auth/api-keys/${await apiKeyOfA()}` }),
    },
    'DELETE /api/auth/api-keys/:id': {
      access: 'owned',
      request: async () => ({ url: `/api/auth/api-keys/${await apiKeyOfA()}` }),
    },
    'POST /api/instagram/sessions': {
      access: 'user',
      request: () => ({ url: '/api/instagram/sessions', payload: { sessionid: '42%3Amatrix%3A3' } }),
    },
    'POST /api/instagram/sessions/upload': {
      access: 'user',
      request: () => ({ url: '/api/instagram/sessions/upload', ...upload }),
    },
    'GET /api/instagram/sessions': { access: 'user' },
    'GET /api/instagram/sessions/:id': {
      access: 'owned',
      request: async () => ({ url: `/api/instagram/sessions/${await sessionOfA()}` }),
    },
    'DELETE /api/instagram/sessions/:id': {
      access: 'owned',
      request: async () => ({ url: `/api/instagram/sessions/${await sessionOfA()}` }),
    },
    'POST /api/instagram/sessions/:id/check': {
      access: 'owned',
      request: async () => ({ url: `/api/instagram/sessions/${await sessionOfA()}/check` }),
    },
    'POST /internal/auth/verify-api-key': {
      access: 'internal',
      request: () => ({ url: '/internal/auth/verify-api-key', payload: { key: 'smh_unknown' } }),
    },
    'POST /internal/auth/verify-user': {
      access: 'internal',
      request: () => ({
        url: '/internal/auth/verify-user',
        payload: { userId: '00000000-0000-4000-8000-000000000000' },
      }),
    },
    'GET /internal/instagram/sessions/:id': {
      access: 'internal',
      request: async () => ({ url: `/internal/instagram/sessions/${await sessionOfA()}` }),
    },
    'POST /internal/instagram/sessions/:id/status': {
      access: 'internal',
      request: async () => ({
        url: `/internal/instagram/sessions/${await sessionOfA()}/status`,
        payload: { status: 'expired', reason: 'matrix' },
      }),
    },
  };

  const result = await runAuthMatrix({ app, routes: registeredRoutes(app), actors, rules });
  expect(result.uncovered).toEqual([]);
  expect(result.unknown).toEqual([]);
  expect(result.failures).toEqual([]);
  expect(result.calls).toBeGreaterThanOrEqual(Object.keys(rules).length * 4);

  // Lists are scoped: B sees only its own sessions and keys, the admin sees everyone's.
  const owners = async (url: string, headers: Record<string, string>) =>
    new Set(
      ((await app.inject({ method: 'GET', url, headers })).json().items as Array<{ ownerId: string }>).map(
        (item) => item.ownerId,
      ),
    );
  for (const url of ['/api/instagram/sessions', '/api/auth/api-keys']) {
    expect(await owners(url, actors.userB)).toEqual(new Set([userB.id]));
    expect(await owners(url, actors.admin)).toEqual(new Set([userA.id, userB.id, admin.id]));
  }
});
