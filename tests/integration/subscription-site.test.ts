/**
 * A subscription to a collection page of another site end to end: scheduler-service (its loop, on a manual clock)
 * → REAL download-service over HTTP → the real yt-dlp reading the fake video site's RSS feed → REAL file-service.
 * The first run archives the feed's items, the next one only the item added in between, and a run with nothing
 * new stores nothing.
 */
import { createMetrics, createServiceClient, type ServiceContext } from '@smh/shared';
import { identityHeaders } from '@smh/shared/testing-context';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';
import { schedulerServiceFactory, type SchedulerService } from '../../services/scheduler-service/src/index.js';
import { createManualClock } from '../../services/scheduler-service/test/support/clock.js';
import { startFakeVideoSite, videoPage, type FakeVideoSite } from '../fakes/video-site/server.js';

const INTERVAL_MS = 60_000;
let h: Harness;
let site: FakeVideoSite;
let scheduler: SchedulerService;
const clock = createManualClock(new Date());

beforeAll(async () => {
  site = await startFakeVideoSite();
  // Distinct page names: the generic extractor names an item after its page's file name ("first"), and two items
  // with the same name would be the same media item to the catalog.
  await site.writePage('/clips/first.html', videoPage('First clip', '/clip.mp4'));
  await site.writePage('/clips/second.html', videoPage('Second clip', '/hls/index.m3u8'));
  await site.writeFeed(['/clips/second.html', '/clips/first.html']);
  h = await startHarness();
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
  await site?.close();
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
    { timeout: 40_000, interval: 50 },
  );
  return (await runs(subscriptionId))[0]!;
}

const pagesFetched = (since: number) => site.requests.slice(since).filter((path) => path.startsWith('/clips/'));

describe('subscription to a site feed through yt-dlp', () => {
  let subscriptionId: string;
  let firstFiles: string[] = [];

  it('the first run archives the feed: a download of the page with one file per item', async () => {
    const feedUrl = `${site.url}/feed.xml`;
    const created = await scheduler.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: await identityHeaders(h.context, ALICE),
      payload: { target: feedUrl, schedule: { every: '1m' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      kind: 'site',
      target: feedUrl,
      profileUrl: feedUrl,
      profileCheck: { status: 'found' },
    });
    subscriptionId = created.json().id;
    clock.advance(6_000); // past the subscription's jitter (≤ 10 % of a minute)
    const run = await waitForRuns(subscriptionId, 1);
    const download = await h.request(ALICE, 'GET', `/api/downloads/${run.downloadId}`);
    expect(download.json).toMatchObject({ status: 'completed', kind: 'site', url: feedUrl });
    firstFiles = download.json.fileIds;
    expect(firstFiles).toHaveLength(2);
    expect(run.newFiles).toBe(2);
  });

  it('the next run picks up only the item added to the feed in between', async () => {
    await site.writePage('/clips/third.html', videoPage('Third clip', '/dash/manifest.mpd'));
    await site.writeFeed(['/clips/third.html', '/clips/second.html', '/clips/first.html']);
    const before = site.requests.length;
    clock.advance(INTERVAL_MS + 6_000); // one interval plus the jitter
    const run = await waitForRuns(subscriptionId, 2);
    expect(pagesFetched(before)).toEqual(['/clips/third.html']);
    expect(run.newFiles).toBe(1);
    const download = await h.request(ALICE, 'GET', `/api/downloads/${run.downloadId}`);
    const [newId] = download.json.fileIds as string[];
    expect(firstFiles).not.toContain(newId);
    expect((await h.fileRecord(newId!)).source.caption).toContain('Third clip');
  });

  it('a run with nothing new stores nothing', async () => {
    const before = site.requests.length;
    clock.advance(INTERVAL_MS + 6_000);
    const run = await waitForRuns(subscriptionId, 3);
    expect(pagesFetched(before)).toEqual([]);
    expect(run.newFiles).toBe(0);
  });

  it('refuses with 422 UNSUPPORTED_SITE a page on which yt-dlp finds no media', async () => {
    const response = await scheduler.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: await identityHeaders(h.context, ALICE),
      payload: { target: `${site.url}/empty.html`, schedule: { every: '1d' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'UNSUPPORTED_SITE',
      message: expect.stringContaining('/empty.html'),
    });
  });

  it('refuses with 422 NOT_A_PAGE a link yt-dlp finds to be a single file', async () => {
    const response = await scheduler.app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      headers: await identityHeaders(h.context, ALICE),
      payload: { target: `${site.url}/media/clip`, schedule: { every: '1d' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('NOT_A_PAGE');
  });
});
