/** The catalog repository (typed SQL) on both engines: PGlite and the real PostgreSQL server. */
import { randomUUID } from 'node:crypto';
import { type Database, loadMigrations, migrate } from '@smh/shared';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, createCatalog, DuplicateFileError, type NewFile } from '../src/adapters/catalog.js';
import { decodeListCursor } from '../src/domain/list-query.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const sha = (n: number) => n.toString(16).padStart(64, '0');

describe.each(DATABASE_KINDS)('catalog on %s', (kind) => {
  const available = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;
  let catalog: Catalog;
  beforeAll(async () => {
    if (!available) return;
    ({ db, drop } = await createTestDatabase(kind));
    await migrate(db, 'file-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
    catalog = createCatalog(db);
  });
  afterAll(async () => {
    if (available) await drop();
  });

  const newFile = (ownerId: string, n: number, overrides: Partial<NewFile> = {}): NewFile => ({
    id: randomUUID(),
    ownerId,
    name: `file_${n}.jpg`,
    mime: 'image/jpeg',
    type: 'image',
    size: 5_000_000_000 + n,
    sha256: sha(n),
    storageKey: `${ownerId}/${n}`,
    origin: { kind: 'download', id: 'd1' },
    createdAt: at(n),
    ...overrides,
  });

  it.runIf(available)(
    'reads back every column with its JavaScript type (bigint size, uuid[], jsonb, dates)',
    async () => {
      const owner = randomUUID();
      const parent = randomUUID();
      const file = newFile(owner, 1, {
        width: 1080,
        height: 1350,
        duration: 12.5,
        probe: { streams: [{ codec: 'h264' }] },
        source: {
          platform: 'Instagram',
          username: 'natgeo',
          code: 'C1',
          takenAt: '2024-03-01T10:00:00.000Z',
          caption: 'waves',
          url: 'https://www.instagram.com/p/C1/',
          mediaId: 'm1',
          fullName: 'National Geographic',
        },
        sidecarKey: `${owner}/post.json`,
        derivedFrom: [parent],
      });
      const row = await catalog.insert(file);
      expect(row).toEqual({
        id: file.id,
        owner_id: owner,
        name: 'file_1.jpg',
        mime: 'image/jpeg',
        type: 'image',
        size: 5_000_000_001,
        sha256: sha(1),
        width: 1080,
        height: 1350,
        duration: 12.5,
        probe: { streams: [{ codec: 'h264' }] },
        source_platform: 'Instagram',
        source_username: 'natgeo',
        source_code: 'C1',
        source_taken_at: new Date('2024-03-01T10:00:00.000Z'),
        source_caption: 'waves',
        source_url: 'https://www.instagram.com/p/C1/',
        source_media_id: 'm1',
        source_full_name: 'National Geographic',
        storage_key: `${owner}/1`,
        sidecar_key: `${owner}/post.json`,
        thumbnail_key: null,
        origin_kind: 'download',
        origin_id: 'd1',
        derived_from: [parent],
        created_at: at(1),
        dated_at: new Date('2024-03-01T10:00:00.000Z'),
      });
      expect(await catalog.get(file.id, owner)).toEqual(row);
      expect(await catalog.get(file.id, randomUUID())).toBeUndefined();
      expect(await catalog.getMany([file.id, randomUUID()], null)).toEqual([row]);
      expect(await catalog.lookup(owner, { sha256: sha(1) })).toEqual(row);
      expect(await catalog.lookup(owner, { mediaId: 'm1' })).toEqual(row);
      expect(await catalog.lookupMediaIds(owner, ['m1', 'm2'])).toEqual([row]);
      await expect(catalog.insert({ ...file, id: randomUUID() })).rejects.toBeInstanceOf(DuplicateFileError);
    },
  );

  it.runIf(available)('inserts a batch leaving out refused rows, counts platforms and types', async () => {
    const owner = randomUUID();
    const first = await catalog.insert(newFile(owner, 10, { source: { platform: 'YouTube' } }));
    const batch = [
      newFile(owner, 11, { source: { platform: 'youtube' } }),
      newFile(owner, 12, { storageKey: first.storage_key }),
      newFile(owner, 13, { type: 'video', mime: 'video/mp4', source: { platform: 'instagram' } }),
    ];
    const inserted = await catalog.insertMany(batch);
    expect(inserted.map((row) => row.id)).toEqual([batch[0]?.id, batch[2]?.id]);
    expect(await catalog.platforms(owner)).toEqual([
      { platform: 'youtube', count: 2 },
      { platform: 'instagram', count: 1 },
    ]);
    const types = await catalog.countByType();
    expect(types.find((entry) => entry.type === 'video')?.count).toBeGreaterThanOrEqual(1);
    expect(typeof types[0]?.count).toBe('number');
  });

  it.runIf(available)('lists by size with a keyset cursor, each row once', async () => {
    const owner = randomUUID();
    for (const n of [20, 21, 22]) await catalog.insert(newFile(owner, n));
    const page1 = await catalog.list({ ownerId: owner, sort: 'size', limit: 2 });
    expect(page1.rows.map((row) => row.size)).toEqual([5_000_000_022, 5_000_000_021]);
    const cursor = decodeListCursor(page1.nextCursor ?? undefined, 'size');
    const page2 = await catalog.list({ ownerId: owner, sort: 'size', limit: 2, ...(cursor ? { cursor } : {}) });
    expect(page2).toEqual({ rows: [expect.objectContaining({ size: 5_000_000_020 })], nextCursor: null });
  });

  it.runIf(available)('patches only the given fields, keeps a recorded thumbnail, frees unshared keys', async () => {
    const owner = randomUUID();
    const sidecar = `${owner}/post.json`;
    const a = await catalog.insert(newFile(owner, 30, { sidecarKey: sidecar }));
    const b = await catalog.insert(newFile(owner, 31, { sidecarKey: sidecar }));
    const patched = await catalog.update(a.id, { width: 640, probe: { ok: true } });
    expect(patched?.before).toEqual(a);
    expect(patched?.after).toEqual({ ...a, width: 640, probe: { ok: true } });
    expect(await catalog.update(a.id, {})).toEqual({ before: patched?.after, after: patched?.after });
    expect(await catalog.update(randomUUID(), { width: 1 })).toBeUndefined();
    expect(await catalog.setThumbnailIfMissing(a.id, 'thumb-1')).toBe('thumb-1');
    expect(await catalog.setThumbnailIfMissing(a.id, 'thumb-2')).toBe('thumb-1');
    expect(await catalog.keyInUse('thumb-1')).toBe(true);

    expect(await catalog.remove(a.id, randomUUID())).toBeUndefined();
    const removed = await catalog.remove(a.id, owner);
    expect(removed?.unusedKeys.sort()).toEqual([a.storage_key, 'thumb-1'].sort());
    expect((await catalog.remove(b.id, null))?.unusedKeys.sort()).toEqual([b.storage_key, sidecar].sort());
    expect(await catalog.keyInUse(sidecar)).toBe(false);
  });
});
