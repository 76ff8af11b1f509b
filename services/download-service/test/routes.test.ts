/** The downloads API without a worker: validation (400 naming why), ownership (404), state rules (409), internal auth. */
import { registeredRoutes, type HubService, type ServiceContext } from '@smh/shared';
import { createTestContext, identityHeaders, serviceHeaders } from '@smh/shared/testing-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDownloadService } from '../src/index.js';
import { ADMIN, ALICE, BOB, type TestUser } from './helpers/harness.js';

let context: ServiceContext;
let service: HubService;
let close: () => Promise<void>;

beforeAll(async () => {
  const test = await createTestContext({ service: 'download-service' });
  context = test.context;
  close = test.close;
  service = await buildDownloadService(context);
});
afterAll(async () => {
  await service?.app.close();
  await close?.();
});

async function call(user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) {
  const headers = user ? await identityHeaders(context, user) : {};
  const response = await service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, json: response.body ? JSON.parse(response.body) : undefined };
}

describe('POST /api/downloads validation', () => {
  it.each([
    ['not a URL', { url: 'http://' }, 'UNSUPPORTED_URL', /not a valid URL/],
    ['an unsupported scheme', { url: 'ftp://example.com/file.zip' }, 'UNSUPPORTED_URL', /scheme "ftp"/],
    ['a file: URL', { url: 'file:///etc/passwd' }, 'UNSUPPORTED_URL', /scheme "file"/],
    ['the Instagram home page', { url: 'https://www.instagram.com/' }, 'UNSUPPORTED_URL', /home page/],
    ['a bad shortcode', { url: 'https://www.instagram.com/p/$$$/' }, 'UNSUPPORTED_URL', /shortcode/],
    ['stories without a session', { url: 'https://www.instagram.com/stories/someone/' }, 'SESSION_REQUIRED', /session/],
    [
      'highlights included without a session',
      { url: 'https://www.instagram.com/someone/', include: ['posts', 'highlights'] },
      'SESSION_REQUIRED',
      /"highlights"/,
    ],
    [
      'a session for a direct URL',
      { url: 'https://example.com/a.jpg', sessionId: '7d9f6a8e-1c2b-4c3d-9e8f-0a1b2c3d4e5f' },
      'SESSION_NOT_APPLICABLE',
      /Instagram URLs/,
    ],
    [
      'an unknown include',
      { url: 'https://www.instagram.com/someone/', include: ['everything'] },
      'VALIDATION_ERROR',
      /body\.include/,
    ],
    ['a zero limit', { url: 'https://www.instagram.com/someone/', limit: 0 }, 'VALIDATION_ERROR', /body\.limit/],
    ['a missing url', {}, 'VALIDATION_ERROR', /body\.url/],
  ])('400 for %s', async (_name, body, code, message) => {
    const response = await call(ALICE, 'POST', '/api/downloads', body);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe(code);
    expect(response.json.error.message).toMatch(message);
  });

  it('401 without a signed-in user', async () => {
    expect((await call(null, 'POST', '/api/downloads', { url: 'https://www.instagram.com/someone/' })).status).toBe(
      401,
    );
  });
});

describe('ownership and states', () => {
  let aliceDownload: string;
  beforeAll(async () => {
    const created = await call(ALICE, 'POST', '/api/downloads', { url: 'instagram.com/someone' });
    expect(created.status).toBe(202);
    expect(created.json).toMatchObject({
      status: 'queued',
      kind: 'profile',
      fileIds: [],
      progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
      finishedAt: null,
      warnings: [],
      waitingUntil: null,
    });
    expect(Object.keys(created.json).sort()).toEqual([
      'createdAt',
      'fileIds',
      'finishedAt',
      'id',
      'kind',
      'progress',
      'status',
      'url',
      'waitingUntil',
      'warnings',
    ]);
    aliceDownload = created.json.id;
    for (const url of ['https://www.instagram.com/p/DAbc_123/', 'https://www.instagram.com/reel/DAbc_124/'])
      await call(ALICE, 'POST', '/api/downloads', { url });
    await call(BOB, 'POST', '/api/downloads', { url: 'https://www.instagram.com/bobs_pick/' });
  });

  it('other users get 404 for every route of a download; admins see it', async () => {
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/cancel'],
      ['POST', '/retry'],
    ] as const) {
      expect((await call(BOB, method, `/api/downloads/${aliceDownload}${suffix}`)).status).toBe(404);
    }
    expect((await call(ADMIN, 'GET', `/api/downloads/${aliceDownload}`)).status).toBe(200);
    expect((await call(ALICE, 'GET', '/api/downloads/not-a-uuid')).status).toBe(400);
  });

  it("lists only the caller's downloads, newest first, with a cursor; admins list everyone's", async () => {
    const first = await call(ALICE, 'GET', '/api/downloads?limit=2');
    expect(first.json.items.map((item: { kind: string }) => item.kind)).toEqual(['reel', 'post']);
    const second = await call(ALICE, 'GET', `/api/downloads?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json).toMatchObject({ items: [{ id: aliceDownload }], nextCursor: null });
    expect((await call(BOB, 'GET', '/api/downloads')).json.items).toHaveLength(1);
    expect((await call(ADMIN, 'GET', '/api/downloads')).json.items).toHaveLength(4);
    expect((await call(ALICE, 'GET', '/api/downloads?status=failed')).json.items).toEqual([]);
  });

  it('cancel a queued download, then retry it; wrong states answer 409', async () => {
    const canceled = await call(ALICE, 'POST', `/api/downloads/${aliceDownload}/cancel`);
    expect(canceled).toMatchObject({ status: 200, json: { status: 'canceled' } });
    expect(canceled.json.finishedAt).not.toBeNull();
    expect((await call(ALICE, 'POST', `/api/downloads/${aliceDownload}/cancel`)).status).toBe(409);
    expect(await call(ALICE, 'POST', `/api/downloads/${aliceDownload}/retry`)).toMatchObject({
      status: 202,
      json: { status: 'queued', finishedAt: null },
    });
    expect((await call(ALICE, 'POST', `/api/downloads/${aliceDownload}/retry`)).status).toBe(409);
  });

  it('internal routes need a service token and report the contract shape', async () => {
    const url = `/internal/downloads/${aliceDownload}`;
    expect(
      (await service.app.inject({ method: 'GET', url, headers: await identityHeaders(context, ADMIN) })).statusCode,
    ).toBe(401);
    const response = await service.app.inject({
      method: 'GET',
      url,
      headers: await serviceHeaders(context, 'scheduler-service'),
    });
    expect(JSON.parse(response.body)).toEqual({ id: aliceDownload, status: 'queued', fileIds: [], error: null });
    const created = await service.app.inject({
      method: 'POST',
      url: '/internal/downloads',
      headers: await serviceHeaders(context, 'scheduler-service'),
      payload: {
        ownerId: BOB.userId,
        url: 'https://www.instagram.com/bobs_pick/',
        subscriptionId: '0b1f6a8e-1c2b-4c3d-9e8f-0a1b2c3d4e5f',
      },
    });
    expect(created.statusCode).toBe(202);
    expect((await call(BOB, 'GET', `/api/downloads/${JSON.parse(created.body).id}`)).json).toMatchObject({
      kind: 'profile',
      status: 'queued',
    });
  });

  it('start() re-enqueues every queued download once (keyed jobs)', async () => {
    await service.start?.();
    await service.start?.();
    const { rows } = await context.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM smh_queue.jobs WHERE name = 'download.run' AND status = 'waiting'`,
    );
    const open = (await call(ADMIN, 'GET', '/api/downloads?status=queued')).json.items.length;
    expect(rows[0]!.n).toBe(open);
  });

  it('registers every documented route', () => {
    const routes = registeredRoutes(service.app).map((route) => `${route.method} ${route.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/downloads',
        'GET /api/downloads',
        'GET /api/downloads/:id',
        'POST /api/downloads/:id/cancel',
        'POST /api/downloads/:id/retry',
        'POST /api/downloads/retry-failed',
        'POST /internal/downloads',
        'GET /internal/downloads/:id',
      ]),
    );
  });
});

describe('/ready', () => {
  it("reports yt-dlp's version, its release day and whether it is outdated", async () => {
    const response = await service.app.inject({ method: 'GET', url: '/ready' });
    const ytdlp = JSON.parse(response.body).ytdlp;
    expect(ytdlp.version).toMatch(/^\d{4}\.\d{2}\.\d{2}/);
    expect(ytdlp.released).toBe(ytdlp.version.slice(0, 10).replaceAll('.', '-'));
    const ageDays = Math.floor((Date.now() - Date.parse(`${ytdlp.released}T00:00:00Z`)) / 86_400_000);
    expect(ytdlp.outdated).toBe(ageDays > 90);
    expect(ytdlp.path).toMatch(/yt-dlp$/);
  });
});
