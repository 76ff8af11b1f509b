/**
 * A subscription kept up to date end to end: scheduler-service (its loop, on a manual clock) → REAL
 * download-service over HTTP (incremental profile sync) → fake Instagram → REAL file-service; outcomes come back
 * on the shared event bus. Runs pick up the posts added between them, and only those.
 */
import { createMetrics, createServiceClient, type ServiceContext } from '@smh/shared';
import { identityHeaders } from '@smh/shared/testing-context';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schedulerServiceFactory, type SchedulerService } from '../../services/scheduler-service/src/index.js';
import { createManualClock } from '../../services/scheduler-service/test/support/clock.js';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

const INTERVAL_MS = 60_000;
let h: Harness;
let scheduler: SchedulerService;
const clock = createManualClock(new Date());

beforeAll(async () => {
  h = await startHarness();
  h.fake.addProfile({ username: 'harbour_daily', posts: [{ kind: 'photo' }, { kind: 'carousel' }, { kind: 'photo' }] });
  const downloadUrl = await h.service.app.listen({ port: 0, host: '127.0.0.1' });
  const context: ServiceContext = {
    ...h.context,
    clock,
    metrics: createMetrics('scheduler-service'),
    logger: h.context.logger.child({ service: 'scheduler-service' }),
    call: createServiceClient({ caller: 'scheduler-service', tokens: h.context.tokens, locate: () => downloadUrl }),
  };
  scheduler = await schedulerServiceFactory({ tickMs: 20 })(context);
  await scheduler.start!();
});
afterAll(async () => {
  await scheduler?.stop?.();
  await scheduler?.app.close();
  await h?.close();
});

async function runs(subscriptionId: string) {
  const response = await scheduler.app.inject({
    method: 'GET',
    url: `/api/subscriptions/${subscriptionId}/runs`,
    headers: await identityHeaders(h.context, ALICE),
  });
  return (
    response.json() as {
      items: { status: string; newFiles: number | null; downloadId: string | null; error: unknown }[];
    }
  ).items;
}

async function waitForRuns(subscriptionId: string, count: number) {
  await vi.waitFor(
    async () => {
      const items = await runs(subscriptionId);
      expect(items).toHaveLength(count);
      expect(items[0]!.status, JSON.stringify(items[0])).toBe('completed');
    },
    { timeout: 45_000, interval: 50 },
  );
  return (await runs(subscriptionId))[0]!;
}

const cdnRequests = () => h.fake.requestLog.filter((entry) => entry.host === 'cdn');

describe('subscription sync against the fake Instagram', () => {
  let subscriptionId: string;
  let firstFiles: string[] = [];

  it('the first run archives the profile', async () => {
    const created = await scheduler.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: await identityHeaders(h.context, ALICE),
      payload: { target: 'https://www.instagram.com/harbour_daily/', schedule: { every: '1m' } },
    });
    expect(created.statusCode).toBe(201);
    subscriptionId = created.json().id;
    clock.advance(6_000); // past the subscription's jitter (≤ 10 % of a minute)
    const run = await waitForRuns(subscriptionId, 1);
    const download = await h.request(ALICE, 'GET', `/api/downloads/${run.downloadId}`);
    expect(download.json).toMatchObject({ status: 'completed', kind: 'profile' });
    firstFiles = download.json.fileIds;
    expect(firstFiles.length).toBeGreaterThanOrEqual(5); // 1 + 3 (carousel) + 1 photos, plus the profile picture
    expect(run.newFiles).toBe(firstFiles.length);
  });

  it('the next run picks up exactly the posts added in between', async () => {
    const added = [
      h.fake.addPost('harbour_daily', { kind: 'photo' }),
      h.fake.addPost('harbour_daily', { kind: 'photo' }),
    ];
    h.fake.resetLog();
    clock.advance(INTERVAL_MS + 6_000); // one interval plus the jitter
    const run = await waitForRuns(subscriptionId, 2);
    expect(cdnRequests(), JSON.stringify(cdnRequests())).toHaveLength(2); // only the two new photos are fetched
    expect(run.newFiles).toBe(2);
    const download = await h.request(ALICE, 'GET', `/api/downloads/${run.downloadId}`);
    const newIds = (download.json.fileIds as string[]).filter((id) => !firstFiles.includes(id));
    const mediaIds = await Promise.all(newIds.map(async (id) => (await h.fileRecord(id)).source.mediaId as string));
    expect(mediaIds.sort()).toEqual(added.map((post) => `${post.pk}_0`).sort());
  });

  it('a run with nothing new stores nothing', async () => {
    h.fake.resetLog();
    clock.advance(INTERVAL_MS + 6_000); // one interval plus the jitter
    const run = await waitForRuns(subscriptionId, 3);
    expect(cdnRequests()).toEqual([]);
    expect(run.newFiles).toBe(0);
  });
});

describe('subscribing asks the fake Instagram whether the profile exists (real download-service)', () => {
  const subscribe = async (target: string) =>
    scheduler.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: await identityHeaders(h.context, ALICE),
      payload: { target, schedule: { every: '1d' }, enabled: false },
    });

  it('refuses a profile Instagram has never heard of with 422 PROFILE_NOT_FOUND', async () => {
    const response = await subscribe('https://www.instagram.com/nobody_by_this_name/');
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'PROFILE_NOT_FOUND',
      message: expect.stringContaining('@nobody_by_this_name'),
    });
  });

  it('accepts a private profile (it exists; a following session can sync it)', async () => {
    h.fake.addProfile({ username: 'locked_garden', isPrivate: true, posts: 2 });
    const response = await subscribe('locked_garden');
    expect(response.statusCode).toBe(201);
    expect(response.json().profileCheck.status).toBe('private');
  });

  it('accepts, and says it could not check, while Instagram rate-limits', async () => {
    h.fake.addProfile({ username: 'busy_harbour', posts: 1 });
    h.fake.faults.next(/web_profile_info/, { type: 'rate_limit', retryAfterSec: 0 }, { times: 3 });
    const response = await subscribe('busy_harbour');
    expect(response.statusCode).toBe(201);
    expect(response.json().profileCheck).toMatchObject({ status: 'unchecked' });
  });
});
