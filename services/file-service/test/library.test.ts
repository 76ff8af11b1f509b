/** Internal routes (register, lookup, batch, patch) and deletion, with their storage effects and events. */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent, InternalFile } from '@smh/shared';
import { patternBytes, startHarness, type Harness } from './support/harness.js';

describe('library operations', () => {
  let h: Harness;
  const events: HubEvent[] = [];
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const put = async (key: string, bytes: Buffer) => {
    const temp = await h.context.storage.tempFile();
    await fs.writeFile(temp, bytes);
    await h.context.storage.commit(temp, key);
  };
  const register = (payload: Record<string, unknown>) =>
    h.app.inject({ method: 'POST', url: '/internal/files', headers: h.internal, payload });
  const exists = async (key: string) => (await h.context.storage.stat(key)) !== undefined;

  beforeAll(async () => {
    h = await startHarness();
    h.context.events.subscribe((event) => events.push(event));
  });
  afterAll(() => h.close());

  describe('POST /internal/files', () => {
    it('registers a stored file and announces it', async () => {
      const bytes = patternBytes(300);
      await put('downloads/u/a.mp4', bytes);
      const response = await register({
        ownerId: h.alice.userId,
        storageKey: 'downloads/u/a.mp4',
        name: 'a.mp4',
        mime: 'video/mp4',
        size: 300,
        sha256: sha(bytes),
        source: {
          platform: 'instagram',
          username: 'someone',
          code: 'ABC',
          takenAt: '2024-01-02T03:04:05.678901Z',
          caption: 'hi',
          mediaId: '123_1',
        },
        origin: { kind: 'download', id: 'd1' },
        derivedFrom: [],
      });
      expect(response.statusCode).toBe(201);
      const file = response.json().file as InternalFile;
      expect(file).toMatchObject({
        type: 'video',
        storageKey: 'downloads/u/a.mp4',
        ownerId: h.alice.userId,
        hasThumbnail: false,
      });
      expect(file.source?.takenAt).toBe('2024-01-02T03:04:05.678Z');
      expect(events).toContainEqual({ name: 'file.created', data: { id: file.id, ownerId: h.alice.userId } });
    });

    it('refuses a key that does not exist, a wrong size, and a second registration of one key or media item', async () => {
      const bytes = patternBytes(50);
      await put('downloads/u/b.jpg', bytes);
      const base = {
        ownerId: h.alice.userId,
        name: 'b.jpg',
        mime: 'image/jpeg',
        sha256: sha(bytes),
        origin: { kind: 'download' },
      };
      const missing = await register({ ...base, storageKey: 'downloads/u/nope.jpg', size: 50 });
      expect(missing.json().error.code).toBe('STORAGE_OBJECT_MISSING');
      const wrongSize = await register({ ...base, storageKey: 'downloads/u/b.jpg', size: 49 });
      expect(wrongSize.statusCode).toBe(400);
      expect(wrongSize.json().error).toMatchObject({ code: 'SIZE_MISMATCH', details: { stored: 50, declared: 49 } });
      const source = { platform: 'instagram', mediaId: 'dup_1' };
      const first = await register({ ...base, storageKey: 'downloads/u/b.jpg', size: 50, source });
      expect(first.statusCode).toBe(201);
      // The same registration sent again (a lost answer, a retried job) is answered with the file it made.
      const repeated = await register({ ...base, storageKey: 'downloads/u/b.jpg', size: 50, source });
      expect(repeated.statusCode).toBe(201);
      expect(repeated.json().file.id).toBe(first.json().file.id);
      // The key registered by someone or something else is a conflict.
      for (const other of [
        { ...base, origin: { kind: 'download', id: '5f0c6c9e-7d4e-4a52-9d0e-3f0d6c1b2a11' } },
        { ...base, ownerId: h.bob.userId },
        { ...base, origin: { kind: 'upload' } },
      ]) {
        const again = await register({ ...other, storageKey: 'downloads/u/b.jpg', size: 50 });
        expect(again.statusCode).toBe(409);
        expect(again.json().error.details.constraint).toBe('storage_key');
      }
      await put('downloads/u/b2.jpg', bytes);
      const sameMedia = await register({ ...base, storageKey: 'downloads/u/b2.jpg', size: 50, source });
      expect(sameMedia.statusCode).toBe(409);
      expect(sameMedia.json().error.details.constraint).toBe('media_id');
    });
  });

  describe('lookups', () => {
    it("finds an owner's file by sha256 or media id, and nobody else's", async () => {
      const bytes = patternBytes(77, 5);
      const file = await h.addFile(h.alice, { bytes, source: { platform: 'instagram', mediaId: 'look_1' } });
      const lookup = (query: string) =>
        h.app.inject({ method: 'GET', url: `/internal/files/lookup?${query}`, headers: h.internal });
      expect((await lookup(`ownerId=${h.alice.userId}&sha256=${sha(bytes)}`)).json().file.id).toBe(file.id);
      expect((await lookup(`ownerId=${h.alice.userId}&mediaId=look_1`)).json().file.id).toBe(file.id);
      expect((await lookup(`ownerId=${h.bob.userId}&mediaId=look_1`)).json().file).toBeNull();
      expect((await lookup(`ownerId=${h.alice.userId}`)).statusCode).toBe(400);
      expect((await lookup(`ownerId=${h.alice.userId}&mediaId=a&sha256=b`)).statusCode).toBe(400);
    });

    it('returns a batch in the order asked, leaving out unknown ids', async () => {
      const first = await h.addFile(h.alice, { bytes: patternBytes(5, 1) });
      const second = await h.addFile(h.bob, { bytes: patternBytes(5, 2) });
      const response = await h.app.inject({
        method: 'GET',
        url: `/internal/files?ids=${second.id},${randomUUID()},${first.id}`,
        headers: h.internal,
      });
      expect(response.json().items.map((file: InternalFile) => file.id)).toEqual([second.id, first.id]);
      expect(
        (await h.app.inject({ method: 'GET', url: '/internal/files?ids=not-an-id', headers: h.internal })).statusCode,
      ).toBe(400);
    });
  });

  describe('PATCH /internal/files/:id', () => {
    it('records probe facts and a poster, announces the update, and then serves the poster', async () => {
      const video = await h.addFile(h.alice, { bytes: patternBytes(100), name: 'v.mp4', mime: 'video/mp4' });
      const poster = patternBytes(64, 9);
      await put(`posters/${video.id}.jpg`, poster);
      const response = await h.app.inject({
        method: 'PATCH',
        url: `/internal/files/${video.id}`,
        headers: h.internal,
        payload: {
          width: 1080,
          height: 1920,
          duration: 12.5,
          probe: { codec: 'h264' },
          thumbnailKey: `posters/${video.id}.jpg`,
        },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().file).toMatchObject({
        width: 1080,
        height: 1920,
        duration: 12.5,
        thumbnailKey: `posters/${video.id}.jpg`,
        hasThumbnail: true,
      });
      expect(events).toContainEqual({ name: 'file.updated', data: { id: video.id, ownerId: h.alice.userId } });
      const thumbnail = await h.app.inject({
        method: 'GET',
        url: `/api/files/${video.id}/thumbnail`,
        headers: h.alice.headers,
      });
      expect(thumbnail.statusCode).toBe(200);
      expect(thumbnail.headers['content-type']).toBe('image/jpeg');
      expect(thumbnail.rawPayload.equals(poster)).toBe(true);
    });

    it('refuses a thumbnail key that does not exist and an unknown file', async () => {
      const video = await h.addFile(h.alice, { bytes: patternBytes(10), mime: 'video/mp4', name: 'w.mp4' });
      const missing = await h.app.inject({
        method: 'PATCH',
        url: `/internal/files/${video.id}`,
        headers: h.internal,
        payload: { thumbnailKey: 'posters/none.jpg' },
      });
      expect(missing.json().error.code).toBe('STORAGE_OBJECT_MISSING');
      const unknown = await h.app.inject({
        method: 'PATCH',
        url: `/internal/files/${randomUUID()}`,
        headers: h.internal,
        payload: { width: 1 },
      });
      expect(unknown.statusCode).toBe(404);
    });
  });

  describe('DELETE /api/files/:id', () => {
    it('removes the row, the bytes, the sidecar and the thumbnail, and announces it', async () => {
      const file = await h.addFile(h.alice, {
        bytes: patternBytes(40),
        name: 'gone.mp4',
        mime: 'video/mp4',
        sidecar: Buffer.from('{"caption":"x"}'),
      });
      await put(`posters/${file.id}.jpg`, patternBytes(8));
      await h.app.inject({
        method: 'PATCH',
        url: `/internal/files/${file.id}`,
        headers: h.internal,
        payload: { thumbnailKey: `posters/${file.id}.jpg` },
      });
      const keys = [file.storageKey, file.sidecarKey as string, `posters/${file.id}.jpg`];
      for (const key of keys) expect(await exists(key)).toBe(true);
      const response = await h.app.inject({ method: 'DELETE', url: `/api/files/${file.id}`, headers: h.alice.headers });
      expect(response.statusCode).toBe(204);
      for (const key of keys) expect(await exists(key), key).toBe(false);
      expect(
        (await h.app.inject({ method: 'GET', url: `/internal/files/${file.id}`, headers: h.internal })).statusCode,
      ).toBe(404);
      expect(events).toContainEqual({ name: 'file.deleted', data: { id: file.id, ownerId: h.alice.userId } });
      expect(
        (await h.app.inject({ method: 'DELETE', url: `/api/files/${file.id}`, headers: h.alice.headers })).statusCode,
      ).toBe(404);
    });

    it('keeps a sidecar that another item of the post still uses', async () => {
      const sidecarKey = `downloads/${randomUUID()}/post.json`;
      await put(sidecarKey, Buffer.from('{}'));
      const items: InternalFile[] = [];
      for (const index of [1, 2]) {
        const bytes = patternBytes(20, index);
        const key = `downloads/${randomUUID()}/item${index}.jpg`;
        await put(key, bytes);
        const response = await register({
          ownerId: h.alice.userId,
          storageKey: key,
          sidecarKey,
          name: `item${index}.jpg`,
          mime: 'image/jpeg',
          size: 20,
          sha256: sha(bytes),
          origin: { kind: 'download' },
        });
        items.push(response.json().file);
      }
      await h.app.inject({ method: 'DELETE', url: `/api/files/${items[0]!.id}`, headers: h.alice.headers });
      expect(await exists(sidecarKey)).toBe(true);
      expect(await exists(items[0]!.storageKey)).toBe(false);
      await h.app.inject({ method: 'DELETE', url: `/api/files/${items[1]!.id}`, headers: h.admin.headers });
      expect(await exists(sidecarKey)).toBe(false);
    });

    it("leaves another user's file untouched (404)", async () => {
      const file = await h.addFile(h.alice, { bytes: patternBytes(30) });
      const response = await h.app.inject({ method: 'DELETE', url: `/api/files/${file.id}`, headers: h.bob.headers });
      expect(response.statusCode).toBe(404);
      expect(await exists(file.storageKey)).toBe(true);
      expect(
        (await h.app.inject({ method: 'GET', url: `/api/files/${file.id}`, headers: h.alice.headers })).statusCode,
      ).toBe(200);
    });
  });
});
