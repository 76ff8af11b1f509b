/** The gateway in front of the real account-service: sign-in, API keys, OpenAPI aggregation, rate limits. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ajvModule from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus, HubService } from '@smh/shared';
import { createTestContext } from '@smh/shared/testing-context';
import { createAccountService } from '@smh/account-service';
import { startGateway, type GatewayHarness } from './support.js';

const secret = randomBytes(32).toString('hex');
let account: { service: HubService; close(): Promise<void> };
let h: GatewayHarness;
let frontendDir: string;
let accountEvents: EventBus;

beforeAll(async () => {
  const test = await createTestContext({
    service: 'account-service',
    secret,
    env: { INSTAGRAM_WEB_URL: 'http://127.0.0.1:9' },
  });
  const service = await createAccountService(test.context);
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  account = { service, close: async () => (await service.app.close(), await test.close()) };
  accountEvents = test.context.events;
  frontendDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-frontend-'));
  await fs.writeFile(path.join(frontendDir, 'index.html'), '<!doctype html><title>SMH UI</title><div id="root"></div>');
  await fs.mkdir(path.join(frontendDir, 'assets'));
  await fs.writeFile(path.join(frontendDir, 'assets', 'app.js'), 'console.log("ui")');
  h = await startGateway({
    secret,
    real: { 'account-service': `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}` },
    down: ['scheduler-service'],
    extend: {
      'download-service': (app) => {
        app.get(
          '/metrics',
          async () =>
            'smh_queue_jobs{queue="downloads",state="waiting",service="download-service"} 3\nsmh_queue_jobs{queue="downloads",state="active",service="download-service"} 1\n',
        );
      },
    },
    gateway: { rateLimits: { perIp: 1000, perUser: 25, windowMs: 60_000 }, frontendDir, events: accountEvents },
  });
});
afterAll(async () => {
  await h.close();
  await account.close();
  await fs.rm(frontendDir, { recursive: true, force: true });
});

const json = (body: unknown) => ({ 'content-type': 'application/json', payload: JSON.stringify(body) });

/** An access token of a fresh plain user (created by the admin): the gateway checks every token's user exists. */
async function tokenOfNewUser(adminToken: string, username: string): Promise<string> {
  const created = await h.gateway.inject({
    method: 'POST',
    url: '/api/users',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ username, password: 'correct horse battery', role: 'user' }),
  });
  expect(created.statusCode).toBe(201);
  const login = await h.gateway.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ username, password: 'correct horse battery' }),
  });
  return login.json().accessToken as string;
}
let adminToken: string;

describe('through the gateway to account-service', () => {
  let accessToken: string;
  it('registers, signs in and calls a protected route with the access token', async () => {
    const register = await h.gateway.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin', password: 'correct horse battery' }),
    });
    expect(register.statusCode).toBe(201);
    const login = await h.gateway.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: json({ username: 'admin', password: 'correct horse battery' }).payload,
    });
    expect(login.statusCode).toBe(200);
    accessToken = login.json().accessToken;
    adminToken = accessToken;
    const me = await h.gateway.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.json().user).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('accepts an API key, caching its resolution, and refuses a revoked or unknown one', async () => {
    const auth = { authorization: `Bearer ${accessToken}` };
    const created = await h.gateway.inject({
      method: 'POST',
      url: '/api/auth/api-keys',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'cli' }),
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    const viaKey = await h.gateway.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(viaKey.statusCode).toBe(200);
    expect(viaKey.json().user.username).toBe('admin');
    const firstUse = (await h.gateway.inject({ method: 'GET', url: '/api/auth/api-keys', headers: auth })).json()
      .items[0].lastUsedAt;
    expect(firstUse).not.toBeNull();
    // Within the cache window the gateway does not ask again: lastUsedAt does not move.
    await h.gateway.inject({ method: 'GET', url: '/api/downloads', headers: { authorization: `Bearer ${key}` } });
    expect(
      (await h.gateway.inject({ method: 'GET', url: '/api/auth/api-keys', headers: auth })).json().items[0].lastUsedAt,
    ).toBe(firstUse);
    expect(
      (
        await h.gateway.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { authorization: 'Bearer smh_unknownkey' },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await h.gateway.inject({ method: 'DELETE', url: `/api/auth/api-keys/${id}`, headers: auth })).statusCode,
    ).toBe(204);
    // The revocation is announced, so the cached resolution is dropped at once: no 30-second grace.
    const afterRevoke = await h.gateway.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(afterRevoke.statusCode).toBe(401);
    expect(afterRevoke.json().error.code).toBe('INVALID_API_KEY');
  });

  it('aggregates OpenAPI from the services without internal routes, and serves Swagger UI offline', async () => {
    const doc = (await h.gateway.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/instagram/sessions',
        '/api/users/{id}',
        '/api/file-service/thing',
        '/api/events',
        '/api/health',
      ]),
    );
    expect(Object.keys(doc.paths).filter((route) => !route.startsWith('/api/'))).toEqual([]);
    expect(doc['x-unavailable-services']).toEqual(['scheduler-service']);
    const page = await h.gateway.inject({ method: 'GET', url: '/api/docs' });
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/api/docs/static/swagger-ui-bundle.js');
    const bundle = await h.gateway.inject({ method: 'GET', url: '/api/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
  });

  it('rate-limits one user with 429 and Retry-After', async () => {
    const auth = {
      authorization: `Bearer ${await tokenOfNewUser(adminToken, 'busy')}`,
    };
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1)
      statuses.push((await h.gateway.inject({ method: 'GET', url: '/api/files', headers: auth })).statusCode);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(25);
    const limited = await h.gateway.inject({ method: 'GET', url: '/api/files', headers: auth });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

/** The schema the served OpenAPI document gives for a gateway route's 200 answer, compiled with ajv. */
async function documentedAnswer(route: string) {
  const doc = (await h.gateway.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const schema = doc.paths[route].get.responses['200'].content['application/json'].schema;
  const validate = new ajvModule.default({ allErrors: true, strict: false }).compile(schema);
  return (answer: unknown) => (validate(answer) ? [] : (validate.errors ?? []));
}

describe('health, system and the web UI', () => {
  it('reports degraded health when a service is down', async () => {
    const health = await h.gateway.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({
      status: 'degraded',
      services: {
        'api-gateway': 'ok',
        'account-service': 'ok',
        'download-service': 'ok',
        'video-service': 'ok',
        'file-service': 'ok',
        'scheduler-service': 'unavailable',
      },
    });
    // The web UI's types are generated from the documented answer: the real one must match it.
    expect((await documentedAnswer('/api/health'))(health.json())).toEqual([]);
  });

  it('answers 503 SERVICE_UNAVAILABLE, without internals, when the owning service is down', async () => {
    const auth = {
      authorization: `Bearer ${await tokenOfNewUser(adminToken, 'down')}`,
    };
    const response = await h.gateway.inject({ method: 'GET', url: '/api/subscriptions', headers: auth });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.body).not.toContain('127.0.0.1');
  });

  it('gives admins readiness details and queue depths', async () => {
    const login = await h.gateway.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin', password: 'correct horse battery' }),
    });
    const system = await h.gateway.inject({
      method: 'GET',
      url: '/api/system',
      headers: { authorization: `Bearer ${login.json().accessToken}` },
    });
    expect(system.statusCode).toBe(200);
    expect(system.json().queues).toEqual({ downloads: { waiting: 3, active: 1 } });
    expect(system.json().services['account-service']).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
    expect(system.json().services['scheduler-service'].status).toBe('unavailable');
    expect((await documentedAnswer('/api/system'))(system.json())).toEqual([]);
    expect(
      (await documentedAnswer('/api/system'))({ services: {}, queues: { downloads: { waiting: 'x' } } }),
    ).not.toEqual([]);
  });

  it('serves the SPA with an index.html fallback for client-side routes', async () => {
    const asset = await h.gateway.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.body).toBe('console.log("ui")');
    for (const url of ['/', '/library', '/downloads/123']) {
      const page = await h.gateway.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>SMH UI</title>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });
});

it('shows a friendly page when the web UI is not built', async () => {
  const bare = await startGateway({ gateway: { frontendDir: '/nonexistent' } });
  const page = await bare.gateway.inject({ method: 'GET', url: '/' });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('has not been built yet');
  await bare.close();
});
