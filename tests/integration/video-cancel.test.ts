/**
 * Cancel and restart: a running job's ffmpeg is killed (no child left) and leaves nothing in storage or the
 * catalog; a queued job is canceled before it runs; a cancel seen only in the database still stops the worker;
 * start() re-enqueues what the database says is unfinished.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { createJobRepository } from '../../services/video-service/src/repository/jobs.js';
import { makeClip } from '../../services/video-service/test/ffmpeg/fixtures.js';
import {
  ALICE,
  BOB,
  ffmpegChildren,
  listKeys,
  startVideoHarness,
  type JobBody,
  type VideoHarness,
} from './video-harness.js';

let h: VideoHarness;
let long: InternalFile;
let short: InternalFile;

beforeAll(async () => {
  h = await startVideoHarness({ work: false });
  const [longPath, shortPath] = await Promise.all([
    makeClip('ffmpeg', path.join(h.workDir, 'long.mp4'), {
      width: 960,
      height: 540,
      fps: 30,
      durationSec: 15,
      audio: { sampleRate: 48_000, channels: 2 },
    }),
    makeClip('ffmpeg', path.join(h.workDir, 'short.mp4'), {
      width: 320,
      height: 240,
      fps: 30,
      durationSec: 1,
      audio: { sampleRate: 48_000, channels: 2 },
    }),
  ]);
  long = await h.register(ALICE, longPath, { mime: 'video/mp4', duration: 15 });
  short = await h.register(ALICE, shortPath, { mime: 'video/mp4', duration: 1 });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function createJob(
  operation: string,
  inputs: InternalFile[],
  options?: Record<string, unknown>,
): Promise<string> {
  const response = await h.video.app.inject({
    method: 'POST',
    url: '/api/videos/jobs',
    headers: await h.as(ALICE),
    payload: { operation, inputs: inputs.map((f) => f.id), options },
  });
  expect(response.statusCode, response.body).toBe(202);
  return (response.json() as { id: string }).id;
}

async function getJob(id: string): Promise<JobBody> {
  return (
    await h.video.app.inject({ method: 'GET', url: `/api/videos/jobs/${id}`, headers: await h.as(ALICE) })
  ).json() as JobBody;
}

/** Waits until the job runs and ffmpeg has reported some progress. */
async function waitUntilEncoding(id: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const job = await getJob(id);
      expect(job, 'the job must be encoding (it may not finish before it is canceled)').toMatchObject({
        status: 'running',
        progress: expect.any(Number),
      });
      expect(job.progress).toBeGreaterThan(0);
      expect(ffmpegChildren().length).toBeGreaterThan(0);
    },
    { timeout: 60_000, interval: 50 },
  );
}

async function expectNothingLeftBehind(jobId: string): Promise<void> {
  expect(ffmpegChildren()).toEqual([]);
  expect(await listKeys(h.context.storage.root, 'videos')).toEqual([]);
  expect(await readdir(path.join(h.context.storage.root, '.tmp'))).toEqual([]);
  const derived = await h.context.db.query(
    `SELECT id FROM files.files WHERE origin_kind = 'video-job' AND origin_id = $1`,
    [jobId],
  );
  expect(derived.rows).toEqual([]);
  expect(
    h.events.filter((e) => (e.name === 'video.completed' || e.name === 'video.failed') && e.data.id === jobId),
  ).toEqual([]);
}

describe('cancel and restart', () => {
  it('cancels a queued job before it runs, and start() re-enqueues a job the database says was running', async () => {
    const queued = await createJob('transcode', [short], { preset: '480p' });
    const cancel = await h.video.app.inject({
      method: 'POST',
      url: `/api/videos/jobs/${queued}/cancel`,
      headers: await h.as(ALICE),
    });
    expect(cancel.statusCode).toBe(202);
    expect(cancel.json()).toMatchObject({ id: queued, status: 'canceled' });

    // A job a crashed process had claimed: `running` in the database, nothing on the queue.
    const jobs = createJobRepository(h.context.db);
    const orphan = await jobs.insert({
      id: randomUUID(),
      ownerId: ALICE.userId,
      operation: 'extract-audio',
      inputs: [short.id],
      options: { format: 'mp3' },
      createdAt: new Date(),
    });
    await jobs.claim(orphan.id, new Date());

    await h.work(); // the process (re)starts: queue workers, then start()
    const recovered = await h.waitForJob(orphan.id, ALICE);
    expect(recovered.status).toBe('completed');
    expect(recovered.outputFileIds).toHaveLength(1);
    // The canceled one was taken off the queue without running: once the queue holds no video job, it is settled.
    await expect
      .poll(async () => {
        const videos = (await h.context.queue.counts()).videos;
        return (videos?.waiting ?? 0) + (videos?.active ?? 0) + (videos?.delayed ?? 0);
      })
      .toBe(0);
    expect(await getJob(queued)).toMatchObject({ status: 'canceled', outputFileIds: [], progress: 0 });
    const again = await h.video.app.inject({
      method: 'POST',
      url: `/api/videos/jobs/${queued}/cancel`,
      headers: await h.as(ALICE),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    await h.context.db.query(`DELETE FROM files.files WHERE origin_kind = 'video-job'`);
    for (const key of await listKeys(h.context.storage.root, 'videos')) await h.context.storage.remove(key);
  });

  it('kills ffmpeg promptly when a running job is canceled and leaves nothing behind', async () => {
    const id = await createJob('transcode', [long], { preset: '480p', crf: 18 });
    await waitUntilEncoding(id);
    const other = await h.video.app.inject({
      method: 'POST',
      url: `/api/videos/jobs/${id}/cancel`,
      headers: await h.as(BOB),
    });
    expect(other.statusCode).toBe(404);

    const cancel = await h.video.app.inject({
      method: 'POST',
      url: `/api/videos/jobs/${id}/cancel`,
      headers: await h.as(ALICE),
    });
    expect(cancel.statusCode).toBe(202);
    expect(cancel.json()).toMatchObject({ status: 'running', cancelRequested: true });
    // Canceled, not completed: ffmpeg was stopped mid-encode (how fast is measured by the bench, not here).
    const job = await h.waitForJob(id, ALICE, 10_000);
    expect(job.status).toBe('canceled');
    expect(job.finishedAt).not.toBeNull();
    await expectNothingLeftBehind(id);
  });

  it('stops a running job whose cancel reached only the database (another process, event missed)', async () => {
    const id = await createJob('transcode', [long], { preset: '480p', crf: 18 });
    await waitUntilEncoding(id);
    await createJobRepository(h.context.db).requestCancel(id, null, new Date()); // no event published
    const job = await h.waitForJob(id, ALICE, 15_000);
    expect(job.status).toBe('canceled');
    await expectNothingLeftBehind(id);
    const metrics = await h.context.metrics.registry.metrics();
    expect(metrics).toMatch(/smh_video_jobs_total\{[^}]*operation="transcode"[^}]*status="canceled"[^}]*\} 3/);
  });
});
