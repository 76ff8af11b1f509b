/**
 * A whole profile through the real download path: fake Instagram → download-service → storage → REAL
 * file-service; then incremental re-syncs (≤ 2 API requests when nothing changed), naming and sidecars.
 */
import { readFile } from 'node:fs/promises';
import { serviceHeaders } from '@smh/shared/testing-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedSha256, sha256OfStream } from '../../services/download-service/test/helpers/expected-bytes.js';
import { ALICE, BOB, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.addProfile({ username: 'gallery', fullName: 'Gallery 画廊', posts: 35, pinned: 1 });
});
afterAll(async () => h?.close());

const apiRequests = () => h.fake.requestLog.filter((entry) => entry.host !== 'cdn');

async function internalSync(ownerId: string, url: string) {
  const response = await h.service.app.inject({
    method: 'POST',
    url: '/internal/downloads',
    headers: await serviceHeaders(h.context, 'scheduler-service'),
    payload: { ownerId, url, incremental: true },
  });
  expect(response.statusCode).toBe(202);
  return JSON.parse(response.body) as { id: string };
}

describe('profile download', () => {
  let fileIds: string[] = [];

  it('stores every post, reel, carousel child and the profile picture with the exact bytes', async () => {
    // Every item in flight listens to the run's abort signal: with 16 of them Node warned of a listener leak.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/gallery/' });
    expect(started).toMatchObject({ status: 'queued', kind: 'profile', fileIds: [] });
    const done = await h.waitFor(ALICE, started.id).finally(() => process.off('warning', onWarning));
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const profile = h.fake.store.profilesByName.get('gallery')!;
    const resources = profile.posts.reduce((sum, post) => sum + post.resources.length, 0);
    expect(done.progress.filesTotal).toBe(resources + 1);
    expect(done.progress.filesDone).toBe(resources + 1);
    expect(done.fileIds).toHaveLength(resources + 1);
    expect(done.progress.bytesDone).toBe(done.progress.bytesTotal);
    expect(done.finishedAt).not.toBeNull();
    fileIds = done.fileIds;

    let pictures = 0;
    for (const fileId of done.fileIds) {
      const file = await h.fileRecord(fileId);
      const stored = await sha256OfStream(await h.context.storage.read(file.storageKey));
      expect(stored).toBe(file.sha256);
      if (file.source.mediaId.startsWith('profile_pic_')) {
        expect(file.source.fullName).toBe('Gallery 画廊'); // the profile page shows it
        pictures += 1;
        continue;
      }
      expect(file.source.fullName).toBeUndefined();
      const [postPk, index] = file.source.mediaId.split('_');
      expect(file.sha256, file.storageKey).toBe(await expectedSha256(h.fake, postPk, Number(index)));
      expect(file.source).toMatchObject({ platform: 'instagram', username: 'gallery' });
      expect(file.origin).toEqual({ kind: 'download', id: started.id });
    }
    expect(pictures).toBe(1);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('names files by the template and writes one JSON sidecar per post next to its media', async () => {
    const files = await h.libraryFiles();
    const carousel = h.fake.store.profilesByName.get('gallery')!.posts.find((post) => post.mediaType === 8)!;
    const date = new Date(carousel.takenAt * 1000).toISOString().slice(0, 10);
    expect(files).toEqual(
      expect.arrayContaining([
        `instagram/gallery/${date}_${carousel.code}_1.jpg`,
        `instagram/gallery/${date}_${carousel.code}_2.mp4`,
        `instagram/gallery/${date}_${carousel.code}_3.jpg`,
        `instagram/gallery/${date}_${carousel.code}.json`,
      ]),
    );
    const sidecar = JSON.parse(
      await readFile(await h.context.storage.localPath(`instagram/gallery/${date}_${carousel.code}.json`), 'utf8'),
    );
    expect(sidecar).toMatchObject({
      id: carousel.pk,
      shortcode: carousel.code,
      caption: carousel.caption,
      owner: { username: 'gallery' },
    });
    expect(sidecar.resources).toHaveLength(3);
    const records = await Promise.all(fileIds.map((fileId) => h.fileRecord(fileId)));
    const child = records.find((file) => file.source.mediaId === `${carousel.pk}_1`);
    expect(child).toMatchObject({
      storageKey: `instagram/gallery/${date}_${carousel.code}_2.mp4`,
      sidecarKey: `instagram/gallery/${date}_${carousel.code}.json`,
    });
    const mediaFiles = files.filter((file) => !file.endsWith('.json'));
    expect(mediaFiles).toHaveLength(fileIds.length);
  });

  it('queues media.analyze for every stored file', async () => {
    const { rows } = await h.context.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM smh_queue.jobs WHERE name = 'media.analyze'`,
    );
    expect(rows[0]!.n).toBe(fileIds.length);
  });

  it('re-syncs an unchanged profile with at most 2 Instagram API requests and stores nothing new', async () => {
    h.fake.resetLog();
    const before = await h.libraryFiles();
    const { id } = await internalSync(ALICE.userId, 'https://www.instagram.com/gallery/');
    const done = await h.waitFor(ALICE, id);
    expect(done.status).toBe('completed');
    expect(apiRequests().length).toBeLessThanOrEqual(2);
    expect(h.fake.requestLog.filter((entry) => entry.host === 'cdn')).toEqual([]);
    expect(await h.libraryFiles()).toEqual(before);
  });

  it('a re-sync after a new post fetches only the new post', async () => {
    const post = h.fake.addPost('gallery', { kind: 'photo' });
    h.fake.resetLog();
    const { id } = await internalSync(ALICE.userId, 'gallery');
    const done = await h.waitFor(ALICE, id);
    expect(done.status).toBe('completed');
    expect(apiRequests().length).toBeLessThanOrEqual(2);
    expect(h.fake.requestLog.filter((entry) => entry.host === 'cdn')).toHaveLength(1);
    const added = await h.fileRecord(done.fileIds.find((fileId) => !fileIds.includes(fileId))!);
    expect(added.source.mediaId).toBe(`${post.pk}_0`);
  });

  it('another user downloading the same profile gets their own files; each sees only their downloads', async () => {
    const started = await h.download(BOB, { url: 'https://www.instagram.com/gallery/', limit: 2 });
    const done = await h.waitFor(BOB, started.id);
    expect(done.status).toBe('completed');
    expect(done.fileIds.some((fileId) => fileIds.includes(fileId))).toBe(false);
    expect((await h.request(ALICE, 'GET', `/api/downloads/${started.id}`)).status).toBe(404);
    const list = await h.request(BOB, 'GET', '/api/downloads');
    expect(list.json.items.map((item: { id: string }) => item.id)).toEqual([started.id]);
  });

  it("records a file's way with one item UPDATE (stored) and one done-and-archived statement, nothing before the transfer", async () => {
    h.fake.addProfile({ username: 'counted', posts: 12 });
    const itemWrites: Array<{ text: string; params: readonly unknown[] }> = [];
    const db = h.context.db;
    const original = db.query;
    db.query = ((text: string, params: readonly unknown[] = []) => {
      if (/UPDATE\s+"?downloads"?\."?download_items\b/i.test(text)) itemWrites.push({ text, params });
      return original.call(db, text, params);
    }) as typeof db.query;
    let done: Awaited<ReturnType<Harness['waitFor']>>;
    try {
      const started = await h.download(ALICE, { url: 'https://www.instagram.com/counted/' });
      done = await h.waitFor(ALICE, started.id);
    } finally {
      db.query = original;
    }
    expect(done.status).toBe('completed');
    const files = done.progress.filesDone;
    expect(files).toBeGreaterThan(12);
    // No `running` write per item: the transfer's temp file is named after the item.
    expect(itemWrites.filter((write) => write.params.includes('running'))).toEqual([]);
    const stored = itemWrites.filter((write) => /SET status = 'stored'/.test(write.text));
    const archived = itemWrites.filter((write) => /INSERT INTO downloads\.archive/.test(write.text));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThanOrEqual(files);
    expect(archived.length).toBeLessThanOrEqual(files);
    // Nothing else writes the items on the way (one statement per step and group).
    expect(itemWrites.length).toBe(stored.length + archived.length);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM downloads.archive a JOIN downloads.download_items i USING (media_key)
       WHERE i.download_id = $1 AND a.owner_id = $2 AND a.file_id = i.file_id AND i.status = 'done'`,
      [done.id, ALICE.userId],
    );
    expect(rows[0]!.n).toBe(files);
  });

  it('exports the download metrics', async () => {
    const text = await h.context.metrics.registry.metrics();
    expect(text).toMatch(/smh_downloads_total\{status="completed",service="download-service"\} [3-9]/);
    expect(text).toMatch(/smh_download_files_total\{kind="video"/);
    expect(text).toMatch(/smh_instagram_requests_total\{family="api_v1",status="200"/);
    expect(text).toMatch(/smh_download_bytes_total\{service="download-service"\} [1-9]/);
  });
});
