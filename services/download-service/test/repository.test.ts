/** The downloads repository (typed SQL) on both engines: PGlite (embedded) and the real PostgreSQL server. */
import { randomUUID } from 'node:crypto';
import { loadMigrations, migrate, type Database } from '@smh/shared';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemSpec } from '../src/domain/plan.js';
import { downloadNoticesRepository } from '../src/repository/download-notices.js';
import { type DownloadsRepository, downloadsRepository } from '../src/repository/downloads-repo.js';
import { type PlanRepository, planRepository } from '../src/repository/plan-repo.js';

const item = (position: number, extra: Partial<ItemSpec> = {}): ItemSpec => ({
  position,
  mediaKey: `instagram:${position}_0`,
  platformMediaId: `${position}`,
  resourceIndex: 0,
  kind: 'image',
  url: `https://cdn.example/${position}.jpg?sig='x"`,
  meta: { source: 'instagram', username: "o'brien", caption: 'emoji 🎉 and "quotes"' },
  ...extra,
});

describe.each(DATABASE_KINDS)('downloads repository on %s', (kind) => {
  const available = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;
  let repo: DownloadsRepository;
  let plans: PlanRepository;
  beforeAll(async () => {
    if (!available) return;
    ({ db, drop } = await createTestDatabase(kind));
    await migrate(db, 'download-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
    repo = downloadsRepository(db);
    plans = planRepository(db);
  });
  afterAll(async () => {
    if (available) await drop();
  });
  const newDownload = (ownerId: string, url = 'https://www.instagram.com/someone/') =>
    repo.create({ ownerId, url, kind: 'profile', include: ['posts', 'reels'], incremental: false });

  it.runIf(available)('creates, reads back every field, and pages the list by (created_at, id)', async () => {
    const owner = randomUUID();
    const created = await repo.create({
      ownerId: owner,
      url: 'https://www.instagram.com/p/abc/',
      kind: 'post',
      include: ['posts'],
      limit: 3,
      sessionId: randomUUID(),
      incremental: true,
    });
    expect(created).toMatchObject({
      ownerId: owner,
      kind: 'post',
      status: 'queued',
      include: ['posts'],
      limit: 3,
      subscriptionId: null,
      incremental: true,
      planned: false,
      progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, scanned: 0 },
      error: null,
      warnings: [],
      waitingUntil: null,
      finishedAt: null,
    });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await repo.get(created.id)).toEqual(created);
    expect(await repo.get(randomUUID())).toBeUndefined();

    const more = [await newDownload(owner), await newDownload(owner), await newDownload(randomUUID())];
    const mine = await repo.list({ ownerId: owner, limit: 10 });
    expect(mine.map((d) => d.id).sort()).toEqual([created.id, more[0]?.id, more[1]?.id].sort());
    const firstPage = await repo.list({ ownerId: owner, limit: 2 });
    const last = firstPage[1];
    if (!last) throw new Error('expected two rows');
    const secondPage = await repo.list({
      ownerId: owner,
      limit: 2,
      after: { createdAt: last.createdAt.toISOString(), id: last.id },
    });
    expect([...firstPage, ...secondPage].map((d) => d.id)).toEqual(mine.map((d) => d.id));
    expect((await repo.list({ ownerId: null, limit: 100 })).length).toBeGreaterThanOrEqual(4);
    expect(await repo.list({ ownerId: owner, status: 'failed', limit: 10 })).toEqual([]);
  });

  it.runIf(available)('runs, finishes with big byte counts, and refuses to finish twice', async () => {
    const download = await newDownload(randomUUID());
    expect(await repo.markRunning(download.id)).toBe(true);
    expect((await repo.get(download.id))?.progress.phase).toBe('scanning');
    const progress = { filesDone: 2, filesTotal: 3, bytesDone: 6_000_000_000, bytesTotal: 9_000_000_000, scanned: 7 };
    await repo.saveProgress(download.id, progress);
    expect((await repo.get(download.id))?.progress).toEqual({ ...progress, phase: 'scanning' });
    const error = { code: 'RATE_LIMITED', message: "Instagram said 'wait'", retryable: true };
    expect(await repo.finish(download.id, 'failed', { ...progress, scanned: undefined }, error)).toBe(true);
    const failed = await repo.get(download.id);
    expect(failed).toMatchObject({ status: 'failed', error, progress: { ...progress, scanned: 7 } });
    expect(failed?.finishedAt).toBeInstanceOf(Date);
    expect(await repo.finish(download.id, 'completed', progress, null)).toBe(false);
    expect(await repo.markRunning(download.id)).toBe(false);
  });

  it.runIf(available)('plans items, patches one, and marks it done in the owner archive', async () => {
    const owner = randomUUID();
    const download = await newDownload(owner);
    await repo.savePlan(download.id, [item(0), item(1), item(2, { kind: 'video', platformMediaId: null })]);
    expect((await repo.get(download.id))?.progress.filesTotal).toBe(3);
    expect((await repo.get(download.id))?.planned).toBe(true);
    const items = await repo.items(download.id);
    expect(items.map((i) => i.position)).toEqual([0, 1, 2]);
    expect(items[0]).toMatchObject({ ...item(0), downloadId: download.id, status: 'pending', bytesDone: 0 });
    expect(items[2]).toMatchObject({ kind: 'video', platformMediaId: null, expectedSize: null, fileId: null });

    await repo.updateItem(download.id, 'instagram:1_0', {
      expectedSize: 5_000_000_000,
      bytesDone: 4_000_000_000,
      tempPath: '/tmp/part',
      status: 'running',
      error: { code: 'X', message: 'y' },
    });
    await repo.updateItem(download.id, 'instagram:1_0', {});
    const patched = (await repo.items(download.id))[1];
    expect(patched).toMatchObject({ expectedSize: 5_000_000_000, bytesDone: 4_000_000_000, tempPath: '/tmp/part' });
    expect(patched?.status).toBe('running');
    expect((await repo.items(download.id))[0]?.status).toBe('pending');

    // One statement for the group; a key given twice keeps its latest entry.
    await repo.markItemsDone({ id: download.id, ownerId: owner }, [
      { mediaKey: 'instagram:1_0', fileId: 'file-stale', sha256: 'sha-stale' },
      { mediaKey: 'instagram:1_0', fileId: 'file-1', sha256: 'sha-1' },
      { mediaKey: 'instagram:0_0', fileId: 'file-0', sha256: null },
    ]);
    const done = await repo.items(download.id);
    expect(done[1]).toMatchObject({ status: 'done', fileId: 'file-1', sha256: 'sha-1', tempPath: null });
    expect((await repo.fileIds([download.id, randomUUID()])).get(download.id)).toEqual(['file-0', 'file-1']);
    expect(await repo.fileIds([])).toEqual(new Map());

    expect(await repo.archivedKeys(owner)).toEqual(new Set(['instagram:0_0', 'instagram:1_0']));
    expect(await repo.archivedKeys(randomUUID())).toEqual(new Set());
    expect(await repo.findArchived(owner, { mediaKey: 'instagram:1_0' })).toEqual({
      fileId: 'file-1',
      sha256: 'sha-1',
    });
    expect(await repo.findArchived(owner, { sha256: 'sha-1' })).toEqual({ fileId: 'file-1', sha256: 'sha-1' });
    expect(await repo.findArchived(owner, { sha256: 'nope' })).toBeUndefined();
    const among = await repo.archivedAmong(owner, ['instagram:0_0', 'instagram:9_0']);
    expect([...among.entries()]).toEqual([['instagram:0_0', { fileId: 'file-0', sha256: null }]]);
    // The archive entry follows a re-download of the same media.
    await repo.markItemsDone({ id: download.id, ownerId: owner }, [
      { mediaKey: 'instagram:0_0', fileId: 'file-0b', sha256: 'sha-0b' },
    ]);
    expect(await repo.findArchived(owner, { mediaKey: 'instagram:0_0' })).toEqual({
      fileId: 'file-0b',
      sha256: 'sha-0b',
    });

    // Appending keeps already-planned keys as they are.
    expect(await plans.appendItems(download.id, [item(1, { url: 'https://changed/' }), item(3)])).toBe(4);
    expect((await repo.items(download.id))[1]?.status).toBe('done');
  });

  it.runIf(available)('marks a group of items stored in one statement', async () => {
    const owner = randomUUID();
    const download = await newDownload(owner);
    await repo.savePlan(download.id, [item(0), item(1), item(2)]);
    await repo.updateItem(download.id, 'instagram:0_0', { status: 'running', tempPath: '/tmp/a.part' });
    await repo.markItemsStored(download.id, [
      { mediaKey: 'instagram:0_0', storageKey: 'o/0.jpg', sha256: 'sha-0', size: 5_000_000_000 },
      { mediaKey: 'instagram:1_0', storageKey: 'o/1 "q".jpg', sha256: 'sha-1', size: 7 },
    ]);
    const stored = await repo.items(download.id);
    expect(stored[0]).toMatchObject({
      status: 'stored',
      storageKey: 'o/0.jpg',
      sha256: 'sha-0',
      bytesDone: 5_000_000_000,
      expectedSize: 5_000_000_000,
      tempPath: null,
    });
    expect(stored[1]).toMatchObject({ status: 'stored', storageKey: 'o/1 "q".jpg', sha256: 'sha-1', bytesDone: 7 });
    expect(stored[2]?.status).toBe('pending');
    // Another download's item with the same media key is left alone.
    const other = await newDownload(owner, 'https://www.instagram.com/other/');
    await repo.savePlan(other.id, [item(0)]);
    await repo.markItemsStored(download.id, [
      { mediaKey: 'instagram:0_0', storageKey: 'o/x.jpg', sha256: 's', size: 1 },
    ]);
    expect((await repo.items(other.id))[0]).toMatchObject({ status: 'pending', storageKey: null });
  });

  it.runIf(available)('cancels only open downloads, and requeues failed items but keeps done ones', async () => {
    const owner = randomUUID();
    const download = await newDownload(owner);
    expect(await repo.openCount(owner)).toBe(1);
    expect(await repo.openDownloads()).toContainEqual({ id: download.id, ownerId: owner });
    expect(await repo.cancel(download.id)).toBe('queued');
    expect(await repo.cancel(download.id)).toBeUndefined();
    expect(await repo.status(download.id)).toBe('canceled');
    expect(await repo.openCount(owner)).toBe(0);
    expect(await repo.requeue(download.id)).toBe(true);
    expect(await repo.requeue(download.id)).toBe(false);

    const failing = await newDownload(owner, 'https://www.instagram.com/other/');
    await repo.savePlan(failing.id, [item(0), item(1), item(2)]);
    await repo.markRunning(failing.id);
    await repo.markItemsDone({ id: failing.id, ownerId: owner }, [
      { mediaKey: 'instagram:0_0', fileId: 'f0', sha256: null },
    ]);
    await repo.updateItem(failing.id, 'instagram:1_0', { status: 'failed', error: { code: 'E', message: 'm' } });
    await repo.updateItem(failing.id, 'instagram:2_0', { status: 'running' });
    await repo.finish(failing.id, 'failed', failing.progress, { code: 'E', message: 'm', retryable: true });
    expect(await repo.requeueFailed(randomUUID())).toEqual([]);
    expect(await repo.requeueFailed(owner)).toEqual([failing.id]);
    expect(await repo.get(failing.id)).toMatchObject({ status: 'queued', error: null, finishedAt: null });
    expect((await repo.items(failing.id)).map((i) => i.status)).toEqual(['done', 'pending', 'pending']);
    expect(await repo.status(randomUUID())).toBeUndefined();
  });

  it.runIf(available)('stores notices and the listing state the repository reads back', async () => {
    const owner = randomUUID();
    const download = await newDownload(owner);
    const notices = downloadNoticesRepository(db);
    const until = new Date(Date.UTC(2030, 0, 1));
    await notices.saveWarnings(download.id, [{ code: 'LOGIN_WALL', message: 'the rest needs a session' }]);
    await notices.setWaitingUntil(download.id, until);
    expect(await repo.get(download.id)).toMatchObject({
      warnings: [{ code: 'LOGIN_WALL', message: 'the rest needs a session' }],
      waitingUntil: until,
    });
    await plans.saveListing(download.id, { listing: { feed: 'posts', cursor: 'c1' }, scanned: 12 });
    expect(await plans.planningState(download.id)).toEqual({ listing: { feed: 'posts', cursor: 'c1' }, scanned: 12 });
    expect(await plans.openDownloads(owner, 'profile')).toEqual([
      { id: download.id, url: download.url, include: ['posts', 'reels'] },
    ]);
  });
});
