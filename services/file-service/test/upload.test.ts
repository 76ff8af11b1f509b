/** POST /api/files: typed by content, refused when not media, limited in size, leaving nothing behind. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicFile } from '@smh/shared';
import { multipartBody, patternBytes, startHarness, type Harness } from './support/harness.js';

const LIMIT = 256 * 1024;
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), patternBytes(2000)]);
const PE = Buffer.concat([Buffer.from('MZ'), patternBytes(58), Buffer.from('PE\0\0'), patternBytes(2000)]);
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypisom'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2'),
  patternBytes(4000),
]);

describe('uploads', () => {
  let h: Harness;
  let jpeg: Buffer;
  const upload = (name: string, bytes: Buffer, type?: string) => {
    const body = multipartBody(name, bytes, type);
    return h.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...h.alice.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const tempFiles = async () => (await fs.readdir(path.join(h.context.storage.root, '.tmp'))).length;

  beforeAll(async () => {
    h = await startHarness({ env: { SMH_MAX_UPLOAD_BYTES: String(LIMIT) } });
    jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
  });
  afterAll(() => h.close());

  it('accepts a real JPEG named x.bin as image/jpeg, hashed and stored under uploads/<owner>/', async () => {
    const response = await upload('x.bin', jpeg, 'application/octet-stream');
    expect(response.statusCode).toBe(201);
    const file = (response.json() as { file: PublicFile }).file;
    expect(file).toMatchObject({
      mime: 'image/jpeg',
      type: 'image',
      name: 'x.jpg',
      size: jpeg.length,
      width: 64,
      height: 48,
      ownerId: h.alice.userId,
    });
    expect(file.sha256).toBe(createHash('sha256').update(jpeg).digest('hex'));
    expect(file.origin.kind).toBe('upload');
    const internal = await h.app.inject({ method: 'GET', url: `/internal/files/${file.id}`, headers: h.internal });
    const storageKey = internal.json().file.storageKey as string;
    expect(storageKey).toMatch(new RegExp(`^uploads/${h.alice.userId}/\\d{4}-\\d{2}-\\d{2}_x\\.jpg$`));
    expect((await fs.readFile(await h.context.storage.localPath(storageKey))).equals(jpeg)).toBe(true);
    const content = await h.app.inject({
      method: 'GET',
      url: `/api/files/${file.id}/content`,
      headers: h.alice.headers,
    });
    expect(content.rawPayload.equals(jpeg)).toBe(true);
    expect(await tempFiles()).toBe(0);
  });

  it.each([
    ['an ELF binary', 'photo.jpg', ELF, /ELF executable/],
    ['a PE binary', 'photo.jpg', PE, /Windows PE/],
    ['a shell script', 'song.mp3', Buffer.from('#!/bin/sh\nrm -rf /\n'), /#!/],
    ['unknown bytes', 'clip.mp4', Buffer.from('just some text, not media at all'), /unknown/],
  ])('refuses %s named %s with 415 naming the detected type', async (_what, name, bytes, detected) => {
    const response = await upload(name, bytes, 'image/jpeg');
    expect(response.statusCode).toBe(415);
    const error = response.json().error;
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toMatch(detected);
    expect(await tempFiles()).toBe(0);
    const listing = await h.app.inject({
      method: 'GET',
      url: `/api/files?q=${encodeURIComponent(name.split('.')[0] ?? '')}`,
      headers: h.alice.headers,
    });
    expect(listing.json().items).toEqual([]);
  });

  it('refuses a file over the limit with 413 and leaves no temporary file', async () => {
    const big = Buffer.concat([jpeg, patternBytes(LIMIT)]);
    const response = await upload('big.jpg', big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: LIMIT } });
    expect(await tempFiles()).toBe(0);
    const uploads = await fs.readdir(path.join(h.context.storage.root, 'uploads', h.alice.userId));
    expect(uploads.some((name) => name.includes('big'))).toBe(false);
  });

  it('accepts a file of exactly the limit', async () => {
    const exact = Buffer.concat([MP4, patternBytes(LIMIT - MP4.length)]);
    const response = await upload('exact.mp4', exact);
    expect(response.statusCode).toBe(201);
    expect(response.json().file.size).toBe(LIMIT);
  });

  it('enqueues media.analyze for an uploaded video (and only for videos)', async () => {
    const analysed: string[] = [];
    await h.context.queue.work({ 'media.analyze': async ({ fileId }) => void analysed.push(fileId) });
    const response = await upload('clip.mov', MP4, 'video/quicktime');
    expect(response.statusCode).toBe(201);
    const file = response.json().file as PublicFile;
    expect(file).toMatchObject({ type: 'video', mime: 'video/mp4', name: 'clip.mp4' });
    const image = (await upload('still.jpg', jpeg)).json().file as PublicFile;
    await expect.poll(() => analysed, { timeout: 10_000 }).toContain(file.id);
    expect(analysed).not.toContain(image.id);
  });

  it('keeps two uploads of one name apart', async () => {
    const first = (await upload('same.jpg', jpeg)).json().file as PublicFile;
    const second = (await upload('same.jpg', jpeg)).json().file as PublicFile;
    expect(first.id).not.toBe(second.id);
    const keys = await Promise.all(
      [first, second].map(
        async (file) =>
          (await h.app.inject({ method: 'GET', url: `/internal/files/${file.id}`, headers: h.internal })).json().file
            .storageKey,
      ),
    );
    expect(new Set(keys).size).toBe(2);
  });

  it('sanitises a path-shaped upload name into one safe segment', async () => {
    const response = await upload('../../etc/..\\passwd\u0000.jpg', jpeg);
    expect(response.statusCode).toBe(201);
    const file = response.json().file as PublicFile;
    const key = (await h.app.inject({ method: 'GET', url: `/internal/files/${file.id}`, headers: h.internal })).json()
      .file.storageKey as string;
    expect(key.split('/')).toHaveLength(3);
    expect(key).not.toContain('..');
    expect(key).not.toContain('\u0000');
  });

  it('refuses a request without a file part or not multipart', async () => {
    const json = await h.app.inject({ method: 'POST', url: '/api/files', headers: h.alice.headers, payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    const boundary = 'smhboundary';
    const fieldsOnly = await h.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...h.alice.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expect(fieldsOnly.statusCode).toBe(400);
    expect(fieldsOnly.json().error.code).toBe('NO_FILE');
  });
});
