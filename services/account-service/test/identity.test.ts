import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, startAccountService, type AccountHarness } from './harness.js';

let harness: AccountHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('registration', () => {
  it('makes the first user admin and refuses later self-registration unless it is open', async () => {
    harness = await startAccountService();
    const app = harness.service.app;
    expect((await app.inject({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
      hasUsers: false,
      openRegistration: false,
    });
    const first = await harness.register('alice');
    expect(first.role).toBe('admin');
    const second = await app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'bob', password: PASSWORD },
    });
    expect(second.statusCode).toBe(403);
    expect(second.json().error.code).toBe('REGISTRATION_CLOSED');
    expect((await app.inject({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
      hasUsers: true,
      openRegistration: false,
    });
  });

  it('lets later users register as plain users when registration is open', async () => {
    harness = await startAccountService({ env: { SMH_OPEN_REGISTRATION: 'true' } });
    expect((await harness.register('alice')).role).toBe('admin');
    expect((await harness.register('bob')).role).toBe('user');
    const duplicate = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'BOB', password: PASSWORD },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('gives admin to exactly one of two simultaneous first registrations', async () => {
    harness = await startAccountService({ env: { SMH_OPEN_REGISTRATION: 'true' } });
    const app = harness.service.app;
    const responses = await Promise.all(
      ['first', 'second', 'third'].map((username) =>
        app.inject({ method: 'POST', url: '/api/auth/register', payload: { username, password: PASSWORD } }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(responses.map((r) => r.json().user.role).sort()).toEqual(['admin', 'user', 'user']);
  });

  it('names the bad fields of an invalid registration', async () => {
    harness = await startAccountService();
    const response = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'a b', password: 'short' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
    expect(response.json().error.message).toMatch(/username/);
    expect(response.json().error.message).toMatch(/password/);
  });
});

describe('sign-in and tokens', () => {
  it('stores argon2id hashes and returns a verifiable access token', async () => {
    harness = await startAccountService();
    await harness.register('alice');
    const { rows } = await harness.context.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM accounts.users',
    );
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    const login = await harness.login('alice');
    expect(await harness.context.tokens.verifyAccess(login.accessToken)).toEqual({
      userId: login.user.id,
      username: 'alice',
      role: 'admin',
    });
    expect(login).toMatchObject({ expiresIn: 900 });
    const bad = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: 'wrong password' },
    });
    expect(bad.statusCode).toBe(401);
    const unknown = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: PASSWORD },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(bad.json().error.message);
  });

  it('rotates refresh tokens and revokes the whole family when a rotated one is reused', async () => {
    harness = await startAccountService();
    const app = harness.service.app;
    await harness.register('alice');
    const login = await harness.login('alice');
    const refresh = (refreshToken: string) =>
      app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
    const second = await refresh(login.refreshToken);
    expect(second.statusCode).toBe(200);
    const secondToken: string = second.json().refreshToken;
    expect(secondToken).not.toBe(login.refreshToken);
    // The first token is replayed (stolen): refused, and the legitimate newer token dies with its family.
    const replay = await refresh(login.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await refresh(secondToken)).statusCode).toBe(401);
    // Another sign-in (another family) is untouched.
    const other = await harness.login('alice');
    expect((await refresh(other.refreshToken)).statusCode).toBe(200);
  });

  it('stores refresh tokens only as keyed hashes', async () => {
    harness = await startAccountService();
    await harness.register('alice');
    const login = await harness.login('alice');
    const { rows } = await harness.context.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM accounts.refresh_tokens',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[a-f0-9]{64}$/);
    expect(rows[0]?.token_hash).not.toContain(login.refreshToken);
  });

  it('logs out one family, and a password change ends every other sign-in', async () => {
    harness = await startAccountService();
    const app = harness.service.app;
    const alice = await harness.register('alice');
    const headers = await harness.as({ id: alice.id, username: 'alice', role: 'admin' });
    const refresh = (refreshToken: string) =>
      app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
    const a = await harness.login('alice');
    const b = await harness.login('alice');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers,
          payload: { refreshToken: a.refreshToken },
        })
      ).statusCode,
    ).toBe(204);
    expect((await refresh(a.refreshToken)).statusCode).toBe(401);
    expect((await refresh(b.refreshToken)).statusCode).toBe(200);

    const c = await harness.login('alice');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.statusCode).toBe(400);
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await refresh(c.refreshToken)).statusCode).toBe(401);
    expect((await refresh(changed.json().refreshToken)).statusCode).toBe(200);
    await expect(harness.login('alice')).rejects.toThrow(/401/);
    await harness.login('alice', 'a brand new passphrase');
  });

  it('shuts disabled users out of login and refresh, and never disables the last admin', async () => {
    harness = await startAccountService();
    const app = harness.service.app;
    const admin = await harness.register('alice');
    const adminHeaders = await harness.as({ id: admin.id, username: 'alice', role: 'admin' });
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: adminHeaders,
      payload: { username: 'bob', password: PASSWORD, role: 'user' },
    });
    expect(created.statusCode).toBe(201);
    const bob = created.json().user;
    const session = await harness.login('bob');
    const disabled = await app.inject({
      method: 'PATCH',
      url: `/api/users/${bob.id}`,
      headers: adminHeaders,
      payload: { disabled: true },
    });
    expect(disabled.json().user.disabled).toBe(true);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: PASSWORD } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } }))
        .statusCode,
    ).toBe(401);

    const demoteSelf = await app.inject({
      method: 'PATCH',
      url: `/api/users/${admin.id}`,
      headers: adminHeaders,
      payload: { role: 'user' },
    });
    expect(demoteSelf.statusCode).toBe(403);
    expect(demoteSelf.json().error.message).toMatch(/at least one active administrator/);
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: adminHeaders });
    expect(users.json().items.map((u: { username: string; role: string }) => `${u.username}:${u.role}`)).toEqual([
      'alice:admin',
      'bob:user',
    ]);
    // With a second active admin, the first may step down.
    await app.inject({
      method: 'PATCH',
      url: `/api/users/${bob.id}`,
      headers: adminHeaders,
      payload: { disabled: false, role: 'admin' },
    });
    expect(
      (
        await app.inject({
          method: 'PATCH',
          url: `/api/users/${admin.id}`,
          headers: adminHeaders,
          payload: { role: 'user' },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('login throttling', () => {
  /** The client address as the gateway signs it (services believe no X-Forwarded-For). */
  const from = (ip: string) => ({ 'x-smh-client-address': harness!.context.tokens.signClientAddress(ip) });

  it('answers 429 with Retry-After after 10 failures for one username from one address, only there', async () => {
    harness = await startAccountService();
    const app = harness.service.app;
    await harness.register('alice');
    const attempt = (password: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'alice', password },
        headers: from(ip),
      });
    for (let i = 0; i < 10; i += 1) expect((await attempt('wrong password', '10.0.1.1')).statusCode).toBe(401);
    const blocked = await attempt('wrong password', '10.0.1.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    // Said in minutes, not "900 seconds" (issue 15, bug 12).
    expect(blocked.json().error.message).toMatch(/^Too many sign-in attempts\. Try again in 1[45] minutes\.$/);
    // Even the right password waits there: the throttle is checked before the password.
    expect((await attempt(PASSWORD, '10.0.1.1')).statusCode).toBe(429);
    // The attacker's address is locked out of alice, alice herself is not.
    expect((await attempt(PASSWORD, '10.0.2.2')).statusCode).toBe(200);
  });

  it('limits one address across usernames', async () => {
    harness = await startAccountService({
      overrides: { loginLimits: { perUsername: 10, perIp: 30, windowMs: 60_000 } },
    });
    const app = harness.service.app;
    const login = (username: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'whatever1' },
        headers: from(ip),
      });
    for (let i = 0; i < 30; i += 1) expect((await login(`user${i}`, '192.0.2.7')).statusCode).toBe(401);
    expect((await login('fresh', '192.0.2.7')).statusCode).toBe(429);
    expect((await login('fresh', '192.0.2.8')).statusCode).toBe(401);
  });

  it('ignores an X-Forwarded-For a client writes itself, and a client address not signed by the hub', async () => {
    harness = await startAccountService({
      overrides: { loginLimits: { perUsername: 100, perIp: 2, windowMs: 60_000 } },
    });
    const app = harness.service.app;
    const login = (username: string, headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'nope1234' }, headers });
    expect((await login('u1', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(401);
    expect((await login('u2', { 'x-smh-client-address': '203.0.113.2 forged' })).statusCode).toBe(401);
    // Both counted against the real peer address: a spoofed address does not reset the per-address limit.
    expect((await login('u3', { 'x-forwarded-for': '203.0.113.3' })).statusCode).toBe(429);
  });
});
