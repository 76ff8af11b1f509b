/**
 * Issue 12 item 3: a hostile cookies.sqlite cannot freeze the hub. The attack: a 4 KB file whose moz_cookies is
 * a recursive view; sql.js ran its query on the event loop forever and /health stopped answering.
 */
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFirefoxCookies } from '../../services/account-service/src/adapters/firefox-cookies.js';
import { startAccountService, type AccountHarness } from '../../services/account-service/test/harness.js';

async function sqliteFile(statements: string[]): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  for (const statement of statements) db.run(statement);
  const bytes = Buffer.from(db.export());
  db.close();
  return bytes;
}

/** Never yields a row for the import's WHERE (not a constant SQLite could fold), so it runs for ever without growing. */
const RECURSIVE_VIEW = `CREATE VIEW moz_cookies AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
  SELECT CASE WHEN n < 0 THEN 'x.instagram.com' ELSE 'nowhere.example' END AS host, 'sessionid' AS name,
    n AS value, 0 AS expiry FROM r`;

function multipart(content: Buffer) {
  const boundary = '----smhsecurityboundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cookies.sqlite"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let h: AccountHarness;
let alice: Record<string, string>;
beforeAll(async () => {
  h = await startAccountService({ env: { SMH_OPEN_REGISTRATION: 'true' } });
  await h.register('admin');
  const user = await h.register('alice');
  alice = await h.as({ id: user.id, username: 'alice', role: 'user' });
});
afterAll(async () => h?.close());

const upload = (bytes: Buffer) => {
  const form = multipart(bytes);
  return h.service.app.inject({
    method: 'POST',
    url: '/api/instagram/sessions/upload',
    headers: { ...alice, ...form.headers },
    payload: form.payload,
  });
};

describe('cookies.sqlite uploads', () => {
  it('refuses a recursive-view moz_cookies with 400 while /health keeps answering', async () => {
    const hostile = await sqliteFile([RECURSIVE_VIEW]);
    expect(hostile.length).toBeLessThan(16 * 1024);
    let done = false;
    const pending = upload(hostile).finally(() => {
      done = true;
    });
    let healthAnswers = 0;
    do {
      const health = await h.service.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      healthAnswers += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    } while (!done);
    const response = await pending;
    expect(healthAnswers).toBeGreaterThan(0);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/moz_cookies is not a plain table/);
  });

  it.each([
    ['a virtual table', ['CREATE VIRTUAL TABLE moz_cookies USING fts4(host, name, value, expiry)']],
    [
      'a view over a plain table',
      [
        'CREATE TABLE real_cookies (host, name, value, expiry)',
        'CREATE VIEW moz_cookies AS SELECT * FROM real_cookies',
      ],
    ],
  ])('refuses %s (only a plain moz_cookies table is read)', async (_case, statements) => {
    const response = await upload(await sqliteFile(statements));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/not a plain table/);
  });

  it('ends a read that outlives its time limit in the worker (400 naming the limit)', async () => {
    const plain = await sqliteFile([
      'CREATE TABLE moz_cookies (host TEXT, name TEXT, value TEXT, expiry INTEGER)',
      "INSERT INTO moz_cookies VALUES ('.instagram.com', 'sessionid', 'abc', 0)",
    ]);
    await expect(readFirefoxCookies(plain, { timeoutMs: 1, maxHeapMb: 64 })).rejects.toThrow(/took longer than/);
    await expect(readFirefoxCookies(plain)).resolves.toEqual({ sessionid: 'abc' });
  });
});
