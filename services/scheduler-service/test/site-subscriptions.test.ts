/**
 * Subscriptions to a channel, playlist or profile page of another site (yt-dlp) over HTTP: create, list, patch,
 * the run request sent to download-service, and the failure flag, next to an Instagram subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchedulerService } from '../src/index.js';
import { ALICE, BOB, createHarness, runRows, type Harness } from './support/harness.js';

let h: Harness;
let service: SchedulerService;

beforeAll(async () => {
  h = await createHarness('pglite');
  service = await h.startInstance({ minIntervalMs: 60_000, flagAfterFailures: 2 });
  await service.start!(); // follows download outcomes; the manual clock never makes a run due
});
afterAll(async () => {
  await h.close();
});

async function request(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  identity: typeof ALICE | typeof BOB,
  payload?: unknown,
) {
  return service.app.inject({
    method,
    url,
    headers: await h.headers(identity),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function storedRow(id: string) {
  const { rows } = await h.context.db.query<{ username: string; source_url: string | null; include: string[] }>(
    'SELECT username, source_url, include FROM scheduler.subscriptions WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

const CHANNEL = 'https://Tube.Example.org/c/fish/videos#newest';
const CANONICAL = 'https://tube.example.org/c/fish/videos';

describe('site subscriptions', () => {
  let site: { id: string };

  beforeAll(async () => {
    const created = await request('POST', '/api/subscriptions', ALICE, { target: CHANNEL, schedule: { every: '6h' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().profileCheck).toEqual({ status: 'found', message: null });
    site = created.json();
  });

  it('answers with the page URL as target, kind site, no include; yt-dlp is asked about it, not Instagram', async () => {
    h.fake.sites.set('https://tube.example.org/playlist?list=PL1', 'down');
    const created = await request('POST', '/api/subscriptions', BOB, {
      target: 'https://tube.example.org/playlist?list=PL1',
      schedule: { every: '1d' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      target: 'https://tube.example.org/playlist?list=PL1',
      kind: 'site',
      profileUrl: 'https://tube.example.org/playlist?list=PL1',
      include: [],
      sessionId: null,
      profileCheck: { status: 'unchecked', message: expect.stringContaining('first run will tell') },
    });
    expect(created.json().profileCheck.message).toContain('tube.example.org');
    expect(h.fake.lookups.map((lookup) => lookup.username)).toEqual([]);
    expect(h.fake.probes).toEqual([CANONICAL, 'https://tube.example.org/playlist?list=PL1']);
    const row = await storedRow(site.id);
    expect(row).toMatchObject({ source_url: CANONICAL, username: CANONICAL });
  });

  it('refuses with 422 a page yt-dlp finds no media on, and stores nothing', async () => {
    const empty = 'https://tube.example.org/about';
    h.fake.sites.set(empty, {
      status: 'refused',
      site: 'tube.example.org',
      code: 'UNSUPPORTED_SITE',
      message: `No video or audio found on "${empty}" (tube.example.org is not supported).`,
    });
    const response = await request('POST', '/api/subscriptions', ALICE, { target: empty, schedule: { every: '6h' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'UNSUPPORTED_SITE', message: expect.stringContaining(empty) });
    const { rows } = await h.context.db.query('SELECT id FROM scheduler.subscriptions WHERE username = $1', [empty]);
    expect(rows).toEqual([]);
  });

  it('lists the site subscription next to an Instagram one, each with its kind', async () => {
    const instagram = await request('POST', '/api/subscriptions', ALICE, {
      target: 'natgeo',
      schedule: { every: '6h' },
    });
    expect(instagram.json()).toMatchObject({ kind: 'instagram', target: 'natgeo', include: ['posts'] });
    const list = (await request('GET', '/api/subscriptions', ALICE)).json();
    const shown = list.items.map((item: { target: string; kind: string }) => [item.kind, item.target]);
    expect(shown.sort()).toEqual([
      ['instagram', 'natgeo'],
      ['site', CANONICAL],
    ]);
  });

  it('refuses a second subscription to the same page, however it is written, with 409', async () => {
    const again = await request('POST', '/api/subscriptions', ALICE, {
      target: 'https://TUBE.example.org/c/fish/videos',
      schedule: { every: '1d' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain(CANONICAL);
  });

  it.each([
    [{ include: ['posts'] }, 'include'],
    [{ sessionId: '00000000-0000-4000-8000-000000000000' }, 'sessionId'],
  ])('refuses the Instagram option %j for a page with 400', async (extra, field) => {
    const response = await request('POST', '/api/subscriptions', ALICE, {
      target: 'https://tube.example.org/c/other',
      schedule: { every: '6h' },
      ...extra,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: field }] });
    expect(response.json().error.message).toContain('only apply to Instagram');
    const patch = await request('PATCH', `/api/subscriptions/${site.id}`, ALICE, extra);
    expect(patch.statusCode).toBe(400);
    expect((await storedRow(site.id)).include).toEqual([]);
  });

  it.each([
    ['https://tube.example.org/media/clip.mp4', 'a single file'],
    ['https://www.instagram.com/p/Cabc123/', 'not a profile'],
  ])('refuses %j with 400 naming the target', async (target, message) => {
    const response = await request('POST', '/api/subscriptions', ALICE, { target, schedule: { every: '6h' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('body.target');
    expect(response.json().error.message).toContain(message);
  });

  it('patches the schedule and enabled flag of a page', async () => {
    const patched = await request('PATCH', `/api/subscriptions/${site.id}`, ALICE, {
      schedule: { every: '12h' },
      enabled: false,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      target: CANONICAL,
      kind: 'site',
      schedule: { every: '12h' },
      state: 'disabled',
    });
    await request('PATCH', `/api/subscriptions/${site.id}`, ALICE, { enabled: true });
  });

  it('a run asks download-service for an incremental download of the page, without include or session', async () => {
    const response = await request('POST', `/api/subscriptions/${site.id}/run`, ALICE);
    expect(response.statusCode).toBe(202);
    const { downloadId, runId } = response.json();
    expect(h.fake.calls.at(-1)).toEqual({
      ownerId: ALICE.userId,
      url: CANONICAL,
      subscriptionId: site.id,
      incremental: true,
      idempotencyKey: runId,
    });
    await h.fake.complete(downloadId, ['f1', 'f2']);
    await service.scheduler.settled();
    expect((await runRows(h.context.db, site.id))[0]).toMatchObject({ status: 'completed', new_files: 2 });
    const published = h.runEvents.filter((event) => event.id === runId).map((event) => event.status);
    expect(published).toEqual(['started', 'completed']);
  });

  it('failed runs count towards the flag as for Instagram, without pausing it', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { downloadId } = (await request('POST', `/api/subscriptions/${site.id}/run`, ALICE)).json();
      await h.fake.fail(downloadId, { code: 'UNSUPPORTED_SITE', message: 'no video or audio found' });
      await service.scheduler.settled();
    }
    const current = (await request('GET', `/api/subscriptions/${site.id}`, ALICE)).json();
    expect(current).toMatchObject({ consecutiveFailures: 2, flagged: true, state: 'active' });
    expect(current.flaggedReason).toContain('UNSUPPORTED_SITE');
  });
});
