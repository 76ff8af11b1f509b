/**
 * Ownership and credential scope through the gateway of a whole embedded hub: a subscription cannot name another
 * user's Instagram session (item 9), an API key cannot mint API keys (item 10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

const PASSWORD = 'correct horse battery';
let hub: TestHub;
let alice: Record<string, string>;
let bob: Record<string, string>;
let admin: Record<string, string>;
let aliceSession: string;
let bobSession: string;

async function api(auth: Record<string, string>, method: string, path: string, body?: unknown) {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: (text ? JSON.parse(text) : {}) as Record<string, never> as Record<string, any>,
  };
}

async function signIn(username: string): Promise<Record<string, string>> {
  const login = await api({}, 'POST', '/api/auth/login', { username, password: PASSWORD });
  expect(login.status).toBe(200);
  return { authorization: `Bearer ${login.json.accessToken}` };
}

beforeAll(async () => {
  hub = await startTestHub({ env: { SMH_OPEN_REGISTRATION: 'true' } });
  hub.fake.addProfile({ username: 'alice_ig', posts: 1 });
  hub.fake.addProfile({ username: 'bob_ig', posts: 1 });
  // Bob's and Alice's subscriptions follow profiles Instagram knows (an unknown one is refused at creation).
  hub.fake.addProfile({ username: 'natgeo', posts: 1 });
  hub.fake.addProfile({ username: 'nasa', posts: 1 });
  hub.fake.addSession('alice-session-cookie', 'alice_ig');
  hub.fake.addSession('bob-session-cookie', 'bob_ig');
  for (const username of ['root', 'alice', 'bob'])
    expect((await api({}, 'POST', '/api/auth/register', { username, password: PASSWORD })).status).toBe(201);
  [admin, alice, bob] = [await signIn('root'), await signIn('alice'), await signIn('bob')];
  const a = await api(alice, 'POST', '/api/instagram/sessions', { sessionid: 'alice-session-cookie' });
  expect(a.status, JSON.stringify(a.json)).toBe(201);
  aliceSession = a.json.id;
  const b = await api(bob, 'POST', '/api/instagram/sessions', { sessionid: 'bob-session-cookie' });
  expect(b.status, JSON.stringify(b.json)).toBe(201);
  bobSession = b.json.id;
}, 120_000);
afterAll(() => hub?.stop());

describe("a subscription names only its owner's Instagram session", () => {
  it("refuses another user's session on create (400 SESSION_NOT_FOUND, like a session that does not exist)", async () => {
    const foreign = await api(bob, 'POST', '/api/subscriptions', {
      target: 'natgeo',
      schedule: { every: '6h' },
      sessionId: aliceSession,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.code).toBe('SESSION_NOT_FOUND');
    expect(foreign.json.error.message).toContain(aliceSession);
    const missing = await api(bob, 'POST', '/api/subscriptions', {
      target: 'natgeo',
      schedule: { every: '6h' },
      sessionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toEqual({
      ...foreign.json.error,
      message: expect.any(String),
      details: expect.anything(),
    });
    expect((await api(bob, 'GET', '/api/subscriptions')).json.items).toEqual([]);
  });

  it('accepts its own session, and refuses a foreign one on edit', async () => {
    const own = await api(bob, 'POST', '/api/subscriptions', {
      target: 'natgeo',
      schedule: { every: '6h' },
      sessionId: bobSession,
    });
    expect(own.status, JSON.stringify(own.json)).toBe(201);
    const edit = await api(bob, 'PATCH', `/api/subscriptions/${own.json.id}`, { sessionId: aliceSession });
    expect(edit.status).toBe(400);
    expect(edit.json.error.code).toBe('SESSION_NOT_FOUND');
    expect((await api(bob, 'GET', `/api/subscriptions/${own.json.id}`)).json.sessionId).toBe(bobSession);
    expect((await api(bob, 'PATCH', `/api/subscriptions/${own.json.id}`, { sessionId: null })).status).toBe(200);
  });

  it("an admin editing a user's subscription can only give it that user's session", async () => {
    const own = await api(alice, 'POST', '/api/subscriptions', { target: 'nasa', schedule: { every: '6h' } });
    expect(own.status).toBe(201);
    const wrong = await api(admin, 'PATCH', `/api/subscriptions/${own.json.id}`, { sessionId: bobSession });
    expect(wrong.status).toBe(400);
    const right = await api(admin, 'PATCH', `/api/subscriptions/${own.json.id}`, { sessionId: aliceSession });
    expect(right.status).toBe(200);
  });
});

describe('API keys cannot mint API keys', () => {
  it('a key is refused with 403 API_KEY_CANNOT_MINT; a signed-in user still creates keys', async () => {
    const created = await api(alice, 'POST', '/api/auth/api-keys', { name: 'script' });
    expect(created.status).toBe(201);
    const key = { authorization: `Bearer ${created.json.key}` };
    expect((await api(key, 'GET', '/api/auth/me')).status).toBe(200);
    const minted = await api(key, 'POST', '/api/auth/api-keys', { name: 'child' });
    expect(minted.status).toBe(403);
    expect(minted.json.error.code).toBe('API_KEY_CANNOT_MINT');
    expect(minted.json.error.message).toMatch(/sign in/);
    const keys = await api(alice, 'GET', '/api/auth/api-keys');
    expect(keys.json.items.map((item: { name: string }) => item.name)).toEqual(['script']);
  });

  it('an admin key cannot mint one either', async () => {
    const created = await api(admin, 'POST', '/api/auth/api-keys', { name: 'admin script' });
    const minted = await api({ authorization: `Bearer ${created.json.key}` }, 'POST', '/api/auth/api-keys', {
      name: 'child',
    });
    expect(minted.status).toBe(403);
  });
});
