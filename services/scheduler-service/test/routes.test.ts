/** /api/subscriptions over HTTP (app.inject): validation, ownership, admin view, run-now, history, paging. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedulerService } from '../src/index.js';
import { ADMIN, ALICE, BOB, createHarness, type Harness } from './support/harness.js';

let h: Harness;
let service: SchedulerService;

beforeAll(async () => {
  h = await createHarness('pglite');
  service = await h.startInstance({ minIntervalMs: 60_000 });
});
afterAll(async () => {
  await h.close();
});

async function request(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  identity: typeof ALICE | typeof BOB | typeof ADMIN | null,
  payload?: unknown,
) {
  const headers = identity ? await h.headers(identity) : {};
  return service.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

describe('POST /api/subscriptions validation', () => {
  it.each([
    [{ schedule: { every: '6h' } }, 'body.target'],
    [{ target: 'not a user', schedule: { every: '6h' } }, 'body.target'],
    [{ target: 'https://www.instagram.com/p/Cabc123/', schedule: { every: '6h' } }, 'body.target'],
    [{ target: 'natgeo' }, 'body.schedule'],
    [{ target: 'natgeo', schedule: {} }, 'body.schedule'],
    [{ target: 'natgeo', schedule: { every: '6h', cron: '0 * * * *' } }, 'body.schedule'],
    [{ target: 'natgeo', schedule: { every: '6 hours' } }, 'body.schedule.every'],
    [{ target: 'natgeo', schedule: { every: '30s' } }, 'body.schedule.every'],
    [{ target: 'natgeo', schedule: { cron: 'whenever' } }, 'body.schedule.cron'],
    [{ target: 'natgeo', schedule: { cron: '0 9 * * *', timezone: 'Nowhere/Land' } }, 'body.schedule.timezone'],
    [{ target: 'natgeo', schedule: { every: '6h' }, include: ['videos'] }, 'body.include.0'],
    [{ target: 'natgeo', schedule: { every: '6h' }, include: [] }, 'body.include'],
    [{ target: 'natgeo', schedule: { every: '6h' }, sessionId: 'abc' }, 'body.sessionId'],
  ])('%j → 400 naming %s', async (payload, path) => {
    const response = await request('POST', '/api/subscriptions', ALICE, payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    expect(error.message).toContain(path);
  });

  it('names an unknown field', async () => {
    const response = await request('POST', '/api/subscriptions', ALICE, {
      target: 'natgeo',
      schedule: { every: '6h' },
      color: 'red',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('"color"');
  });

  it('explains why an interval is refused', async () => {
    const response = await request('POST', '/api/subscriptions', ALICE, {
      target: 'natgeo',
      schedule: { every: '30s' },
    });
    expect(response.json().error.message).toContain('shortest interval is 1m');
  });

  it('requires a signed-in user', async () => {
    expect(
      (await request('POST', '/api/subscriptions', null, { target: 'natgeo', schedule: { every: '6h' } })).statusCode,
    ).toBe(401);
    expect((await request('GET', '/api/subscriptions', null)).statusCode).toBe(401);
  });
});

describe('subscriptions CRUD and ownership', () => {
  let aliceSub: { id: string };
  let bobSub: { id: string };

  beforeAll(async () => {
    const created = await request('POST', '/api/subscriptions', ALICE, {
      target: 'https://www.instagram.com/NatGeo/',
      schedule: { every: '6h' },
    });
    expect(created.statusCode).toBe(201);
    aliceSub = created.json();
    bobSub = (
      await request('POST', '/api/subscriptions', BOB, {
        target: 'nasa',
        schedule: { cron: '0 */6 * * *' },
        include: ['stories', 'posts', 'stories'],
      })
    ).json();
  });

  it('normalises the target and fills defaults', async () => {
    const response = await request('GET', `/api/subscriptions/${aliceSub.id}`, ALICE);
    expect(response.json()).toMatchObject({
      id: aliceSub.id,
      ownerId: ALICE.userId,
      target: 'natgeo',
      profileUrl: 'https://www.instagram.com/natgeo/',
      include: ['posts'],
      schedule: { every: '6h' },
      sessionId: null,
      enabled: true,
      state: 'active',
      consecutiveFailures: 0,
      flagged: false,
      pausedReason: null,
    });
    expect((await request('GET', `/api/subscriptions/${bobSub.id}`, BOB)).json()).toMatchObject({
      include: ['stories', 'posts'],
      schedule: { cron: '0 */6 * * *' },
    });
  });

  it('refuses a second subscription to the same profile with 409', async () => {
    const response = await request('POST', '/api/subscriptions', ALICE, {
      target: 'NATGEO',
      schedule: { every: '1d' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('natgeo');
  });

  it("answers 404 for another user's subscription on every route", async () => {
    for (const [method, url, payload] of [
      ['GET', `/api/subscriptions/${bobSub.id}`],
      ['PATCH', `/api/subscriptions/${bobSub.id}`, { enabled: false }],
      ['DELETE', `/api/subscriptions/${bobSub.id}`],
      ['POST', `/api/subscriptions/${bobSub.id}/run`],
      ['GET', `/api/subscriptions/${bobSub.id}/runs`],
    ] as const) {
      const response = await request(method, url, ALICE, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await request('GET', `/api/subscriptions/${bobSub.id}`, BOB)).statusCode).toBe(200);
    expect(h.fake.calls).toHaveLength(0);
  });

  it("lists only the caller's subscriptions; an admin sees all", async () => {
    const alice = (await request('GET', '/api/subscriptions', ALICE)).json();
    expect(alice.items.map((item: { id: string }) => item.id)).toEqual([aliceSub.id]);
    const admin = (await request('GET', '/api/subscriptions', ADMIN)).json();
    expect(admin.items.map((item: { id: string }) => item.id).sort()).toEqual([aliceSub.id, bobSub.id].sort());
    expect((await request('GET', `/api/subscriptions/${bobSub.id}`, ADMIN)).statusCode).toBe(200);
  });

  it('pages with a cursor', async () => {
    for (const target of ['p1', 'p2', 'p3'])
      await request('POST', '/api/subscriptions', ALICE, { target, schedule: { every: '1d' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await request('GET', `/api/subscriptions?limit=2${cursor ? `&cursor=${cursor}` : ''}`, ALICE)
      ).json() as { items: { target: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.target));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['natgeo', 'p1', 'p2', 'p3']);
  });

  it('PATCH changes the schedule from now, disables, and refuses an empty edit', async () => {
    const now = h.clock.now().getTime();
    const updated = (
      await request('PATCH', `/api/subscriptions/${aliceSub.id}`, ALICE, {
        schedule: { every: '2h' },
        include: ['reels'],
      })
    ).json();
    expect(updated).toMatchObject({ schedule: { every: '2h' }, include: ['reels'], state: 'active' });
    const wait = new Date(updated.nextRunAt).getTime() - now;
    expect(wait).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(wait).toBeLessThan(2 * 3_600_000 + 5 * 60_000);
    const disabled = (await request('PATCH', `/api/subscriptions/${aliceSub.id}`, ALICE, { enabled: false })).json();
    expect(disabled).toMatchObject({ enabled: false, state: 'disabled', nextRunAt: null });
    const empty = await request('PATCH', `/api/subscriptions/${aliceSub.id}`, ALICE, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('Nothing to change');
    const bad = await request('PATCH', `/api/subscriptions/${aliceSub.id}`, ALICE, { schedule: { every: '5s' } });
    expect(bad.json().error.details[0].path).toBe('body.schedule.every');
    await request('PATCH', `/api/subscriptions/${aliceSub.id}`, ALICE, { enabled: true });
  });

  it('run-now answers 202 {downloadId}, records a manual run, and refuses a second while it runs', async () => {
    const response = await request('POST', `/api/subscriptions/${aliceSub.id}/run`, ALICE);
    expect(response.statusCode).toBe(202);
    const { downloadId, runId } = response.json();
    expect(h.fake.downloads.has(downloadId)).toBe(true);
    expect(h.fake.calls.at(-1)).toMatchObject({
      subscriptionId: aliceSub.id,
      url: 'https://www.instagram.com/natgeo/',
      include: ['reels'],
      idempotencyKey: runId,
    });

    const again = await request('POST', `/api/subscriptions/${aliceSub.id}/run`, ALICE);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details).toMatchObject({ runId, downloadId });

    const runs = (await request('GET', `/api/subscriptions/${aliceSub.id}/runs`, ALICE)).json();
    expect(runs.items).toEqual([
      expect.objectContaining({ id: runId, trigger: 'manual', status: 'running', downloadId, scheduledFor: null }),
    ]);
    expect((await request('GET', `/api/subscriptions/${aliceSub.id}/runs`, ADMIN)).json().items).toHaveLength(1);
  });

  it('run-now passes on download-service refusing the request and records the failed run', async () => {
    h.fake.mode = 'reject';
    try {
      const response = await request('POST', `/api/subscriptions/${bobSub.id}/run`, ADMIN);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('UNSUPPORTED_URL');
    } finally {
      h.fake.mode = 'accept';
    }
    const runs = (await request('GET', `/api/subscriptions/${bobSub.id}/runs`, BOB)).json();
    expect(runs.items[0]).toMatchObject({ trigger: 'manual', status: 'failed', error: { code: 'UNSUPPORTED_URL' } });
    expect((await request('GET', `/api/subscriptions/${bobSub.id}`, BOB)).json().consecutiveFailures).toBe(1);
  });

  it('DELETE answers 204 and the subscription and its runs are gone', async () => {
    expect((await request('DELETE', `/api/subscriptions/${aliceSub.id}`, ALICE)).statusCode).toBe(204);
    expect((await request('GET', `/api/subscriptions/${aliceSub.id}`, ALICE)).statusCode).toBe(404);
    expect((await request('GET', `/api/subscriptions/${aliceSub.id}/runs`, ALICE)).statusCode).toBe(404);
    const { rows } = await h.context.db.query('SELECT 1 FROM scheduler.runs WHERE subscription_id = $1', [aliceSub.id]);
    expect(rows).toHaveLength(0);
  });

  it('documents the routes in OpenAPI', async () => {
    const document = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/subscriptions',
        '/api/subscriptions/{id}',
        '/api/subscriptions/{id}/run',
        '/api/subscriptions/{id}/runs',
      ]),
    );
  });
});

describe('POST /api/subscriptions asks Instagram whether the profile exists', () => {
  const sessionId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
  const create = (target: string, extra: Record<string, unknown> = {}) =>
    request('POST', '/api/subscriptions', ALICE, { target, schedule: { every: '6h' }, ...extra });
  const aliceTargets = async () =>
    ((await request('GET', '/api/subscriptions?limit=100', ALICE)).json().items as { target: string }[]).map(
      (item) => item.target,
    );

  it('refuses a profile Instagram does not know with 422 PROFILE_NOT_FOUND and stores nothing', async () => {
    h.fake.profiles.set('no_such_profile_42', 'not_found');
    const response = await create('https://www.instagram.com/No_Such_Profile_42/');
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('PROFILE_NOT_FOUND');
    expect(error.message).toContain('@no_such_profile_42');
    expect(error.message).toContain('choose an Instagram session'); // anonymous: a session might see it
    expect(error.details).toBeUndefined(); // the UI appends details: the message alone says it (no repeat)
    expect(await aliceTargets()).not.toContain('no_such_profile_42');
    expect(h.fake.lookups.at(-1)).toEqual({ username: 'no_such_profile_42', ownerId: ALICE.userId });
  });

  it('looks with the chosen session and does not suggest one when it was used', async () => {
    h.fake.profiles.set('hidden_even_to_sessions', 'not_found');
    const response = await create('hidden_even_to_sessions', { sessionId });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).not.toContain('choose an Instagram session');
    expect(h.fake.lookups.at(-1)).toEqual({ username: 'hidden_even_to_sessions', ownerId: ALICE.userId, sessionId });
  });

  it('accepts a private profile and says what it needs', async () => {
    h.fake.profiles.set('closed_doors', 'private');
    const response = await create('closed_doors');
    expect(response.statusCode).toBe(201);
    expect(response.json().profileCheck).toEqual({ status: 'private', message: expect.stringContaining('private') });
  });

  it.each([
    ['unknown', 'Instagram rate limit'],
    ['down', 'restarting'],
  ] as const)('accepts when the lookup answers %s, and says it could not check', async (status, reason) => {
    const username = `unchecked_${status}`;
    h.fake.profiles.set(username, status);
    const response = await create(username);
    expect(response.statusCode).toBe(201);
    expect(response.json().profileCheck).toEqual({
      status: 'unchecked',
      message: expect.stringContaining(reason),
    });
    expect(await aliceTargets()).toContain(username);
  });

  it('answers found for an existing profile', async () => {
    const response = await create('plain_existing');
    expect(response.statusCode).toBe(201);
    expect(response.json().profileCheck).toEqual({ status: 'found', message: null });
  });
});
