/** GET|HEAD /api/files/:id/content: Range, ETag, Last-Modified and attachments, checked against the stored bytes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { patternBytes, startHarness, type Harness } from './support/harness.js';

describe('file content streaming', () => {
  let h: Harness;
  let file: InternalFile;
  const bytes = patternBytes(100_000);
  const url = () => `/api/files/${file.id}/content`;
  const get = (headers: Record<string, string> = {}, path = url()) =>
    h.app.inject({ method: 'GET', url: path, headers: { ...h.alice.headers, ...headers } });

  beforeAll(async () => {
    h = await startHarness();
    file = await h.addFile(h.alice, { bytes, name: 'clip.mp4', mime: 'video/mp4' });
  });
  afterAll(() => h.close());

  it('sends the whole file with its validators', async () => {
    const response = await get();
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
    expect(response.headers['content-type']).toBe('video/mp4');
    expect(response.headers['content-length']).toBe(String(bytes.length));
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.headers.etag).toBe(`"${file.sha256}"`);
    expect(new Date(String(response.headers['last-modified'])).getTime()).toBe(
      Math.floor(Date.parse(file.createdAt) / 1000) * 1000,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['bytes=0-0', 0, 0],
    ['bytes=-1', bytes.length - 1, bytes.length - 1],
    ['bytes=10-', 10, bytes.length - 1],
    ['bytes=500-1499', 500, 1499],
    ['bytes=99990-200000', 99_990, bytes.length - 1],
    ['bytes=-200000', 0, bytes.length - 1],
  ])('answers %s with exactly those bytes', async (range, start, end) => {
    const response = await get({ range });
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(response.headers['content-length']).toBe(String(end - start + 1));
    expect(response.rawPayload.equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=100000-', 'bytes=200000-300000', 'bytes=-0', 'bytes=abc', 'bytes=5-2', 'items=0-1', 'bytes='])(
    'refuses %s with 416 and the size',
    async (range) => {
      const response = await get({ range });
      expect(response.statusCode).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${bytes.length}`);
      expect(response.rawPayload.length).toBe(0);
    },
  );

  it('answers a multi-range request with the whole file (documented policy)', async () => {
    const response = await get({ range: 'bytes=0-1,5-6' });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
  });

  it('answers If-None-Match with 304 when the ETag matches, with the content otherwise', async () => {
    const etag = `"${file.sha256}"`;
    const notModified = await get({ 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    expect((await get({ 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    const changed = await get({ 'if-none-match': '"something-else"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.rawPayload.equals(bytes)).toBe(true);
  });

  it('answers If-Modified-Since with 304 unless the file is newer', async () => {
    const lastModified = String((await get()).headers['last-modified']);
    expect((await get({ 'if-modified-since': lastModified })).statusCode).toBe(304);
    const before = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await get({ 'if-modified-since': before })).statusCode).toBe(200);
  });

  it('honours If-Range only when it names the current ETag', async () => {
    const matching = await get({ range: 'bytes=0-9', 'if-range': `"${file.sha256}"` });
    expect(matching.statusCode).toBe(206);
    expect(matching.rawPayload.equals(bytes.subarray(0, 10))).toBe(true);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"stale"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(bytes.length);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await h.app.inject({ method: 'HEAD', url: url(), headers: h.alice.headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(bytes.length));
    expect(response.rawPayload.length).toBe(0);
    const ranged = await h.app.inject({
      method: 'HEAD',
      url: url(),
      headers: { ...h.alice.headers, range: 'bytes=-1' },
    });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes ${bytes.length - 1}-${bytes.length - 1}/${bytes.length}`);
  });

  it('sends ?download=1 as an attachment with a safe, RFC 5987-encoded name', async () => {
    const tricky = await h.addFile(h.alice, {
      bytes: patternBytes(10),
      name: 'été "quoted"; name.mp4',
      mime: 'video/mp4',
    });
    const response = await get({}, `/api/files/${tricky.id}/content?download=1`);
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(disposition).not.toMatch(/[\r\n]/);
    expect(disposition.match(/"/g)).toHaveLength(2);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe('été _quoted_; name.mp4');
    expect(String((await get()).headers['content-disposition'])).toMatch(/^inline; filename="clip.mp4"$/);
  });

  it('reports a catalogued file whose bytes vanished instead of sending nothing', async () => {
    const gone = await h.addFile(h.alice, { bytes: patternBytes(20), name: 'gone.mp4', mime: 'video/mp4' });
    await h.context.storage.remove(gone.storageKey);
    const response = await get({}, `/api/files/${gone.id}/content`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('CONTENT_MISSING');
  });
});
