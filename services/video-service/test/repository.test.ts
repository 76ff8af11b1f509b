/** The video job and probe repositories (typed SQL) on both engines: PGlite and the real PostgreSQL server. */
import { randomUUID } from 'node:crypto';
import { loadMigrations, migrate, type Database } from '@smh/shared';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../src/ffmpeg/index.js';
import { createJobRepository, type JobRepository } from '../src/repository/jobs.js';
import { createProbeRepository } from '../src/repository/probes.js';

describe.each(DATABASE_KINDS)('video repositories on %s', (kind) => {
  const available = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;
  let jobs: JobRepository;
  beforeAll(async () => {
    if (!available) return;
    ({ db, drop } = await createTestDatabase(kind));
    await migrate(db, 'video-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
    jobs = createJobRepository(db);
  });
  afterAll(async () => {
    if (available) await drop();
  });
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
  const newJob = (ownerId: string, ms: number, inputs = [randomUUID(), randomUUID()]) =>
    jobs.insert({
      id: randomUUID(),
      ownerId,
      operation: 'merge',
      inputs,
      options: { resolution: "7'20p" },
      createdAt: at(ms),
    });

  it.runIf(available)('inserts, reads back every field, scopes by owner and pages by (created_at, id)', async () => {
    const owner = randomUUID();
    const inputs = [randomUUID(), randomUUID()];
    const job = await newJob(owner, 0, inputs);
    expect(job).toEqual({
      id: job.id,
      ownerId: owner,
      operation: 'merge',
      inputs,
      options: { resolution: "7'20p" },
      status: 'queued',
      progress: 0,
      outputFileIds: [],
      result: null,
      error: null,
      attempts: 0,
      cancelRequestedAt: null,
      createdAt: at(0),
      startedAt: null,
      finishedAt: null,
    });
    expect(await jobs.get(job.id, owner)).toEqual(job);
    expect(await jobs.get(job.id, randomUUID())).toBeUndefined();
    expect(await jobs.get(job.id, null)).toEqual(job);
    const later = [await newJob(owner, 1000), await newJob(owner, 2000)];
    expect(await jobs.openCount(owner)).toBe(3);
    const page1 = await jobs.list({ ownerId: owner, limit: 2 });
    expect(page1.map((j) => j.id)).toEqual([later[1]?.id, later[0]?.id]);
    const last = page1[1];
    if (!last) throw new Error('expected two rows');
    const page2 = await jobs.list({ ownerId: owner, limit: 2, after: { createdAt: last.createdAt, id: last.id } });
    expect(page2.map((j) => j.id)).toEqual([job.id]);
    expect(await jobs.list({ ownerId: owner, status: 'failed', limit: 5 })).toEqual([]);
    expect((await jobs.list({ ownerId: null, limit: 50 })).length).toBeGreaterThanOrEqual(3);
  });

  it.runIf(available)('claims, keeps progress from going back, and completes with its outputs', async () => {
    const job = await newJob(randomUUID(), 10);
    const claimed = await jobs.claim(job.id, at(20));
    expect(claimed).toMatchObject({ status: 'running', attempts: 1, startedAt: at(20), progress: 0 });
    expect(await jobs.setProgress(job.id, 0.6, at(21))).toEqual({ cancelRequested: false });
    await jobs.setProgress(job.id, 0.3, at(22));
    expect((await jobs.get(job.id))?.progress).toBe(0.6);
    // A rerun after a crash claims the running job again and keeps its progress and start.
    expect(await jobs.claim(job.id, at(30))).toMatchObject({ attempts: 2, startedAt: at(20), progress: 0.6 });
    const output = randomUUID();
    const done = await jobs.complete(job.id, { outputs: 1, note: 'a "quoted" result' }, at(40), [output]);
    expect(done).toMatchObject({
      status: 'completed',
      progress: 1,
      outputFileIds: [output],
      result: { outputs: 1, note: 'a "quoted" result' },
      finishedAt: at(40),
    });
    expect(await jobs.complete(job.id, {}, at(41), [randomUUID()])).toBeUndefined();
    expect((await jobs.get(job.id))?.outputFileIds).toEqual([output]); // a second completion changes nothing
    expect(await jobs.fail(job.id, { code: 'X', message: 'y' }, at(42))).toBeUndefined();
    expect(await jobs.unfinished()).not.toContainEqual({ id: job.id });
  });

  it.runIf(available)('cancels a queued job at once and asks a running one to stop', async () => {
    const owner = randomUUID();
    const queued = await newJob(owner, 50);
    expect(await jobs.requestCancel(queued.id, randomUUID(), at(51))).toBeUndefined();
    expect(await jobs.requestCancel(queued.id, owner, at(52))).toMatchObject({
      status: 'canceled',
      finishedAt: at(52),
      cancelRequestedAt: at(52),
    });
    const running = await newJob(owner, 60);
    await jobs.claim(running.id, at(61));
    expect(await jobs.unfinished()).toContainEqual({ id: running.id, ownerId: owner });
    expect(await jobs.requestCancel(running.id, null, at(62))).toMatchObject({ status: 'running', finishedAt: null });
    expect(await jobs.setProgress(running.id, 0.5, at(63))).toEqual({ cancelRequested: true });
    expect(await jobs.markCanceled(running.id, at(64))).toMatchObject({ status: 'canceled', finishedAt: at(64) });
    const failing = await newJob(owner, 70);
    expect(await jobs.fail(failing.id, { code: 'FFMPEG', message: "it's broken" }, at(71))).toMatchObject({
      status: 'failed',
      error: { code: 'FFMPEG', message: "it's broken" },
    });
  });

  it.runIf(available)('keeps a probe per file while its hash is unchanged, without keyframes', async () => {
    const probes = createProbeRepository(db);
    const fileId = randomUUID();
    const probe: ProbeResult = {
      durationSec: 3.5,
      formatName: 'mov,mp4',
      bitRate: null,
      sizeBytes: 1234,
      streams: [],
      isImage: false,
      hasAudio: true,
      keyframes: [0, 2],
    };
    await probes.put(fileId, 'a'.repeat(64), probe, at(0));
    const { keyframes: _keyframes, ...stored } = probe;
    expect(await probes.getMany([{ id: fileId, sha256: 'a'.repeat(64) }])).toEqual(new Map([[fileId, stored]]));
    expect(await probes.getMany([{ id: fileId, sha256: 'b'.repeat(64) }])).toEqual(new Map());
    await probes.put(fileId, 'b'.repeat(64), { ...probe, durationSec: 9 }, at(1));
    expect((await probes.getMany([{ id: fileId, sha256: 'b'.repeat(64) }])).get(fileId)?.durationSec).toBe(9);
    expect(await probes.getMany([])).toEqual(new Map());
  });
});
