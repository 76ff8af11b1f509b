/**
 * Notifications end to end inside scheduler-service: a real local HTTP receiver checks the webhook signature,
 * retries on 500, the delivery log, ONE media.new per subscription run, events per target, ownership, the
 * per-target rate limit. Real database (PGlite), real embedded queue.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SchedulerService } from '../src/index.js';
import { ADMIN, ALICE, BOB, createHarness, type Harness } from './support/harness.js';
import { startReceiver, type Receiver } from './support/receiver.js';

const RATE_WINDOW_MS = 600;
let h: Harness;
let service: SchedulerService;
let receiver: Receiver;
let freeBytes = 50 * 1024 ** 3;

beforeAll(async () => {
  h = await createHarness('pglite');
  service = await h.startInstance({
    minIntervalMs: 60_000,
    diskFreeMinBytes: 1024 ** 3,
    notifications: {
      rateLimit: { limit: 3, windowMs: RATE_WINDOW_MS },
      diskSpace: async () => ({ freeBytes, totalBytes: 100 * 1024 ** 3 }),
    },
  });
  await h.context.queue.work(service.jobHandlers);
  await service.start?.();
  receiver = await startReceiver();
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

type Identity = typeof ALICE | typeof BOB | typeof ADMIN;

async function request(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  identity: Identity,
  payload?: unknown,
) {
  return service.app.inject({
    method,
    url,
    headers: await h.headers(identity),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function addWebhook(path: string, extra: Record<string, unknown> = {}, identity: Identity = ALICE) {
  const response = await request('POST', '/api/notifications/targets', identity, {
    type: 'webhook',
    url: `${receiver.url}${path}`,
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string; events: string[] };
}

async function deliveries(targetId: string, identity: Identity = ALICE) {
  const response = await request('GET', `/api/notifications/deliveries?targetId=${targetId}`, identity);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Array<{
    id: string;
    event: string;
    status: string;
    httpStatus?: number;
    attempts: number;
    lastError?: string;
  }>;
}

const at = (path: string) => receiver.received.filter((entry) => entry.path === path);

describe('webhook targets', () => {
  it('shows the signing secret only in the create answer', async () => {
    const created = await addWebhook('/secret');
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.events).toEqual(['media.new', 'download.failed', 'subscription.failed', 'session.expired']);
    for (const response of [
      await request('GET', `/api/notifications/targets/${created.id}`, ALICE),
      await request('GET', '/api/notifications/targets', ALICE),
      await request('PATCH', `/api/notifications/targets/${created.id}`, ALICE, { name: 'renamed' }),
    ]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(created.secret);
      expect(response.body).toContain('"hasSecret":true');
    }
  });

  it('signs a test delivery so the receiver can verify it, and logs it as delivered', async () => {
    const target = await addWebhook('/signed');
    const sent = await request('POST', `/api/notifications/targets/${target.id}/test`, ALICE);
    expect(sent.statusCode).toBe(202);
    await vi.waitFor(() => expect(at('/signed')).toHaveLength(1), { timeout: 10_000 });
    const [hit] = at('/signed');
    const timestamp = String(hit?.headers['x-smh-timestamp']);
    const expected = `sha256=${createHmac('sha256', target.secret).update(`${timestamp}.${hit?.body}`).digest('hex')}`;
    expect(hit?.headers['x-smh-signature']).toBe(expected);
    expect(hit?.headers['x-smh-event']).toBe('test');
    expect(Number(timestamp)).toBe(Math.floor(h.clock.now().getTime() / 1000));
    expect(JSON.parse(hit?.body ?? '')).toMatchObject({ event: 'test', data: { targetId: target.id } });
    await vi.waitFor(
      async () =>
        expect(await deliveries(target.id)).toEqual([
          expect.objectContaining({
            id: sent.json().deliveryId,
            event: 'test',
            status: 'delivered',
            httpStatus: 200,
            attempts: 1,
          }),
        ]),
      { timeout: 10_000 },
    );
  });

  it('retries a 500 answer with backoff until the receiver takes it', async () => {
    const target = await addWebhook('/flaky');
    receiver.script([500, 500]);
    await request('POST', `/api/notifications/targets/${target.id}/test`, ALICE);
    await vi.waitFor(async () => expect((await deliveries(target.id))[0]?.status).toBe('delivered'), {
      timeout: 15_000,
    });
    expect(at('/flaky')).toHaveLength(3);
    expect((await deliveries(target.id))[0]).toMatchObject({ httpStatus: 200, attempts: 3 });
  });

  it('marks a delivery failed, with the last status code, after the last attempt', async () => {
    const target = await addWebhook('/down');
    receiver.script(Array(10).fill(503));
    await request('POST', `/api/notifications/targets/${target.id}/test`, ALICE);
    await vi.waitFor(async () => expect((await deliveries(target.id))[0]?.status).toBe('failed'), { timeout: 20_000 });
    expect((await deliveries(target.id))[0]).toMatchObject({
      httpStatus: 503,
      attempts: 6,
      lastError: expect.stringContaining('HTTP 503'),
    });
    expect(at('/down')).toHaveLength(6);
    receiver.script([]);
  });

  it('holds deliveries over the per-target rate limit back instead of dropping them', async () => {
    const target = await addWebhook('/limited');
    for (let i = 0; i < 5; i += 1) await request('POST', `/api/notifications/targets/${target.id}/test`, ALICE);
    await vi.waitFor(
      async () => expect((await deliveries(target.id)).map((d) => d.status)).toEqual(Array(5).fill('delivered')),
      {
        timeout: 15_000,
      },
    );
    expect((await deliveries(target.id)).map((d) => d.attempts)).toEqual([1, 1, 1, 1, 1]);
    // 3 per window: the 4th cannot arrive before the window of the first has closed.
    const arrivals = at('/limited').map((entry) => entry.at);
    expect(arrivals).toHaveLength(5);
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(RATE_WINDOW_MS / 2);
  });
});

describe('events', () => {
  async function runSubscription(username: string, fileIds: string[]) {
    const subscription = await h.subscribe(service, { target: username, schedule: { every: '6h' } });
    const run = await request('POST', `/api/subscriptions/${subscription.id}/run`, ALICE);
    expect(run.statusCode, run.body).toBe(202);
    await h.fake.complete(run.json().downloadId, fileIds);
    await service.scheduler.settled();
    await service.notifications.settled();
    return { subscriptionId: subscription.id, ...(run.json() as { downloadId: string; runId: string }) };
  }

  it("batches a subscription run's new media into ONE media.new, with the new files only", async () => {
    const target = await addWebhook('/media', { events: ['media.new'] });
    const first = await runSubscription('batchuser', ['f1', 'f2', 'f3']);
    await vi.waitFor(() => expect(at('/media')).toHaveLength(1), { timeout: 10_000 });
    const body = JSON.parse(at('/media')[0]?.body ?? '');
    expect(body).toMatchObject({
      event: 'media.new',
      data: {
        source: 'subscription',
        username: 'batchuser',
        runId: first.runId,
        count: 3,
        fileIds: ['f1', 'f2', 'f3'],
      },
    });
    expect(at('/media')[0]?.headers['x-smh-event']).toBe('media.new');

    // A second run that finds one new file among known ones: one message with that file.
    const run = await request('POST', `/api/subscriptions/${first.subscriptionId}/run`, ALICE);
    await h.fake.complete(run.json().downloadId, ['f1', 'f2', 'f4']);
    await service.scheduler.settled();
    await service.notifications.settled();
    await vi.waitFor(() => expect(at('/media')).toHaveLength(2), { timeout: 10_000 });
    expect(JSON.parse(at('/media')[1]?.body ?? '').data).toMatchObject({ count: 1, fileIds: ['f4'] });
    // Neither the download.completed events of these runs nor a run without new files add a message.
    const third = await request('POST', `/api/subscriptions/${first.subscriptionId}/run`, ALICE);
    await h.fake.complete(third.json().downloadId, ['f1']);
    await service.scheduler.settled();
    await service.notifications.settled();
    expect((await deliveries(target.id)).map((d) => d.event)).toEqual(['media.new', 'media.new']);
  });

  it('tells a plain download, a failed one, a failed subscription run and an expired session, per chosen events', async () => {
    const all = await addWebhook('/all');
    const failuresOnly = await addWebhook('/failures', { events: ['download.failed', 'subscription.failed'] });
    await addWebhook('/bobs', {}, BOB);
    await h.context.events.publish('download.completed', {
      id: 'dl-plain',
      ownerId: ALICE.userId,
      fileIds: ['p1', 'p2'],
      progress: { filesDone: 2, filesTotal: 2, bytesDone: 0, bytesTotal: 0 },
    });
    await h.context.events.publish('download.failed', {
      id: 'dl-broken',
      ownerId: ALICE.userId,
      error: { code: 'NOT_FOUND', message: 'the post is gone', retryable: false },
    });
    await h.context.events.publish('session.expired', { id: 'session-1', ownerId: ALICE.userId, reason: 'checkpoint' });
    const subscription = await h.subscribe(service, { target: 'failinguser', schedule: { every: '6h' } });
    const run = await request('POST', `/api/subscriptions/${subscription.id}/run`, ALICE);
    await h.fake.fail(run.json().downloadId, { code: 'PROFILE_PRIVATE', message: 'the profile is private' });
    await service.scheduler.settled();
    await service.notifications.settled();

    await vi.waitFor(() => expect(at('/all')).toHaveLength(4), { timeout: 10_000 });
    const bodies = at('/all').map((entry) => JSON.parse(entry.body));
    expect(bodies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'media.new',
          data: expect.objectContaining({ source: 'download', downloadId: 'dl-plain', count: 2 }),
        }),
        expect.objectContaining({
          event: 'download.failed',
          data: expect.objectContaining({ downloadId: 'dl-broken', error: 'NOT_FOUND: the post is gone' }),
        }),
        expect.objectContaining({ event: 'session.expired', data: { sessionId: 'session-1', reason: 'checkpoint' } }),
        expect.objectContaining({
          event: 'subscription.failed',
          data: expect.objectContaining({ subscriptionId: subscription.id, username: 'failinguser', flagged: false }),
        }),
      ]),
    );
    // The subscription's failed download is told once, as subscription.failed.
    await vi.waitFor(
      async () =>
        expect((await deliveries(failuresOnly.id)).map((d) => d.event).sort()).toEqual([
          'download.failed',
          'subscription.failed',
        ]),
      { timeout: 10_000 },
    );
    expect(at('/bobs')).toHaveLength(0);
    expect((await deliveries(all.id)).every((d) => d.status === 'delivered')).toBe(true);
  });
});

describe('several instances', () => {
  it('record one delivery per target for an event every instance hears', async () => {
    const second = await h.startInstance({ minIntervalMs: 60_000 });
    second.notifications.start();
    const target = await addWebhook('/once', { events: ['session.expired'] });
    await h.context.events.publish('session.expired', {
      id: 'session-twice',
      ownerId: ALICE.userId,
      reason: 'expired',
    });
    await service.notifications.settled();
    await second.notifications.settled();
    await vi.waitFor(() => expect(at('/once')).toHaveLength(1), { timeout: 10_000 });
    expect(await deliveries(target.id)).toHaveLength(1);
    await second.notifications.stop();
  });
});

describe('API', () => {
  it.each([
    [{ type: 'pager', url: 'http://x.test/' }, 'body.type'],
    [{ type: 'webhook' }, 'body.url'],
    [{ type: 'webhook', url: 'ftp://x.test/' }, 'body.url'],
    [{ type: 'webhook', url: 'http://x.test/', events: ['coffee.ready'] }, 'body.events.0'],
    [{ type: 'gotify', url: 'http://x.test/' }, 'body.token'],
    [{ type: 'telegram', chatId: '42' }, 'body.botToken'],
    [{ type: 'email', host: 'smtp.x.test', from: 'hub@x.test', to: 'nope' }, 'body.to'],
  ])('%j → 400 naming %s', async (payload, path) => {
    const response = await request('POST', '/api/notifications/targets', ALICE, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.message).toContain(path);
  });

  it('keeps targets and their deliveries to their owner (admins see all)', async () => {
    const target = await addWebhook('/owned');
    expect((await request('GET', `/api/notifications/targets/${target.id}`, BOB)).statusCode).toBe(404);
    expect((await request('POST', `/api/notifications/targets/${target.id}/test`, BOB)).statusCode).toBe(404);
    expect((await request('GET', `/api/notifications/deliveries?targetId=${target.id}`, BOB)).statusCode).toBe(404);
    expect((await request('DELETE', `/api/notifications/targets/${target.id}`, BOB)).statusCode).toBe(404);
    expect((await request('GET', `/api/notifications/targets/${target.id}`, ADMIN)).statusCode).toBe(200);
    const bobs = (await request('GET', '/api/notifications/targets', BOB)).json().items as Array<{ id: string }>;
    expect(bobs.map((t) => t.id)).not.toContain(target.id);
    expect((await request('DELETE', `/api/notifications/targets/${target.id}`, ALICE)).statusCode).toBe(204);
    expect((await request('GET', `/api/notifications/targets/${target.id}`, ALICE)).statusCode).toBe(404);
  });

  it('edits the events and the fields of a target, validating them again', async () => {
    const target = await addWebhook('/edit');
    const bad = await request('PATCH', `/api/notifications/targets/${target.id}`, ALICE, { url: 'not a url' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('body.url');
    const good = await request('PATCH', `/api/notifications/targets/${target.id}`, ALICE, {
      events: ['session.expired'],
      url: `${receiver.url}/edited`,
    });
    expect(good.json()).toMatchObject({ events: ['session.expired'], url: `${receiver.url}/edited` });
  });
});

describe('disk.low', () => {
  it("tells admins' targets once a day while free space is under the minimum; users cannot choose it", async () => {
    const refused = await request('POST', '/api/notifications/targets', ALICE, {
      type: 'webhook',
      url: `${receiver.url}/x`,
      events: ['disk.low'],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('admins only');
    const admin = await addWebhook('/admin-disk', {}, ADMIN);
    expect(admin.events).toContain('disk.low');
    await addWebhook('/user-disk', {}, ALICE);

    await service.notifications.checkDisk(); // plenty of space: nothing
    freeBytes = 300 * 1024 ** 2;
    await service.notifications.checkDisk();
    await service.notifications.checkDisk(); // still low the same day: no second message
    await vi.waitFor(() => expect(at('/admin-disk')).toHaveLength(1), { timeout: 10_000 });
    expect(JSON.parse(at('/admin-disk')[0]?.body ?? '')).toMatchObject({
      event: 'disk.low',
      data: { freeBytes: 300 * 1024 ** 2, minFreeBytes: 1024 ** 3 },
    });
    expect((await deliveries(admin.id, ADMIN)).map((d) => d.event)).toEqual(['disk.low']);
    expect(at('/user-disk')).toHaveLength(0);
    freeBytes = 50 * 1024 ** 3;
  });
});
