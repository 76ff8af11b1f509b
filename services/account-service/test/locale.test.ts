/** The UI language a user chose, remembered on the account (PATCH /api/auth/me). */
import { afterEach, describe, expect, it } from 'vitest';
import { startAccountService, type AccountHarness } from './harness.js';

let harness: AccountHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('PATCH /api/auth/me {locale}', () => {
  it('stores the choice on the user, returns it from /me and sign-in, and forgets it on null', async () => {
    harness = await startAccountService({ env: { SMH_OPEN_REGISTRATION: 'true' } });
    const app = harness.service.app;
    const alice = await harness.register('alice');
    const bob = await harness.register('bob');
    const asAlice = await harness.as({ id: alice.id, username: 'alice', role: 'admin' });
    const asBob = await harness.as({ id: bob.id, username: 'bob', role: 'user' });

    const me = async (headers: Record<string, string>) =>
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json().user;
    expect((await me(asAlice)).locale).toBeUndefined();

    const set = await app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: asAlice,
      payload: { locale: 'zh-CN' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().user).toMatchObject({ id: alice.id, username: 'alice', locale: 'zh-CN' });
    expect((await me(asAlice)).locale).toBe('zh-CN');
    expect((await harness.login('alice')).user).toMatchObject({ locale: 'zh-CN' });
    expect((await me(asBob)).locale).toBeUndefined(); // only the caller's account changes

    const cleared = await app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: asAlice,
      payload: { locale: null },
    });
    expect(cleared.statusCode).toBe(200);
    expect((await me(asAlice)).locale).toBeUndefined();
  });

  it('refuses a language the UI does not ship, other fields and a missing body with 400 naming the problem', async () => {
    harness = await startAccountService();
    const app = harness.service.app;
    const alice = await harness.register('alice');
    const headers = await harness.as({ id: alice.id, username: 'alice', role: 'admin' });
    for (const payload of [{ locale: 'fr' }, { locale: 'zh-CN', role: 'admin' }, {}, { locale: 42 }]) {
      const response = await app.inject({ method: 'PATCH', url: '/api/auth/me', headers, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const body = response.json();
      expect(body.error.code).toBeTruthy();
      expect(JSON.stringify(body.error)).toMatch(/locale|role|Unrecognized/i);
    }
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json().user;
    expect(me.locale).toBeUndefined();
    expect(me.role).toBe('admin');
  });

  it('needs a signed-in user', async () => {
    harness = await startAccountService();
    const response = await harness.service.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      payload: { locale: 'zh-CN' },
    });
    expect(response.statusCode).toBe(401);
  });
});
