/**
 * Every Instagram and CDN fault class, end to end: each download ends in the right state, and the library
 * never holds a partial or corrupt file (a completed file always has the fake's exact bytes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeFault } from '../fakes/instagram/faults.js';
import type { FakeMedia } from '../fakes/instagram/model.js';
import { expectedSha256, sha256OfStream } from '../../services/download-service/test/helpers/expected-bytes.js';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.addProfile({ username: 'faulty', posts: 1 });
  h.fake.addProfile({ username: 'locked', isPrivate: true, posts: 2 });
});
afterAll(async () => h?.close());

function newPost(kind: 'photo' | 'video' = 'photo', syntheticBytes?: number): { post: FakeMedia; url: string } {
  const post = h.fake.addPost('faulty', { kind, ...(syntheticBytes ? { syntheticBytes } : {}) });
  return { post, url: `https://www.instagram.com/p/${post.code}/` };
}

const cdnPattern = (post: FakeMedia) =>
  `GET /cdn/${post.mediaType === 1 ? 'v/t51.2885-15' : 'o1/v/t16/f2/m86'}/${post.resources[0]!.pk}_`;
const libraryFilesOf = async (post: FakeMedia) => (await h.libraryFiles()).filter((file) => file.includes(post.code));

async function expectCompleteAndExact(post: FakeMedia, downloadId: string) {
  const done = await h.waitFor(ALICE, downloadId);
  expect(done.status, JSON.stringify(done.error)).toBe('completed');
  expect(done.fileIds).toHaveLength(1);
  const file = await h.fileRecord(done.fileIds[0]!);
  expect(await sha256OfStream(await h.context.storage.read(file.storageKey))).toBe(
    await expectedSha256(h.fake, post.pk, 0),
  );
  expect(file.sha256).toBe(await expectedSha256(h.fake, post.pk, 0));
  expect((await libraryFilesOf(post)).filter((key) => !key.endsWith('.json'))).toEqual([file.storageKey]);
  return done;
}

async function expectFailedAndClean(post: FakeMedia, downloadId: string, code: string, retryable: boolean) {
  const done = await h.waitFor(ALICE, downloadId);
  expect(done.status).toBe('failed');
  expect(done.error).toMatchObject({ code, retryable });
  expect(done.error!.message.length).toBeGreaterThan(10);
  expect(done.fileIds).toEqual([]);
  expect(await libraryFilesOf(post)).toEqual([]);
  if (!retryable) expect(await h.tempFiles()).toEqual([]);
  return done;
}

describe('Instagram API faults', () => {
  const recovering: Array<[string, FakeFault]> = [
    ['429 with Retry-After', { type: 'rate_limit', retryAfterSec: 0 }],
    ['401 "please wait a few minutes"', { type: 'please_wait' }],
    ['HTTP 500 once', { type: 'status', status: 500 }],
    ['HTTP 572 once', { type: 'status', status: 572 }],
  ];
  it.each(recovering)('%s, then success: completes', async (_name, fault) => {
    const { post, url } = newPost();
    h.fake.faults.next(`/api/v1/media/${post.pk}/info/`, fault);
    const started = await h.download(ALICE, { url });
    await expectCompleteAndExact(post, started.id);
    expect(h.fake.faults.pending).toBe(0);
  });

  const fatal: Array<[string, FakeFault, string]> = [
    ['checkpoint', { type: 'checkpoint' }, 'CHECKPOINT_REQUIRED'],
    ['challenge', { type: 'challenge' }, 'CHALLENGE_REQUIRED'],
    ['challenge redirect', { type: 'challenge_redirect' }, 'CHALLENGE_REQUIRED'],
    ['feedback', { type: 'feedback' }, 'FEEDBACK_REQUIRED'],
    ['login redirect (anonymous)', { type: 'login_redirect' }, 'LOGIN_REQUIRED'],
  ];
  it.each(fatal)('%s: fails at once, not retryable, nothing stored', async (_name, fault, code) => {
    const { post, url } = newPost();
    h.fake.faults.next(`/api/v1/media/${post.pk}/info/`, fault);
    const started = await h.download(ALICE, { url });
    await expectFailedAndClean(post, started.id, code, false);
  });

  it('persistent 5xx: fails after bounded retries, retryable', async () => {
    const { post, url } = newPost();
    h.fake.faults.next(`/api/v1/media/${post.pk}/info/`, { type: 'status', status: 503 }, { times: 20 });
    const started = await h.download(ALICE, { url });
    await expectFailedAndClean(post, started.id, 'UPSTREAM_ERROR', true);
    const attempts = h.fake.requestLog.filter((entry) => entry.path === `/api/v1/media/${post.pk}/info/`).length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(20);
    h.fake.faults.clear();
  });

  it('a missing post and a private profile without session fail with their own codes', async () => {
    const missing = await h.download(ALICE, { url: 'https://www.instagram.com/p/AAAAAAAAAAA/' });
    expect((await h.waitFor(ALICE, missing.id)).error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
    const locked = await h.download(ALICE, { url: 'https://www.instagram.com/locked/' });
    expect((await h.waitFor(ALICE, locked.id)).error).toMatchObject({ code: 'PRIVATE_PROFILE', retryable: false });
  });

  it('with a session, a login redirect and a checkpoint are reported to account-service', async () => {
    const sessionId = h.addSession(ALICE, 'session-faulty', 'faulty');
    const first = newPost();
    h.fake.faults.next(`/api/v1/media/${first.post.pk}/info/`, { type: 'login_redirect' });
    const expired = await h.download(ALICE, { url: first.url, sessionId });
    await expectFailedAndClean(first.post, expired.id, 'SESSION_INVALID', false);
    const second = newPost();
    h.fake.faults.next(`/api/v1/media/${second.post.pk}/info/`, { type: 'checkpoint' });
    const checkpoint = await h.download(ALICE, { url: second.url, sessionId });
    await expectFailedAndClean(second.post, checkpoint.id, 'CHECKPOINT_REQUIRED', false);
    expect(h.accounts.statusReports.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: sessionId, status: 'expired' },
      { id: sessionId, status: 'unverified' },
    ]);
  });
});

describe('CDN transfer faults', () => {
  it('connection reset mid-body: resumes with a Range request and completes with the exact bytes', async () => {
    const { post, url } = newPost('video', 3_000_000);
    h.fake.faults.next(cdnPattern(post), { type: 'reset_mid_body', afterBytes: 1_000_000 });
    const started = await h.download(ALICE, { url });
    await expectCompleteAndExact(post, started.id);
    const transfers = h.fake.requestLog.filter(
      (entry) => entry.host === 'cdn' && entry.path.includes(post.resources[0]!.pk),
    );
    expect(transfers).toHaveLength(2);
    expect(transfers[0]!.headers.range).toBeUndefined();
    // Bytes still in the socket buffer when the connection dropped are lost; everything written is kept.
    const resumedAt = Number(transfers[1]!.headers.range?.match(/^bytes=(\d+)-$/)?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(1_000_000);
    expect(transfers[1]!.status).toBe(206);
  });

  it('truncated chunked body: detected by a range probe and completed', async () => {
    const { post, url } = newPost();
    h.fake.faults.next(cdnPattern(post), { type: 'truncated_body', bytes: 4_000 });
    const started = await h.download(ALICE, { url });
    await expectCompleteAndExact(post, started.id);
    const transfers = h.fake.requestLog.filter(
      (entry) => entry.host === 'cdn' && entry.path.includes(post.resources[0]!.pk),
    );
    expect(transfers[1]!.headers.range).toBe('bytes=4000-');
  });

  it('a Content-Length larger than the body: the short body is noticed and resumed', async () => {
    const { post, url } = newPost();
    h.fake.faults.next(cdnPattern(post), { type: 'wrong_content_length', delta: 100 });
    const started = await h.download(ALICE, { url });
    await expectCompleteAndExact(post, started.id);
  });

  it('an expired CDN URL (403): fresh URLs are fetched and the transfer completes', async () => {
    const { post, url } = newPost();
    h.fake.faults.next(cdnPattern(post), { type: 'status', status: 403 });
    const started = await h.download(ALICE, { url });
    await expectCompleteAndExact(post, started.id);
    expect(h.fake.requestLog.filter((entry) => entry.path === `/api/v1/media/${post.pk}/info/`)).toHaveLength(2);
  });

  it('CDN 500 once is retried; CDN 500 for good fails retryable; CDN 404 fails for good', async () => {
    const once = newPost();
    h.fake.faults.next(cdnPattern(once.post), { type: 'status', status: 500 });
    await expectCompleteAndExact(once.post, (await h.download(ALICE, { url: once.url })).id);

    const always = newPost();
    h.fake.faults.next(cdnPattern(always.post), { type: 'status', status: 500 }, { times: 50 });
    await expectFailedAndClean(always.post, (await h.download(ALICE, { url: always.url })).id, 'HTTP_500', true);
    h.fake.faults.clear();

    const gone = newPost();
    h.fake.faults.next(cdnPattern(gone.post), { type: 'status', status: 404 }, { times: 5 });
    await expectFailedAndClean(gone.post, (await h.download(ALICE, { url: gone.url })).id, 'MEDIA_NOT_FOUND', false);
    h.fake.faults.clear();
  });
});
