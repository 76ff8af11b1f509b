import { afterEach, expect, it } from 'vitest';
import { startAccountService, type AccountHarness } from './harness.js';

let harness: AccountHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('shows a key once, stores only its hash, resolves it for services and forgets it when deleted', async () => {
  harness = await startAccountService();
  const app = harness.service.app;
  const user = await harness.register('alice');
  const headers = await harness.as({ id: user.id, username: 'alice', role: 'admin' });
  const created = await app.inject({
    method: 'POST',
    url: '/api/auth/api-keys',
    headers,
    payload: { name: 'backup script' },
  });
  expect(created.statusCode).toBe(201);
  const { id, key } = created.json();
  expect(key).toMatch(/^smh_[A-Za-z0-9_-]{40,}$/);

  const listed = await app.inject({ method: 'GET', url: '/api/auth/api-keys', headers });
  expect(listed.json().items).toEqual([expect.objectContaining({ id, name: 'backup script', lastUsedAt: null })]);
  expect(listed.body).not.toContain(key);
  const { rows } = await harness.context.db.query<Record<string, unknown>>('SELECT * FROM accounts.api_keys');
  expect(JSON.stringify(rows)).not.toContain(key.slice(4));

  const verify = (candidate: string) =>
    app.inject({
      method: 'POST',
      url: '/internal/auth/verify-api-key',
      headers: servicesHeaders,
      payload: { key: candidate },
    });
  const servicesHeaders = await harness.serviceHeaders();
  expect((await verify(key)).json()).toEqual({ identity: { userId: user.id, username: 'alice', role: 'admin' } });
  expect((await verify(`${key}x`)).json()).toEqual({ identity: null });
  const used = await app.inject({ method: 'GET', url: '/api/auth/api-keys', headers });
  expect(used.json().items[0].lastUsedAt).not.toBeNull();
  // Without a service token the internal route is closed, even to the key's owner.
  expect(
    (await app.inject({ method: 'POST', url: '/internal/auth/verify-api-key', headers, payload: { key } })).statusCode,
  ).toBe(401);

  expect((await app.inject({ method: 'DELETE', url: `/api/auth/api-keys/${id}`, headers })).statusCode).toBe(204);
  expect((await verify(key)).json()).toEqual({ identity: null });
});
