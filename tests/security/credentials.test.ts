/**
 * Issue 12 item 2: demotion and disabling take effect at once — for access tokens, API keys and open event
 * streams, on every gateway. Two gateways share the hub's event bus with a real account-service.
 * The attack: a demoted admin's still-valid access token went on creating admins and listing users.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubService } from '@smh/shared';
import { createTestContext } from '@smh/shared/testing-context';
import { createAccountService } from '@smh/account-service';
import { startGateway, type GatewayHarness } from '../../services/api-gateway/test/support.js';

const secret = randomBytes(32).toString('hex');
const PASSWORD = 'correct horse battery';
let account: { service: HubService; close(): Promise<void> };
let first: GatewayHarness;
let second: GatewayHarness;

beforeAll(async () => {
  const test = await createTestContext({ service: 'account-service', secret });
  const service = await createAccountService(test.context);
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  account = { service, close: async () => (await service.app.close(), await test.close()) };
  const real = { 'account-service': `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}` };
  // Long caches: only the credentials.revoked event can make the change visible within this test.
  const gateway = { events: test.context.events, apiKeyCacheMs: 3_600_000, standingCacheMs: 3_600_000 };
  first = await startGateway({ secret, real, gateway });
  second = await startGateway({ secret, real, gateway });
  await second.gateway.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await account?.close();
});

async function call(h: GatewayHarness, method: string, url: string, token?: string, body?: unknown) {
  const response = await h.gateway.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, json: response.body ? response.json() : undefined };
}

async function login(username: string): Promise<{ token: string; id: string }> {
  const { json } = await call(first, 'POST', '/api/auth/login', undefined, { username, password: PASSWORD });
  return { token: json.accessToken, id: json.user.id };
}

let root: { token: string; id: string };
beforeAll(async () => {
  expect(
    (await call(first, 'POST', '/api/auth/register', undefined, { username: 'root', password: PASSWORD })).status,
  ).toBe(201);
  root = await login('root');
});

const createUser = async (username: string, role: 'admin' | 'user') =>
  expect((await call(first, 'POST', '/api/users', root.token, { username, password: PASSWORD, role })).status).toBe(
    201,
  );

describe('a demoted admin', () => {
  it('can no longer create admins or list users with the access token signed before the demotion, on any gateway', async () => {
    await createUser('mallory', 'admin');
    const mallory = await login('mallory');
    // Both gateways have seen (and cached) mallory as an admin.
    expect((await call(first, 'GET', '/api/users', mallory.token)).status).toBe(200);
    expect((await call(second, 'GET', '/api/users', mallory.token)).status).toBe(200);

    expect((await call(first, 'PATCH', `/api/users/${mallory.id}`, root.token, { role: 'user' })).status).toBe(200);

    for (const gateway of [first, second]) {
      expect((await call(gateway, 'GET', '/api/users', mallory.token)).status).toBe(403);
      const made = await call(gateway, 'POST', '/api/users', mallory.token, {
        username: `evil${gateway === first ? 1 : 2}`,
        password: PASSWORD,
        role: 'admin',
      });
      expect(made.status).toBe(403);
      // The token still works for what a plain user may do.
      expect((await call(gateway, 'GET', '/api/auth/me', mallory.token)).json.user.role).toBe('user');
    }
  });
});

/** Opens /api/events on the listening gateway; resolves once the stream is connected. */
function openStream(token: string): Promise<{ response: IncomingMessage; ended: Promise<void> }> {
  const port = (second.gateway.server.address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/api/events',
      headers: { authorization: `Bearer ${token}` },
    });
    req.on('response', (response) => {
      const ended = new Promise<void>((done) => response.on('close', () => done()));
      response.once('data', () => resolve({ response, ended }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a disabled user', () => {
  it('loses their access token, API key and open event stream at once', async () => {
    await createUser('carol', 'user');
    const carol = await login('carol');
    const created = await call(first, 'POST', '/api/auth/api-keys', carol.token, { name: 'script' });
    expect(created.status).toBe(201);
    const apiKey = created.json.key as string;
    expect((await call(first, 'GET', '/api/auth/me', apiKey)).status).toBe(200);
    expect((await call(second, 'GET', '/api/auth/me', apiKey)).status).toBe(200);
    const stream = await openStream(carol.token);
    expect(stream.response.statusCode).toBe(200);

    expect((await call(first, 'PATCH', `/api/users/${carol.id}`, root.token, { disabled: true })).status).toBe(200);

    await stream.ended;
    for (const gateway of [first, second]) {
      expect((await call(gateway, 'GET', '/api/auth/me', apiKey)).status).toBe(401);
      expect((await call(gateway, 'GET', '/api/auth/me', carol.token)).status).toBe(401);
      expect((await call(gateway, 'GET', '/api/events', carol.token)).status).toBe(401);
    }
  });
});
