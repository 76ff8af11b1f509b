/**
 * API robustness against hostile or sloppy input, through the gateway of a whole embedded hub: an empty JSON body
 * on every action route (item 19), NUL characters in any string (item 11) and cursors that are not ours (item 11).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let auth: Record<string, string>;
let refreshToken: string;
let subscriptionId: string;

async function api(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(`${hub.url}${path}`, { method, headers: { ...auth, ...init.headers }, body: init.body });
  const text = await response.text();
  let json: { error?: { code: string; message: string } } & Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, json };
}

beforeAll(async () => {
  hub = await startTestHub();
  hub.fake.addProfile({ username: 'someone', posts: 1 }); // a subscription's profile must exist on Instagram
  auth = {};
  const json = { 'content-type': 'application/json' };
  await api('POST', '/api/auth/register', {
    headers: json,
    body: JSON.stringify({ username: 'admin', password: 'correct horse battery' }),
  });
  const login = await api('POST', '/api/auth/login', {
    headers: json,
    body: JSON.stringify({ username: 'admin', password: 'correct horse battery' }),
  });
  auth = { authorization: `Bearer ${login.json.accessToken as string}` };
  refreshToken = login.json.refreshToken as string;
  const created = await api('POST', '/api/subscriptions', {
    headers: json,
    body: JSON.stringify({ target: 'someone', schedule: { every: '6h' }, enabled: false }),
  });
  expect(created.status).toBe(201);
  subscriptionId = created.json.id as string;
}, 120_000);
afterAll(() => hub?.stop());

describe('an empty body with Content-Type: application/json', () => {
  const someId = '00000000-0000-4000-8000-000000000000';

  it('is accepted by every POST route that takes no body (each one from the OpenAPI document)', async () => {
    const document = (await api('GET', '/api/openapi.json')).json as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Body }> } }>>;
    };
    type Body = { type?: string; required?: string[] };
    // A route takes no body when it has no body schema, or an object schema that requires no field.
    const needsNoBody = (operation: { requestBody?: { content?: Record<string, { schema?: Body }> } }) => {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      return !schema || (schema.type === 'object' && !schema.required?.length);
    };
    // Multipart uploads (their body is a form, not JSON) are not action routes.
    const uploads = ['/api/files', '/api/instagram/sessions/upload'];
    const actionRoutes = Object.entries(document.paths)
      .filter(([, operations]) => operations.post && needsNoBody(operations.post))
      .map(([path]) => path)
      .filter((path) => !uploads.includes(path));
    expect(actionRoutes).toEqual(
      expect.arrayContaining([
        '/api/downloads/{id}/cancel',
        '/api/downloads/{id}/retry',
        '/api/videos/jobs/{id}/cancel',
        '/api/subscriptions/{id}/run',
        '/api/auth/logout',
        '/api/auth/refresh',
      ]),
    );
    for (const path of actionRoutes) {
      const url = path
        .replace('/api/subscriptions/{id}', `/api/subscriptions/${subscriptionId}`)
        .replace('{id}', someId);
      const response = await api('POST', url, { headers: { 'content-type': 'application/json' }, body: '' });
      expect.soft(response.json.error?.code, `POST ${url}`).not.toBe('CTP_EMPTY_JSON_BODY');
      expect.soft(response.status, `POST ${url}: ${JSON.stringify(response.json)}`).toBeLessThan(500);
      expect.soft([400, 415], `POST ${url}: ${JSON.stringify(response.json)}`).not.toContain(response.status);
    }
  });

  it('runs a subscription (202) and logs out with the refresh token in the body still accepted', async () => {
    // The bodiless-routes test above started a run of this subscription: 409 until it has finished, then 202.
    await vi.waitFor(
      async () => {
        const run = await api('POST', `/api/subscriptions/${subscriptionId}/run`, {
          headers: { 'content-type': 'application/json' },
          body: '',
        });
        expect(run.status).toBe(202);
      },
      { timeout: 60_000, interval: 250 },
    );
    const logout = await api('POST', '/api/auth/logout', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(logout.status).toBe(204);
  });

  it('still refuses a body that is not JSON', async () => {
    const response = await api('POST', '/api/downloads', {
      headers: { 'content-type': 'application/json' },
      body: '{"url": ',
    });
    expect(response.status).toBe(400);
  });
});

describe('NUL characters in strings', () => {
  it.each([
    ['GET', '/api/files?q=a%00b', undefined],
    ['GET', '/api/files?username=%00', undefined],
    ['GET', '/api/downloads?status=queued%00', undefined],
    ['POST', '/api/downloads', { url: 'https://example.com/a\u0000.mp4' }],
    ['POST', '/api/subscriptions', { target: 'some\u0000one', schedule: { every: '6h' } }],
    ['POST', '/api/auth/api-keys', { name: 'key\u0000' }],
    ['POST', '/api/auth/login', { username: 'admin\u0000', password: 'x' }],
    ['POST', '/api/files/archive', { ids: ['\u0000'] }],
  ])('%s %s → 400 naming the field', async (method, path, body) => {
    const response = await api(method, path, {
      ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    expect(response.status).toBe(400);
    expect(response.json.error?.code).toBe('INVALID_CHARACTERS');
    expect(response.json.error?.message).toMatch(/NUL/);
  });
});

describe('cursors', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const badCursors = [
    ['not base64 JSON', '%%%'],
    ['plain text', 'hello'],
    ['an object', encode({ a: 1 })],
    ['wrong types', encode(['x', 'y'])],
    ['a bad date', encode(['yesterday', '00000000-0000-4000-8000-000000000000'])],
    ['a bad id', encode(['2026-01-01T00:00:00.000Z', "1' OR 1=1"])],
    ['a NUL', encode(['2026-01-01T00:00:00.000Z\u0000', '00000000-0000-4000-8000-000000000000'])],
    ['a huge number', Buffer.from('[1e400,"x"]').toString('base64url')],
  ] as const;
  const lists = () => [
    '/api/downloads',
    '/api/files',
    '/api/files?sort=size',
    '/api/files?sort=name',
    '/api/videos/jobs',
    '/api/subscriptions',
    `/api/subscriptions/${subscriptionId}/runs`,
  ];

  it.each(badCursors)('a cursor with %s gives 400 on every list', async (_what, cursor) => {
    for (const list of lists()) {
      const separator = list.includes('?') ? '&' : '?';
      const response = await api('GET', `${list}${separator}cursor=${encodeURIComponent(cursor)}`);
      expect.soft(response.status, `${list}: ${JSON.stringify(response.json)}`).toBe(400);
      expect.soft(response.json.error?.message, list).toMatch(/cursor/i);
    }
  });

  it('a cursor a list gave out still works', async () => {
    const first = await api('GET', '/api/subscriptions?limit=1');
    expect(first.status).toBe(200);
    const again = await api(
      'GET',
      `/api/subscriptions?limit=1&cursor=${encode(['2026-01-01T00:00:00.000Z', subscriptionId])}`,
    );
    expect(again.status).toBe(200);
  });
});
