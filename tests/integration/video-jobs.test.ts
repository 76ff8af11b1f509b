/**
 * The whole job path, video-service + file-service in one process: POST /api/videos/jobs → video.process → ffmpeg →
 * verified output committed and registered → checked with ffprobe. Real clips from lavfi.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { makeClip, makeCorruptFile, makePhoto } from '../../services/video-service/test/ffmpeg/fixtures.js';
import { ALICE, ffprobe, listKeys, startVideoHarness, type JobBody, type VideoHarness } from './video-harness.js';

let h: VideoHarness;
const clips: Record<'a' | 'b' | 'small' | 'silent' | 'hd' | 'photo' | 'corrupt', InternalFile> = {} as never;

beforeAll(async () => {
  h = await startVideoHarness();
  const at = (name: string) => path.join(h.workDir, name);
  const stereo = { sampleRate: 48_000, channels: 2 };
  const made = await Promise.all([
    makeClip('ffmpeg', at('a.mp4'), { width: 640, height: 360, fps: 30, durationSec: 2, audio: stereo }),
    makeClip('ffmpeg', at('b.mp4'), { width: 640, height: 360, fps: 30, durationSec: 3, audio: stereo }),
    makeClip('ffmpeg', at('small.mp4'), {
      width: 320,
      height: 240,
      fps: 25,
      durationSec: 2,
      audio: { sampleRate: 44_100, channels: 1 },
    }),
    makeClip('ffmpeg', at('silent.mp4'), { width: 640, height: 360, fps: 30, durationSec: 2 }),
    makeClip('ffmpeg', at('hd.mp4'), { width: 1280, height: 720, fps: 30, durationSec: 2, audio: stereo }),
    makePhoto('ffmpeg', at('photo.jpg'), 480, 360),
    makeCorruptFile(at('corrupt.mp4')),
  ]);
  const [a, b, small, silent, hd, photo, corrupt] = made as [string, string, string, string, string, string, string];
  clips.a = await h.register(ALICE, a, { mime: 'video/mp4', duration: 2 });
  clips.b = await h.register(ALICE, b, { mime: 'video/mp4', duration: 3 });
  clips.small = await h.register(ALICE, small, { mime: 'video/mp4' });
  clips.silent = await h.register(ALICE, silent, { mime: 'video/mp4' });
  clips.hd = await h.register(ALICE, hd, { mime: 'video/mp4' });
  clips.photo = await h.register(ALICE, photo, { mime: 'image/jpeg', width: 480, height: 360 });
  // Corrupted after it was analysed: the catalog believes it is a 2 s video, so only the job can find out.
  clips.corrupt = await h.register(ALICE, corrupt, { mime: 'video/mp4', duration: 2 });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function runJob(operation: string, inputs: InternalFile[], options?: Record<string, unknown>): Promise<JobBody> {
  const response = await h.video.app.inject({
    method: 'POST',
    url: '/api/videos/jobs',
    headers: await h.as(ALICE),
    payload: { operation, inputs: inputs.map((file) => file.id), ...(options === undefined ? {} : { options }) },
  });
  expect(response.statusCode, response.body).toBe(202);
  const accepted = response.json() as { id: string; status: string };
  expect(accepted.status).toBe('queued');
  return h.waitForJob(accepted.id, ALICE);
}

/** The one output of a completed job: its catalog row, its bytes' path and ffprobe's view of it. */
async function outputOf(job: JobBody) {
  expect(job.status, JSON.stringify(job.error)).toBe('completed');
  expect(job.outputFileIds).toHaveLength(1);
  const file = await h.getFile(job.outputFileIds[0] as string);
  if (!file) throw new Error('output not registered');
  const local = await h.context.storage.localPath(file.storageKey);
  expect(file.origin).toEqual({ kind: 'video-job', id: job.id });
  expect(file.derivedFrom).toEqual([...new Set(job.inputs)]);
  expect(file.ownerId).toBe(ALICE.userId);
  expect(file.storageKey).toMatch(
    new RegExp(
      `^videos/user-alice/\\d{4}-\\d{2}-\\d{2}_${job.operation}_${job.id.replace(/-/g, '').slice(0, 8)}\\.\\w+$`,
    ),
  );
  expect(file.sha256).toBe(
    createHash('sha256')
      .update(await readFile(local))
      .digest('hex'),
  );
  return { file, probe: await ffprobe(local) };
}

function progressOf(jobId: string): number[] {
  return h.events
    .filter((event) => event.name === 'video.progress' && event.data.id === jobId)
    .map((event) => (event.data as { progress: number }).progress);
}

describe('video jobs through the service', () => {
  it('merges compatible clips by stream copy; the duration is the sum; progress rises to 1.0', async () => {
    const job = await runJob('merge', [clips.a, clips.b]);
    const { file, probe } = await outputOf(job);
    expect(job.result).toMatchObject({ mode: 'copy' });
    expect(probe.streams.sort()).toEqual(['audio', 'video']);
    expect(probe.durationSec).toBeGreaterThan(4.9);
    expect(probe.durationSec).toBeLessThan(5.15);
    expect([probe.width, probe.height]).toEqual([640, 360]);
    expect(file).toMatchObject({ mime: 'video/mp4', type: 'video', width: 640, height: 360 });
    expect(file.duration).toBeCloseTo(probe.durationSec, 2);

    const progress = progressOf(job.id);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(new Set(progress).size).toBe(progress.length);
    const completed = h.events.find((event) => event.name === 'video.completed' && event.data.id === job.id);
    expect(completed?.data).toEqual({ id: job.id, ownerId: ALICE.userId, outputFileIds: job.outputFileIds });
    expect(h.events.indexOf(completed!)).toBeGreaterThan(
      h.events.findLastIndex((event) => event.name === 'video.progress' && event.data.id === job.id),
    );
  });

  it('normalises mixed inputs (sizes, no audio, a photo) into one video with audio', async () => {
    const job = await runJob('merge', [clips.small, clips.silent, clips.photo, clips.a], { photoDurationSec: 1.5 });
    const { probe } = await outputOf(job);
    expect(job.result).toMatchObject({ mode: 'normalize', width: 640, height: 360 });
    expect(probe.streams.sort()).toEqual(['audio', 'video']);
    expect([probe.width, probe.height]).toEqual([640, 360]);
    expect(Math.abs(probe.durationSec - 7.5)).toBeLessThan(0.3);
    expect(progressOf(job.id).at(-1)).toBe(1);
  });

  it('merge with a resolution re-encodes larger inputs into that size class, and keeps the copy when they fit', async () => {
    const hd = await runJob('merge', [clips.hd, clips.hd], { resolution: '480p' });
    expect(hd.result).toMatchObject({ mode: 'normalize', width: 854, height: 480 });
    expect((await outputOf(hd)).probe).toMatchObject({ width: 854, height: 480 });
    const fits = await runJob('merge', [clips.a, clips.a], { resolution: '480p' });
    expect(fits.result).toMatchObject({ mode: 'copy' });
    expect((await outputOf(fits)).probe).toMatchObject({ width: 640, height: 360 }); // never upscaled
  });

  it('transcodes to a preset size, keeping the audio and the duration', async () => {
    const job = await runJob('transcode', [clips.hd], { preset: '480p', crf: 30 });
    const { file, probe } = await outputOf(job);
    expect([probe.width, probe.height]).toEqual([854, 480]);
    expect(probe.streams.sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probe.durationSec - 2)).toBeLessThan(0.15);
    expect(file).toMatchObject({ width: 854, height: 480, derivedFrom: [clips.hd.id] });
  });

  it('trims to the asked span', async () => {
    const job = await runJob('trim', [clips.b], { startSec: 0.5, endSec: 1.75 });
    const { file, probe } = await outputOf(job);
    expect(probe.streams.sort()).toEqual(['audio', 'video']);
    expect(Math.abs(probe.durationSec - 1.25)).toBeLessThan(0.15);
    // A video output gets its poster like a download does, so the library shows a thumbnail (issue 15, bug 2).
    await expect
      .poll(async () => (await h.getFile(file.id))?.thumbnailKey, { timeout: 30_000 })
      .toBe(`thumbnails/user-alice/${file.id}.poster.jpg`);
  });

  it('extracts the audio as mp3 and as m4a', async () => {
    const mp3 = await runJob('extract-audio', [clips.a], { format: 'mp3' });
    const one = await outputOf(mp3);
    expect(one.probe.streams).toEqual(['audio']);
    expect(one.probe.format).toBe('mp3');
    expect(one.file).toMatchObject({ mime: 'audio/mpeg', type: 'audio' });
    expect(Math.abs(one.probe.durationSec - 2)).toBeLessThan(0.15);
    const m4a = await runJob('extract-audio', [clips.a], { format: 'm4a' });
    const two = await outputOf(m4a);
    expect(two.probe.streams).toEqual(['audio']);
    expect(two.file).toMatchObject({ mime: 'audio/mp4', type: 'audio' });
    expect(m4a.result).toMatchObject({ mode: 'copy' });
  });

  it('makes a poster and a contact sheet as JPEG pictures', async () => {
    const poster = await outputOf(await runJob('thumbnail', [clips.hd], { atSec: 1 }));
    expect(poster.probe).toMatchObject({ streams: ['video'], width: 1280, height: 720 });
    expect(poster.file).toMatchObject({ mime: 'image/jpeg', type: 'image', duration: null });
    const sheet = await outputOf(await runJob('thumbnail', [clips.a], { sheet: { columns: 3, rows: 2 } }));
    expect(sheet.probe).toMatchObject({ streams: ['video'], width: 960, height: 360 });
  });

  it('probe records the facts on the input file and registers nothing', async () => {
    expect(clips.small.width ?? null).toBeNull();
    const job = await runJob('probe', [clips.small]);
    expect(job.status).toBe('completed');
    expect(job.outputFileIds).toEqual([]);
    expect(job.result).toMatchObject({
      durationSec: expect.closeTo(2, 1),
      hasAudio: true,
      video: expect.objectContaining({ width: 320, height: 240 }),
    });
    const updated = await h.getFile(clips.small.id);
    expect(updated).toMatchObject({ width: 320, height: 240 });
    expect(updated?.duration).toBeCloseTo(2, 1);
  });

  it("a corrupt input fails the job with ffmpeg's own error output and leaves nothing behind", async () => {
    const before = await listKeys(h.context.storage.root, 'videos');
    const job = await runJob('transcode', [clips.corrupt], { preset: '720p' });
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('FFMPEG_FAILED');
    expect(job.error?.message).toMatch(/Invalid data found when processing input/);
    expect(job.error?.message).not.toMatch(/\n\s+at /); // a sentence with stderr, not a stack trace
    expect(job.outputFileIds).toEqual([]);
    const failed = h.events.find((event) => event.name === 'video.failed' && event.data.id === job.id);
    expect(failed?.data).toMatchObject({
      ownerId: ALICE.userId,
      error: { code: 'FFMPEG_FAILED', message: job.error?.message },
    });
    expect(await listKeys(h.context.storage.root, 'videos')).toEqual(before);
    expect(await readdir(path.join(h.context.storage.root, '.tmp'))).toEqual([]);
  });

  it('reports job counts and ffmpeg time in its metrics', async () => {
    const text = await h.context.metrics.registry.metrics();
    const value = (name: string, labels: string) => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`${name}{`) && labels.split(',').every((label) => l.includes(label)));
      return line === undefined ? Number.NaN : Number(line.split(' ').at(-1));
    };
    expect(value('smh_video_jobs_total', 'operation="merge",status="completed"')).toBeGreaterThanOrEqual(3);
    expect(value('smh_video_jobs_total', 'operation="transcode",status="failed"')).toBe(1);
    expect(value('smh_ffmpeg_duration_seconds_count', 'operation="merge"')).toBeGreaterThanOrEqual(3);
    expect(value('smh_queue_jobs', 'queue="videos",state="completed"')).toBeGreaterThanOrEqual(10);
  });
});
