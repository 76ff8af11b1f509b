/** POST /internal/files/batch: many registrations in one call, each accepted or refused on its own. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent, InternalFile } from '@smh/shared';
import { MAX_REGISTER_BATCH } from '../src/routes/schemas.js';
import { patternBytes, startHarness, type Harness } from './support/harness.js';

describe('POST /internal/files/batch', () => {
  let h: Harness;
  const events: HubEvent[] = [];
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const put = async (key: string, bytes: Buffer) => {
    const temp = await h.context.storage.tempFile();
    await fs.writeFile(temp, bytes);
    await h.context.storage.commit(temp, key);
  };
  /** Stores `size` bytes under `key` and returns a registration for them. */
  const stored = async (ownerId: string, key: string, size: number, extra: Record<string, unknown> = {}) => {
    const bytes = patternBytes(size, key.length);
    await put(key, bytes);
    return {
      ownerId,
      storageKey: key,
      name: key.split('/').pop(),
      mime: 'image/jpeg',
      size,
      sha256: sha(bytes),
      origin: { kind: 'download', id: 'batch-download' },
      ...extra,
    };
  };
  const batch = (files: unknown, headers = h.internal) =>
    h.app.inject({ method: 'POST', url: '/internal/files/batch', headers, payload: { files } });
  const catalogued = async (id: string) =>
    (await h.app.inject({ method: 'GET', url: `/internal/files/${id}`, headers: h.internal })).statusCode === 200;
  const byKey = async (ownerId: string, key: string, sha256: string) => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/internal/files/lookup?ownerId=${ownerId}&sha256=${sha256}`,
      headers: h.internal,
    });
    const file = response.json().file as InternalFile | null;
    return file?.storageKey === key ? file : null;
  };

  beforeAll(async () => {
    h = await startHarness();
    h.context.events.subscribe((event) => events.push(event));
  });
  afterAll(() => h.close());

  it('registers every file in the order sent, with its own owner and facts, and announces each', async () => {
    const files = [
      await stored(h.alice.userId, 'downloads/batch/a1.jpg', 40, {
        source: { platform: 'instagram', username: 'x', mediaId: 'batch_a1', takenAt: '2025-01-02T03:04:05Z' },
      }),
      await stored(h.bob.userId, 'downloads/batch/b1.mp4', 41, { mime: 'video/mp4', width: 540, height: 960 }),
      await stored(h.alice.userId, 'downloads/batch/a2.jpg', 42),
    ];
    const response = await batch(files);
    expect(response.statusCode).toBe(200);
    const results = response.json().results as Array<{ file: InternalFile }>;
    expect(results.map((r) => [r.file.storageKey, r.file.ownerId, r.file.type])).toEqual([
      ['downloads/batch/a1.jpg', h.alice.userId, 'image'],
      ['downloads/batch/b1.mp4', h.bob.userId, 'video'],
      ['downloads/batch/a2.jpg', h.alice.userId, 'image'],
    ]);
    expect(results[0]!.file.source).toMatchObject({ mediaId: 'batch_a1', takenAt: '2025-01-02T03:04:05.000Z' });
    expect(results[1]!.file).toMatchObject({ width: 540, height: 960, size: 41 });
    for (const { file } of results) {
      expect(await catalogued(file.id)).toBe(true);
      expect(events).toContainEqual({ name: 'file.created', data: { id: file.id, ownerId: file.ownerId } });
    }
  });

  it('refuses bad entries one by one and registers the rest', async () => {
    const taken = await stored(h.alice.userId, 'downloads/batch/taken.jpg', 10);
    expect((await batch([taken])).json().results[0].file).toBeDefined();
    const good1 = await stored(h.alice.userId, 'downloads/batch/good1.jpg', 20, {
      source: { platform: 'instagram', mediaId: 'batch_media' },
    });
    const good2 = await stored(h.alice.userId, 'downloads/batch/good2.jpg', 21);
    const sameMedia = await stored(h.alice.userId, 'downloads/batch/same-media.jpg', 22, {
      source: { platform: 'instagram', mediaId: 'batch_media' },
    });
    const files = [
      { ...good1 },
      { ...good2, storageKey: 'downloads/batch/missing.jpg' },
      { ...good2, size: 99 },
      { ...taken, origin: { kind: 'download', id: '5f0c6c9e-7d4e-4a52-9d0e-3f0d6c1b2a11' } },
      { ...good2 },
      { ...good2, ownerId: h.bob.userId },
      sameMedia,
      { ...good2, storageKey: '.tmp/secret.part' },
      { ...good2, source: { platform: 'instagram', takenAt: 'yesterday' } },
      { ...good2, derivedFrom: ['not-a-uuid'] },
    ];
    const response = await batch(files);
    expect(response.statusCode).toBe(200);
    const results = response.json().results as Array<{ file?: InternalFile; error?: Record<string, unknown> }>;
    expect(results).toHaveLength(files.length);
    const summary = results.map((r) => (r.file ? 'ok' : `${r.error!.status} ${r.error!.code}`));
    expect(summary).toEqual([
      'ok',
      '400 STORAGE_OBJECT_MISSING',
      '400 SIZE_MISMATCH',
      '409 CONFLICT',
      'ok',
      '409 CONFLICT',
      '409 CONFLICT',
      '400 UNSAFE_STORAGE_KEY',
      '400 BAD_REQUEST',
      '400 BAD_REQUEST',
    ]);
    expect(results[3]!.error).toMatchObject({ details: { constraint: 'storage_key' } });
    expect(results[5]!.error).toMatchObject({ details: { constraint: 'storage_key' } });
    expect(results[6]!.error).toMatchObject({ details: { constraint: 'media_id' } });
    expect(results[2]!.error!.message).toContain('holds 21 bytes, not the 99 declared');
    // Exactly the accepted ones are in the catalog, once each.
    expect(await byKey(h.alice.userId, good1.storageKey, good1.sha256)).not.toBeNull();
    expect((await byKey(h.alice.userId, good2.storageKey, good2.sha256))?.id).toBe(results[4]!.file!.id);
    expect(await byKey(h.alice.userId, sameMedia.storageKey, sameMedia.sha256)).toBeNull();
    const announced = events.filter((e) => e.name === 'file.created' && results.some((r) => r.file?.id === e.data.id));
    expect(announced).toHaveLength(2);
  });

  it('answers a batch sent again (a lost answer, a retried job) with the files it made, announced once', async () => {
    const first = await stored(h.alice.userId, 'downloads/batch/again-1.jpg', 34);
    const second = await stored(h.alice.userId, 'downloads/batch/again-2.jpg', 35);
    const before = events.length;
    const made = (await batch([first, second])).json().results as Array<{ file: InternalFile }>;
    const repeated = (await batch([first, second])).json().results as Array<{ file?: InternalFile }>;
    expect(repeated.map((r) => r.file?.id)).toEqual(made.map((r) => r.file.id));
    expect(events.slice(before).filter((e) => e.name === 'file.created')).toHaveLength(2);
    // The same key with other bytes is not a repeat.
    const otherBytes = (await batch([{ ...first, sha256: sha(Buffer.from('other')) }])).json().results[0];
    expect(otherBytes.error).toMatchObject({ status: 409, details: { constraint: 'storage_key' } });
  });

  it('keeps owners apart: a media id per owner, a storage key for one owner only, and no user callers', async () => {
    const aliceFile = await stored(h.alice.userId, 'downloads/batch/own-a.jpg', 30, {
      source: { platform: 'instagram', mediaId: 'shared_media' },
    });
    const bobFile = await stored(h.bob.userId, 'downloads/batch/own-b.jpg', 31, {
      source: { platform: 'instagram', mediaId: 'shared_media' },
    });
    const results = (await batch([aliceFile, bobFile])).json().results as Array<{ file: InternalFile }>;
    expect(results.map((r) => r.file.ownerId)).toEqual([h.alice.userId, h.bob.userId]);
    // Bob cannot take over a key Alice's file already uses.
    const stolen = (await batch([{ ...aliceFile, ownerId: h.bob.userId, source: null }])).json().results[0];
    expect(stolen.error).toMatchObject({ status: 409, details: { constraint: 'storage_key' } });

    const viaUser = await stored(h.alice.userId, 'downloads/batch/via-user.jpg', 32);
    const refused = await batch([viaUser], h.alice.headers);
    expect([401, 403]).toContain(refused.statusCode);
    expect(refused.json().error.code).toMatch(/FORBIDDEN|UNAUTHORIZED/);
    expect(await byKey(h.alice.userId, viaUser.storageKey, viaUser.sha256)).toBeNull();
  });

  it('rejects a malformed batch as a whole with a 400 naming the problem, storing nothing', async () => {
    const ok = await stored(h.alice.userId, 'downloads/batch/never.jpg', 33);
    const empty = await batch([]);
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('at least one file');
    const tooMany = await batch(Array.from({ length: MAX_REGISTER_BATCH + 1 }, () => ok));
    expect(tooMany.statusCode).toBe(400);
    expect(JSON.stringify(tooMany.json())).toContain(`at most ${MAX_REGISTER_BATCH}`);
    const noHash = await batch([ok, { ...ok, sha256: undefined }]);
    expect(noHash.statusCode).toBe(400);
    expect(JSON.stringify(noHash.json())).toContain('sha256');
    const notArray = await h.app.inject({
      method: 'POST',
      url: '/internal/files/batch',
      headers: h.internal,
      payload: { files: ok },
    });
    expect(notArray.statusCode).toBe(400);
    expect(await byKey(h.alice.userId, ok.storageKey, ok.sha256)).toBeNull();
  });
});
