/**
 * Registration and the refresh token, against a real account-service: closed registration refuses before any
 * password hash and registration is rate-limited (item 16); the refresh token travels in an httpOnly, SameSite=Strict
 * cookie scoped to /api/auth for the web UI while API clients keep the JSON body flow (item 17).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { argon2PasswordHasher } from '../../services/account-service/src/adapters/passwords.js';
import { PASSWORD, startAccountService, type AccountHarness } from '../../services/account-service/test/harness.js';

let harness: AccountHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The real hasher, counting the hashes it made. */
function countingHasher() {
  const counter = { hashes: 0 };
  return {
    counter,
    passwords: {
      ...argon2PasswordHasher,
      hash: (password: string) => {
        counter.hashes += 1;
        return argon2PasswordHasher.hash(password);
      },
    },
  };
}

const register = (h: AccountHarness, username: string, ip = '203.0.113.7') =>
  h.service.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { username, password: PASSWORD },
    // The client address as the gateway signs it (services believe no X-Forwarded-For).
    headers: { 'x-smh-client-address': h.context.tokens.signClientAddress(ip) },
  });

describe('registration', () => {
  it('refuses with REGISTRATION_CLOSED before hashing the password', async () => {
    const { counter, passwords } = countingHasher();
    harness = await startAccountService({ overrides: { passwords } });
    await harness.register('admin');
    const before = counter.hashes;
    const refused = await register(harness, 'mallory');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('REGISTRATION_CLOSED');
    expect(counter.hashes).toBe(before);
  });

  it('is rate-limited per client address (429 with Retry-After), other addresses unaffected', async () => {
    harness = await startAccountService({
      env: { SMH_OPEN_REGISTRATION: 'true' },
      overrides: { registrationLimits: { perIp: 3, windowMs: 60_000 } },
    });
    for (const name of ['user1', 'user2', 'user3']) expect((await register(harness, name)).statusCode).toBe(201);
    const limited = await register(harness, 'user4');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('TOO_MANY_REGISTRATIONS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await register(harness, 'user5', '198.51.100.9')).statusCode).toBe(201);
  });
});

const cookieOf = (setCookie: string | string[] | undefined) => [setCookie ?? []].flat().join('\n');
const tokenIn = (setCookie: string) => /smh_refresh=([^;]*)/.exec(setCookie)?.[1];

describe('the refresh token cookie', () => {
  it('login sets an httpOnly SameSite=Strict cookie on /api/auth; refresh and logout work from it alone', async () => {
    harness = await startAccountService();
    await harness.register('alice');
    const app = harness.service.app;
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const setCookie = cookieOf(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^smh_refresh=[^;]+; Path=\/api\/auth; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(setCookie).not.toContain('Secure');
    expect(tokenIn(setCookie)).toBe(login.json().refreshToken);

    // The web UI: no body, the cookie only; every refresh rotates the cookie.
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `other=1; smh_refresh=${tokenIn(setCookie)}`, 'content-type': 'application/json' },
      payload: '',
    });
    expect(refreshed.statusCode).toBe(200);
    const rotated = tokenIn(cookieOf(refreshed.headers['set-cookie']));
    expect(rotated).toBe(refreshed.json().refreshToken);
    expect(rotated).not.toBe(tokenIn(setCookie));

    const identity = await harness.as({ id: login.json().user.id, username: 'alice', role: 'admin' });
    const logout = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...identity, cookie: `smh_refresh=${rotated}` },
    });
    expect(logout.statusCode).toBe(204);
    expect(cookieOf(logout.headers['set-cookie'])).toMatch(/^smh_refresh=; Path=\/api\/auth; .*Max-Age=0/);
    const after = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `smh_refresh=${rotated}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('is Secure when the client reached the hub over https', async () => {
    harness = await startAccountService();
    await harness.register('alice');
    const login = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
      headers: {
        'x-forwarded-proto': 'https',
        'x-smh-client-address': harness.context.tokens.signClientAddress('203.0.113.7'),
      },
    });
    expect(cookieOf(login.headers['set-cookie'])).toMatch(/; Secure$/);
    // The same header from anyone but the gateway is not believed.
    const direct = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(cookieOf(direct.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('API clients keep the JSON body flow; no token at all is a 401 naming the problem', async () => {
    harness = await startAccountService();
    await harness.register('alice');
    const { refreshToken } = await harness.login('alice');
    const refreshed = await harness.service.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    const none = await harness.service.app.inject({ method: 'POST', url: '/api/auth/refresh' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('INVALID_REFRESH_TOKEN');
  });
});
