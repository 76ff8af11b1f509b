/**
 * Instagram's pushback never fails a download: through the hub against the fake, a 429 / "Please wait a few
 * minutes" storm is waited out (exponential backoff honouring Retry-After; short in tests), the wait shows as
 * `waitingUntil`, and the download resumes by itself — also when its process restarts in the middle of a wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedSha256 } from '../../services/download-service/test/helpers/expected-bytes.js';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ queuePollMs: 50 });
  h.fake.addProfile({ username: 'stormy', posts: 31 });
  h.fake.addProfile({ username: 'patient', posts: 6 });
});
afterAll(async () => h?.close());

const feedPage = (second: boolean) =>
  second ? /^GET \/api\/v1\/feed\/user\/\d+\/\?.*max_id=/ : /^GET \/api\/v1\/feed\/user\/\d+\/\?count=\d+$/;

async function expectAllPostsExact(username: string, fileIds: string[]) {
  const profile = h.fake.store.profilesByName.get(username)!;
  expect(fileIds).toHaveLength(profile.posts.reduce((sum, post) => sum + post.resources.length, 0) + 1);
  for (const fileId of fileIds) {
    const file = await h.fileRecord(fileId);
    if (file.source.mediaId.startsWith('profile_pic_')) continue;
    const [postPk, index] = file.source.mediaId.split('_');
    expect(file.sha256).toBe(await expectedSha256(h.fake, postPk, Number(index)));
  }
}

describe('pushback never fails a download', () => {
  it('waits out a 429 storm on the second feed page, shows waitingUntil, then completes with every post', async () => {
    h.fake.resetLog();
    h.fake.faults.next(feedPage(true), { type: 'rate_limit', retryAfterSec: 2 });
    h.fake.faults.next(feedPage(true), { type: 'please_wait' }, { times: 2 });
    h.fake.faults.next(feedPage(true), { type: 'rate_limit', retryAfterSec: 0 }, { times: 3 });
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/stormy/' });

    const waiting = await h.waitFor(ALICE, started.id, (view) => view.waitingUntil !== null);
    expect(waiting.status).toBe('running');
    expect(Date.parse(waiting.waitingUntil!)).toBeGreaterThan(Date.parse(waiting.createdAt));

    const done = await h.waitFor(ALICE, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.error).toBeUndefined();
    expect(done.waitingUntil).toBeNull();
    await expectAllPostsExact('stormy', done.fileIds);
    expect(h.fake.faults.pending).toBe(0);
    const pushedBack = h.fake.requestLog.filter((entry) => entry.status === 429 || entry.status === 401);
    expect(pushedBack).toHaveLength(6);
  });

  it('a checkpoint in the middle of a storm still stops it at once', async () => {
    h.fake.faults.next(feedPage(false), { type: 'rate_limit', retryAfterSec: 0 }, { times: 2 });
    h.fake.faults.next(feedPage(false), { type: 'checkpoint' });
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/patient/' });
    const done = await h.waitFor(ALICE, started.id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'CHECKPOINT_REQUIRED', retryable: false } });
    h.fake.faults.clear();
  });

  it('keeps waiting across a restart and resumes by itself no earlier than the persisted time', async () => {
    h.fake.resetLog();
    h.fake.faults.next(feedPage(false), { type: 'rate_limit', retryAfterSec: 3 });
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/patient/', full: true });
    const waiting = await h.waitFor(ALICE, started.id, (view) => view.waitingUntil !== null);
    const until = Date.parse(waiting.waitingUntil!);

    await h.restart();
    const afterRestart = await h.request(ALICE, 'GET', `/api/downloads/${started.id}`);
    expect(afterRestart.json).toMatchObject({ status: 'running', waitingUntil: waiting.waitingUntil });

    const done = await h.waitFor(ALICE, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.waitingUntil).toBeNull();
    await expectAllPostsExact('patient', done.fileIds);
    const feed = h.fake.requestLog.filter((entry) => /^\/api\/v1\/feed\/user\//.test(entry.path));
    expect(feed[0]!.status).toBe(429);
    // Nothing asked Instagram's feed again before the time it named, restart or not.
    for (const entry of feed.slice(1)) expect(entry.at).toBeGreaterThanOrEqual(until - 50);
  });
});
