import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import type { HubEvent } from '@smh/shared';
import { startFakeInstagram, type FakeInstagram } from '../../../tests/fakes/instagram/server.js';
import { startAccountService, type AccountHarness } from './harness.js';

const SESSIONID = '7771234567%3AfakeSessionSecretValue123%3A17';
let fake: FakeInstagram;
let harness: AccountHarness | undefined;

beforeAll(async () => {
  fake = await startFakeInstagram();
  fake.addProfile({ username: 'insta_owner' });
  fake.addSession(decodeURIComponent(SESSIONID), 'insta_owner');
});
afterAll(() => fake.close());
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(webUrl = fake.webUrl) {
  harness = await startAccountService({ env: { INSTAGRAM_WEB_URL: webUrl, SMH_OPEN_REGISTRATION: 'true' } });
  const admin = await harness.register('admin');
  const user = await harness.register('alice');
  return {
    app: harness.service.app,
    h: harness,
    alice: await harness.as({ id: user.id, username: 'alice', role: 'user' }),
    admin: await harness.as({ id: admin.id, username: 'admin', role: 'admin' }),
  };
}

const cookiesTxt = (lines: string[]) => ['# Netscape HTTP Cookie File', ...lines].join('\n');
const cookieLine = (domain: string, name: string, value: string, expiry = 4102444800) =>
  [domain, 'TRUE', '/', 'TRUE', String(expiry), name, value].join('\t');

function multipart(filename: string, content: Buffer, field = 'file') {
  const boundary = '----smhtestboundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function firefoxCookiesDb(
  rows: Array<[host: string, name: string, value: string, expiry: number]>,
  table = 'moz_cookies',
): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(
    `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, originAttributes TEXT, name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER)`,
  );
  for (const [host, name, value, expiry] of rows)
    db.run(`INSERT INTO ${table} (originAttributes, name, value, host, path, expiry) VALUES ('', ?, ?, ?, '/', ?)`, [
      name,
      value,
      host,
      expiry,
    ]);
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

describe('linking an Instagram session', () => {
  it('validates a sessionid against Instagram, stores it encrypted and never shows or logs it', async () => {
    const { app, h, alice } = await start();
    fake.resetLog();
    const created = await app.inject({
      method: 'POST',
      url: '/api/instagram/sessions',
      headers: alice,
      payload: { sessionid: SESSIONID },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'insta_owner', status: 'active' });
    expect(created.body).not.toContain('fakeSessionSecretValue');
    // The check is the web app's "current user" query with the real headers.
    const check = fake.requestLog.find((entry) => entry.path === '/graphql/query/');
    expect(check?.query).toContain('query_hash=d6f4427fbe92d846298cf93df0b937d3');
    expect(check?.headers['x-ig-app-id']).toBe('936619743392459');
    expect(check?.headers['user-agent']).toMatch(/Chrome/);

    const listed = await app.inject({ method: 'GET', url: '/api/instagram/sessions', headers: alice });
    expect(listed.json().items).toHaveLength(1);
    expect(listed.body).not.toContain('fakeSessionSecretValue');

    // A dump of the table holds no trace of the secret, in any encoding.
    const { rows } = await h.context.db.query<Record<string, unknown>>('SELECT * FROM accounts.instagram_sessions');
    const dump = JSON.stringify(rows, (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    for (const needle of ['fakeSessionSecretValue', decodeURIComponent(SESSIONID), SESSIONID])
      expect(dump).not.toContain(needle);
    const blob = Buffer.from(rows[0]?.encrypted_cookies as Uint8Array);
    expect(blob[0]).toBe(1);
    expect(blob.length).toBeGreaterThan(1 + 12 + 16);

    // Services get the cookies back through the internal route.
    const secret = await app.inject({
      method: 'GET',
      url: `/internal/instagram/sessions/${created.json().id}`,
      headers: await h.serviceHeaders(),
    });
    expect(secret.json()).toMatchObject({
      username: 'insta_owner',
      status: 'active',
      cookies: { sessionid: SESSIONID },
    });

    const logText = h.logs.join('');
    expect(logText).toContain('/api/instagram/sessions');
    expect(logText).not.toContain('fakeSessionSecretValue');
  });

  it('refuses a session Instagram does not know (storing nothing), and keeps one it cannot reach as unverified', async () => {
    const { app, alice } = await start();
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/instagram/sessions',
      headers: alice,
      payload: { sessionid: '1234%3Anot-a-real-session%3A1' },
    });
    // Issue 15, bug 3: a made-up sessionid was saved as "Unknown account · expired".
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'SESSION_REJECTED' });
    expect(unknown.json().error.message).toMatch(/Instagram does not accept this session/);
    const listed = await app.inject({ method: 'GET', url: '/api/instagram/sessions', headers: alice });
    expect(listed.json().items).toEqual([]);
    await harness?.close();
    const offline = await start('http://127.0.0.1:9');
    const unreachable = await offline.app.inject({
      method: 'POST',
      url: '/api/instagram/sessions',
      headers: offline.alice,
      payload: { sessionid: SESSIONID },
    });
    expect(unreachable.statusCode).toBe(201);
    expect(unreachable.json()).toMatchObject({ status: 'unverified' });
    expect(unreachable.json().statusReason).toMatch(/could not be reached/);
  });

  it('imports a cookies.txt (pasted or uploaded) keeping only instagram.com cookies', async () => {
    const { app, h, alice } = await start();
    const text = cookiesTxt([
      cookieLine('.instagram.com', 'sessionid', SESSIONID),
      cookieLine('.instagram.com', 'csrftoken', 'csrf123'),
      cookieLine('.example.com', 'tracker', 'x'),
    ]);
    const pasted = await app.inject({
      method: 'POST',
      url: '/api/instagram/sessions',
      headers: alice,
      payload: { cookies: text },
    });
    expect(pasted.statusCode).toBe(201);
    expect(pasted.json().status).toBe('active');
    const uploaded = await app.inject({
      method: 'POST',
      url: '/api/instagram/sessions/upload',
      headers: { ...alice, ...multipart('cookies.txt', Buffer.from(text)).headers },
      payload: multipart('cookies.txt', Buffer.from(text)).payload,
    });
    expect(uploaded.statusCode).toBe(201);
    const secret = await app.inject({
      method: 'GET',
      url: `/internal/instagram/sessions/${uploaded.json().id}`,
      headers: await h.serviceHeaders(),
    });
    expect(secret.json().cookies).toEqual({ sessionid: SESSIONID, csrftoken: 'csrf123' });
  });

  it('imports a Firefox cookies.sqlite', async () => {
    const { app, h, alice } = await start();
    const past = Math.floor(Date.now() / 1000) - 3600;
    const bytes = await firefoxCookiesDb([
      ['.instagram.com', 'sessionid', SESSIONID, 4102444800],
      ['.instagram.com', 'ds_user_id', '7771234567', 4102444800 * 1000],
      ['.instagram.com', 'old', 'gone', past],
      ['.facebook.com', 'c_user', 'nope', 4102444800],
    ]);
    const form = multipart('cookies.sqlite', bytes);
    const response = await app.inject({
      method: 'POST',
      url: '/api/instagram/sessions/upload',
      headers: { ...alice, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'active', username: 'insta_owner' });
    const secret = await app.inject({
      method: 'GET',
      url: `/internal/instagram/sessions/${response.json().id}`,
      headers: await h.serviceHeaders(),
    });
    expect(secret.json().cookies).toEqual({ sessionid: SESSIONID, ds_user_id: '7771234567' });
  });

  it.each([
    [
      'a line without tabs',
      Buffer.from(cookiesTxt(['.instagram.com TRUE / TRUE 0 sessionid abc'])),
      /line 2: expected 7 tab-separated fields/,
    ],
    [
      'no instagram cookies',
      Buffer.from(cookiesTxt([cookieLine('.example.com', 'sessionid', 'x')])),
      /no unexpired instagram\.com cookies/,
    ],
    [
      'no sessionid',
      Buffer.from(cookiesTxt([cookieLine('.instagram.com', 'csrftoken', 'x')])),
      /no instagram\.com "sessionid" cookie/,
    ],
    [
      'binary that is not sqlite',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]),
      /neither a Netscape cookies\.txt.*nor a SQLite/,
    ],
    ['too large', Buffer.alloc(5 * 1024 * 1024 + 10, 0x41), /too large/],
  ])('refuses an upload with %s (400 naming the problem)', async (_case, content, message) => {
    const { app, alice } = await start();
    const form = multipart('cookies.txt', content);
    const response = await app.inject({
      method: 'POST',
      url: '/api/instagram/sessions/upload',
      headers: { ...alice, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_COOKIES');
    expect(response.json().error.message).toMatch(message);
  });

  it('refuses a SQLite file without moz_cookies and a corrupt SQLite file', async () => {
    const { app, alice } = await start();
    for (const [bytes, message] of [
      [await firefoxCookiesDb([], 'cookies'), /no moz_cookies table/],
      [Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(200, 7)]), /SQLite/],
    ] as const) {
      const form = multipart('cookies.sqlite', bytes);
      const response = await app.inject({
        method: 'POST',
        url: '/api/instagram/sessions/upload',
        headers: { ...alice, ...form.headers },
        payload: form.payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(message);
    }
  });
});

describe('session status', () => {
  it('re-checks on demand and publishes session.expired when a service reports it dead', async () => {
    const { app, h, alice } = await start();
    const events: HubEvent[] = [];
    h.context.events.subscribe((event) => events.push(event));
    const created = (
      await app.inject({
        method: 'POST',
        url: '/api/instagram/sessions',
        headers: alice,
        payload: { sessionid: SESSIONID },
      })
    ).json();
    const report = await app.inject({
      method: 'POST',
      url: `/internal/instagram/sessions/${created.id}/status`,
      headers: await h.serviceHeaders(),
      payload: { status: 'expired', reason: 'login redirect on feed/user' },
    });
    expect(report.json()).toMatchObject({ status: 'expired', statusReason: 'login redirect on feed/user' });
    expect(events).toEqual([
      {
        name: 'session.expired',
        data: { id: created.id, ownerId: created.ownerId, reason: 'login redirect on feed/user' },
      },
    ]);
    // A checkpoint is told the same way (issue 18: "expired or hit a checkpoint").
    events.length = 0;
    await app.inject({
      method: 'POST',
      url: `/internal/instagram/sessions/${created.id}/status`,
      headers: await h.serviceHeaders(),
      payload: { status: 'unverified', reason: 'checkpoint_required' },
    });
    expect(events).toEqual([
      { name: 'session.expired', data: { id: created.id, ownerId: created.ownerId, reason: 'checkpoint_required' } },
    ]);
    const checked = await app.inject({
      method: 'POST',
      url: `/api/instagram/sessions/${created.id}/check`,
      headers: alice,
    });
    expect(checked.json()).toMatchObject({ status: 'active', username: 'insta_owner', statusReason: null });
    expect(Date.parse(checked.json().lastCheckedAt)).toBeGreaterThanOrEqual(Date.parse(created.lastCheckedAt));
  });
});
