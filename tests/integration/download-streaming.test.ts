/**
 * The streaming pipeline and requests that join: transfers start while a profile is still being listed (bounded
 * hand-over), the listing cursor survives a failure (the retry continues from it), a second request for a running
 * download joins it, and a repeat of a completely archived profile is incremental unless `full: true`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

// Whole profiles through the real services: generous on a loaded 2-core machine (no timing is asserted).
vi.setConfig({ testTimeout: 240_000 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const FEED = /\/api\/v1\/feed\/user\/\d+\//;
const feedRequests = () => h.fake.requestLog.filter((entry) => FEED.test(entry.path));

describe('streaming listing', () => {
  it('transfers files before the last page is listed and reports the posts it scanned', async () => {
    const profile = h.fake.addProfile({ username: 'longfeed', posts: 90 });
    const resources = profile.posts.reduce((sum, post) => sum + post.resources.length, 0);
    h.fake.resetLog();
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/longfeed/' });
    const done = await h.waitFor(ALICE, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.progress.scanned).toBe(90);
    expect(done.progress.filesDone).toBe(resources + 1);
    const log = h.fake.requestLog;
    const lastPage = log.findLastIndex((entry) => FEED.test(entry.path));
    const firstFile = log.findIndex((entry) => entry.host === 'cdn');
    expect(feedRequests().length).toBeGreaterThanOrEqual(3);
    // Back-pressure: the listing cannot run more than a few items ahead of the transfers.
    expect(firstFile).toBeGreaterThanOrEqual(0);
    expect(firstFile).toBeLessThan(lastPage);
  });

  it('a retry after a failed listing continues from the stored cursor', async () => {
    const profile = h.fake.addProfile({ username: 'brokenfeed', posts: 45 });
    const resources = profile.posts.reduce((sum, post) => sum + post.resources.length, 0);
    h.fake.resetLog();
    h.fake.faults.next(/feed\/user\/\d+\/\?.*max_id=/, { type: 'checkpoint' });
    const started = await h.download(BOB, { url: 'https://www.instagram.com/brokenfeed/' });
    const failed = await h.waitFor(BOB, started.id);
    expect(failed.status).toBe('failed');
    const firstPage = failed.progress.scanned!;
    expect(firstPage).toBeGreaterThan(0);
    expect(firstPage).toBeLessThan(45);
    const refused = feedRequests().at(-1)!;
    h.fake.resetLog();
    expect((await h.request(BOB, 'POST', `/api/downloads/${started.id}/retry`)).status).toBe(202);
    const done = await h.waitFor(BOB, started.id, (view) => view.status !== 'queued' && view.status !== 'running');
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(feedRequests()[0]?.query).toBe(refused.query);
    expect(done.progress.scanned).toBe(45);
    expect(done.fileIds).toHaveLength(resources + 1);
  });
});

describe('requests that join', () => {
  it('a second request for a running profile download returns the same download', async () => {
    h.fake.addProfile({ username: 'joined', posts: 12 });
    const first = await h.download(ALICE, { url: 'https://www.instagram.com/joined/' });
    const second = await h.download(ALICE, { url: '@joined' });
    expect(second.id).toBe(first.id);
    const other = await h.download(BOB, { url: 'https://www.instagram.com/joined/' });
    expect(other.id).not.toBe(first.id);
    const firstDone = await h.waitFor(ALICE, first.id);
    expect(firstDone.status, JSON.stringify(firstDone.error)).toBe('completed');
    const otherDone = await h.waitFor(BOB, other.id);
    expect(otherDone.status, JSON.stringify(otherDone.error)).toBe('completed');
  });

  it('a repeat of a completely archived profile is incremental; full: true lists everything again', async () => {
    h.fake.resetLog();
    const repeat = await h.download(ALICE, { url: 'https://www.instagram.com/joined/' });
    const repeated = await h.waitFor(ALICE, repeat.id);
    expect(repeated.status, JSON.stringify(repeated.error)).toBe('completed');
    expect(repeated.progress.scanned).toBe(0);
    expect(h.fake.requestLog.filter((entry) => entry.host !== 'cdn').length).toBeLessThanOrEqual(2);

    h.fake.resetLog();
    const full = await h.download(ALICE, { url: 'https://www.instagram.com/joined/', full: true });
    expect(full.id).not.toBe(repeat.id);
    const done = await h.waitFor(ALICE, full.id);
    expect(done.status).toBe('completed');
    expect(done.progress.scanned, JSON.stringify(done)).toBe(12);
    expect(feedRequests().length).toBeGreaterThanOrEqual(1);
    expect(h.fake.requestLog.filter((entry) => entry.host === 'cdn')).toEqual([]);
  });
});
