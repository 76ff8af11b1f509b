/**
 * media.analyze through the queue: probe facts and a poster land in the catalog (PATCH /internal/files/:id),
 * idempotently; photos and audio get their facts (file-service makes photo thumbnails); unreadable media fails
 * for good. And /ready fails when no ffmpeg can be found.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PermanentJobError, type InternalFile, type JobContext } from '@smh/shared';
import { createFfmpegTools } from '../../services/video-service/src/adapters/ffmpeg-tools.js';
import { makeClip, makeCorruptFile, makePhoto } from '../../services/video-service/test/ffmpeg/fixtures.js';
import { ALICE, ffprobe, listKeys, startVideoHarness, type VideoHarness } from './video-harness.js';

let h: VideoHarness;
const media: Record<'video' | 'portrait' | 'photo' | 'audio' | 'corrupt', string> = {} as never;

beforeAll(async () => {
  h = await startVideoHarness();
  const at = (name: string) => path.join(h.workDir, name);
  const stereo = { sampleRate: 48_000, channels: 2 };
  [media.video, media.portrait, media.photo, media.corrupt] = await Promise.all([
    makeClip('ffmpeg', at('video.mp4'), { width: 1280, height: 720, fps: 30, durationSec: 3, audio: stereo }),
    makeClip('ffmpeg', at('portrait.mp4'), { width: 360, height: 640, fps: 30, durationSec: 2 }),
    makePhoto('ffmpeg', at('photo.jpg'), 640, 480),
    makeCorruptFile(at('corrupt.mp4')),
  ]);
  media.audio = at('audio.m4a');
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile(
      'ffmpeg',
      ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=4', '-c:a', 'aac', media.audio],
      (error) => (error ? reject(error) : resolve()),
    ),
  );
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function analyzed(file: InternalFile, until: (file: InternalFile) => boolean): Promise<InternalFile> {
  await h.context.queue.enqueue('media.analyze', { fileId: file.id }, { key: `media.analyze:${file.id}` });
  return vi.waitFor(
    async () => {
      const current = await h.getFile(file.id);
      if (!current || !until(current)) throw new Error(`file ${file.id} was not analysed: ${JSON.stringify(current)}`);
      return current;
    },
    { timeout: 30_000, interval: 50 },
  );
}

const jobContext = (): JobContext => ({
  jobId: 'direct',
  attempt: 1,
  maxAttempts: 3,
  signal: new AbortController().signal,
});

describe('media.analyze', () => {
  it('fills width, height, duration and a poster for a video, and does nothing more the second time', async () => {
    const file = await h.register(ALICE, media.video, { mime: 'video/mp4' });
    expect(file.width ?? null).toBeNull();
    const done = await analyzed(file, (f) => f.thumbnailKey != null);
    expect(done).toMatchObject({
      width: 1280,
      height: 720,
      hasThumbnail: true,
      thumbnailKey: `thumbnails/user-alice/${file.id}.poster.jpg`,
    });
    expect(done.duration).toBeCloseTo(3, 1);
    const poster = await ffprobe(await h.context.storage.localPath(done.thumbnailKey as string));
    expect(poster).toMatchObject({ streams: ['video'], width: 640, height: 360 });
    const probe = await h.context.db.query<{ probe: { formatName: string; hasAudio: boolean } }>(
      `SELECT probe FROM files.files WHERE id = $1`,
      [file.id],
    );
    expect(probe.rows[0]?.probe).toMatchObject({ hasAudio: true, formatName: expect.stringContaining('mp4') });

    const updates = () => h.events.filter((e) => e.name === 'file.updated' && e.data.id === file.id).length;
    const before = updates();
    await h.video.jobHandlers['media.analyze']!({ fileId: file.id }, jobContext());
    expect(updates()).toBe(before);
    expect(
      (await listKeys(h.context.storage.root, 'thumbnails/user-alice')).filter((key) => key.includes(file.id)),
    ).toEqual([done.thumbnailKey]);
  });

  it('re-makes a poster that went missing from storage', async () => {
    const file = await h.register(ALICE, media.portrait, { mime: 'video/mp4' });
    const first = await analyzed(file, (f) => f.thumbnailKey != null);
    expect(first).toMatchObject({ width: 360, height: 640 });
    await h.context.storage.remove(first.thumbnailKey as string);
    await h.video.jobHandlers['media.analyze']!({ fileId: file.id }, jobContext());
    const poster = await ffprobe(await h.context.storage.localPath(first.thumbnailKey as string));
    expect(poster).toMatchObject({ width: 360, height: 640 });
  });

  it('gives a photo its size and an audio file its duration, without posters', async () => {
    const photo = await analyzed(await h.register(ALICE, media.photo, { mime: 'image/jpeg' }), (f) => f.width != null);
    expect(photo).toMatchObject({ width: 640, height: 480, duration: null, thumbnailKey: null });
    const audio = await analyzed(
      await h.register(ALICE, media.audio, { mime: 'audio/mp4' }),
      (f) => f.duration != null,
    );
    expect(audio.duration).toBeCloseTo(4, 1);
    expect(audio).toMatchObject({ width: null, height: null, hasThumbnail: false });
  });

  it("fails for good on a file that is not media, with ffprobe's words; a deleted file is not an error", async () => {
    const corrupt = await h.register(ALICE, media.corrupt, { mime: 'video/mp4' });
    const run = h.video.jobHandlers['media.analyze']!({ fileId: corrupt.id }, jobContext());
    await expect(run).rejects.toBeInstanceOf(PermanentJobError);
    await expect(run).rejects.toThrow(
      /corrupt\.mp4 cannot be read as media: ffprobe exited with code 1: .*Invalid data found/s,
    );
    await expect(
      h.video.jobHandlers['media.analyze']!({ fileId: randomUUID() }, jobContext()),
    ).resolves.toBeUndefined();
  });
});

describe('/ready without ffmpeg', () => {
  it('fails readiness and says why', async () => {
    const broken = await startVideoHarness({
      work: false,
      tools: createFfmpegTools({ ffmpegPath: '/nonexistent/ffmpeg', ffprobePath: '/nonexistent/ffprobe' }),
    });
    try {
      const ready = await broken.video.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      const body = ready.json();
      expect(body.checks).toMatchObject({
        database: 'ok',
        queue: 'ok',
        ffmpeg: expect.stringMatching(/^down: .*\/nonexistent\/ffmpeg/),
      });
      expect(body.ffmpeg.error).toMatch(/\/nonexistent\/ffmpeg/);
    } finally {
      await broken.close();
    }
  });
});
