/** GET /api/files/:id/thumbnail: made once from images with sharp, cached in storage, validators honoured. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternBytes, startHarness, type Harness } from './support/harness.js';

describe('thumbnails', () => {
  let h: Harness;
  const thumbnail = (id: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'GET', url: `/api/files/${id}/thumbnail`, headers: { ...h.alice.headers, ...headers } });

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('makes a WebP of at most 320 px from an image on first request, stores it, and reuses it', async () => {
    const big = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#20a040' } })
      .png()
      .toBuffer();
    const file = await h.addFile(h.alice, { bytes: big, name: 'big.png', mime: 'image/png' });
    const [first, concurrent] = await Promise.all([thumbnail(file.id), thumbnail(file.id)]);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/webp');
    const meta = await sharp(first.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 213 });
    expect(concurrent.rawPayload.equals(first.rawPayload)).toBe(true);
    const internal = (
      await h.app.inject({ method: 'GET', url: `/internal/files/${file.id}`, headers: h.internal })
    ).json().file;
    expect(internal.thumbnailKey).toBe(`thumbnails/${h.alice.userId}/${file.id}.webp`);
    const stored = await h.context.storage.stat(internal.thumbnailKey);
    expect(stored?.size).toBe(first.rawPayload.length);
    const again = await thumbnail(file.id);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await h.context.storage.stat(internal.thumbnailKey))?.modifiedAt.getTime()).toBe(
      stored?.modifiedAt.getTime(),
    );
    expect((await thumbnail(file.id, { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
  });

  it('does not enlarge a small image', async () => {
    const small = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const file = await h.addFile(h.alice, { bytes: small, name: 'small.jpg' });
    const meta = await sharp((await thumbnail(file.id)).rawPayload).metadata();
    expect(meta).toMatchObject({ width: 40, height: 30 });
  });

  it('says clearly when there is none yet (video) or none at all (audio)', async () => {
    const video = await h.addFile(h.alice, { bytes: patternBytes(10), name: 'v.mp4', mime: 'video/mp4' });
    const notReady = await thumbnail(video.id);
    expect(notReady.statusCode).toBe(404);
    expect(notReady.json().error.code).toBe('THUMBNAIL_NOT_READY');
    const audio = await h.addFile(h.alice, { bytes: patternBytes(10), name: 'a.mp3', mime: 'audio/mpeg' });
    expect((await thumbnail(audio.id)).json().error.code).toBe('NO_THUMBNAIL');
  });

  it('answers 422 for an image that cannot be decoded', async () => {
    const broken = await h.addFile(h.alice, {
      bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), patternBytes(500)]),
      name: 'broken.jpg',
    });
    const response = await thumbnail(broken.id);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('THUMBNAIL_FAILED');
  });
});
