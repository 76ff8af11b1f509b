/**
 * Downloads across their life: killed mid-transfer and resumed by a new process with a Range request, canceled
 * while running (no temp file left), retried after a failure, and the session-only kinds (stories, highlights).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedSha256, sha256OfStream } from '../../services/download-service/test/helpers/expected-bytes.js';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.addProfile({ username: 'bigfiles', posts: 0 });
  h.fake.addProfile({ username: 'storied', posts: 2, stories: 2, highlights: 2 });
});
afterAll(async () => h?.close());

const running = (view: { status: string; progress: { bytesDone: number } }) =>
  view.status === 'running' && view.progress.bytesDone > 2_000_000;

describe('download lifecycle', () => {
  it('a download killed mid-transfer resumes in a new process with a Range request and the right sha256', async () => {
    const post = h.fake.addPost('bigfiles', { kind: 'video', syntheticBytes: 80_000_000 });
    const started = await h.download(ALICE, { url: `https://www.instagram.com/p/${post.code}/` });
    await h.waitFor(ALICE, started.id, running);
    await h.crash();
    const [partial] = await h.tempFiles();
    expect(partial).toBeDefined();
    expect(await h.libraryFiles()).toEqual([]);
    h.fake.resetLog();
    await h.restart();
    const done = await h.waitFor(ALICE, started.id, undefined, 120_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const file = await h.fileRecord(done.fileIds[0]!);
    expect(file.size).toBe(80_000_000);
    expect(await sha256OfStream(await h.context.storage.read(file.storageKey))).toBe(
      await expectedSha256(h.fake, post.pk, 0),
    );
    const transfers = h.fake.requestLog.filter((entry) => entry.host === 'cdn');
    expect(transfers[0]!.headers.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(transfers[0]!.status).toBe(206);
    // The plan was persisted: the resumed process did not ask Instagram for the post again.
    expect(h.fake.requestLog.filter((entry) => entry.host !== 'cdn')).toEqual([]);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('a job handed out again while its first run still transfers (a lapsed queue lock): one run takes over, one file', async () => {
    const post = h.fake.addPost('bigfiles', { kind: 'video', syntheticBytes: 60_000_000 });
    const started = await h.download(ALICE, { url: `https://www.instagram.com/p/${post.code}/` });
    await h.waitFor(ALICE, started.id, running);
    // What a queue does when it believes the worker lost: the same download's job runs again, here in this process.
    await h.context.queue.enqueue('download.run', { downloadId: started.id }, { group: 'lock-lapsed' });
    const done = await h.waitFor(ALICE, started.id, undefined, 120_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.fileIds).toHaveLength(1);
    const file = await h.fileRecord(done.fileIds[0]!);
    expect(await sha256OfStream(await h.context.storage.read(file.storageKey))).toBe(
      await expectedSha256(h.fake, post.pk, 0),
    );
    expect((await h.libraryFiles()).filter((key) => key.includes(post.code) && !key.endsWith('.json'))).toEqual([
      file.storageKey,
    ]);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('cancel stops a running transfer promptly and leaves no temp file', async () => {
    const post = h.fake.addPost('bigfiles', { kind: 'video', syntheticBytes: 400_000_000 });
    const started = await h.download(ALICE, { url: `https://www.instagram.com/p/${post.code}/` });
    await h.waitFor(ALICE, started.id, running);
    const canceled = await h.request(ALICE, 'POST', `/api/downloads/${started.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.json).toMatchObject({ status: 'canceled' });
    await expect.poll(() => h.tempFiles(), { timeout: 5_000 }).toEqual([]);
    const after = await h.waitFor(ALICE, started.id);
    expect(after.status).toBe('canceled');
    expect(after.progress.bytesDone).toBeLessThan(400_000_000);
    expect((await h.libraryFiles()).filter((key) => key.includes(post.code))).toEqual([]);
    expect((await h.request(ALICE, 'POST', `/api/downloads/${started.id}/cancel`)).status).toBe(409);
  });

  it('a failed download is retried, keeping the items it had finished', async () => {
    const post = h.fake.addPost('bigfiles', {
      kind: 'carousel',
      children: [{ kind: 'photo' }, { kind: 'photo', width: 640, height: 640 }],
    });
    const second = post.resources[1]!;
    h.fake.faults.next(`GET /cdn/v/t51.2885-15/${second.pk}_`, { type: 'status', status: 502 }, { times: 40 });
    const started = await h.download(ALICE, { url: `https://www.instagram.com/p/${post.code}/` });
    const failed = await h.waitFor(ALICE, started.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'HTTP_502', retryable: true },
      progress: { filesDone: 1, filesTotal: 2 },
    });
    expect(failed.fileIds).toHaveLength(1);
    h.fake.faults.clear();
    h.fake.resetLog();
    const retried = await h.request(ALICE, 'POST', '/api/downloads/retry-failed');
    expect(retried).toMatchObject({ status: 202, json: { retried: 1, ids: [started.id] } });
    const done = await h.waitFor(ALICE, started.id);
    expect(done.status).toBe('completed');
    expect(done.fileIds).toHaveLength(2);
    expect(done.fileIds[0]).toBe(failed.fileIds[0]);
    expect(
      h.fake.requestLog.filter((entry) => entry.host === 'cdn').every((entry) => entry.path.includes(second.pk)),
    ).toBe(true);
    expect((await h.request(ALICE, 'POST', `/api/downloads/${started.id}/retry`)).status).toBe(409);
  });

  it('stories, highlights and a reel with a session', async () => {
    const sessionId = h.addSession(ALICE, 'session-storied', 'storied');
    const profile = h.fake.store.profilesByName.get('storied')!;
    const all = await h.download(ALICE, {
      url: 'https://www.instagram.com/storied/',
      include: ['stories', 'highlights'],
      sessionId,
    });
    const done = await h.waitFor(ALICE, all.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.fileIds).toHaveLength(profile.stories.length + 4 + 1);
    const story = await h.download(ALICE, { url: 'https://www.instagram.com/stories/storied/', sessionId });
    const storyDone = await h.waitFor(ALICE, story.id);
    expect(storyDone).toMatchObject({ status: 'completed', kind: 'story' });
    // Already archived by the profile download: the same files, nothing stored twice.
    expect(storyDone.fileIds.every((fileId) => done.fileIds.includes(fileId))).toBe(true);
    const highlight = await h.download(ALICE, {
      url: `https://www.instagram.com/stories/highlights/${profile.highlights[0]!.id}/`,
      sessionId,
    });
    expect(await h.waitFor(ALICE, highlight.id)).toMatchObject({
      status: 'completed',
      kind: 'highlight',
      progress: { filesTotal: 2 },
    });
    const reelPost =
      profile.posts.find((post) => post.productType === 'clips') ?? h.fake.addPost('storied', { kind: 'reel' });
    const reel = await h.download(ALICE, { url: `https://www.instagram.com/reel/${reelPost.code}/` });
    const reelDone = await h.waitFor(ALICE, reel.id);
    expect(reelDone).toMatchObject({ status: 'completed', kind: 'reel' });
    const file = await h.fileRecord(reelDone.fileIds[0]!);
    expect(file).toMatchObject({ mime: 'video/mp4', source: { code: reelPost.code } });
  });
});
