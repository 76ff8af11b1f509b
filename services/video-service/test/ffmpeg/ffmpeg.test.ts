/**
 * The facade against real ffmpeg/ffprobe on generated media; every output is checked with ffprobe.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpeg, type Ffmpeg } from '../../src/ffmpeg/ffmpeg.js';
import { FfmpegError } from '../../src/ffmpeg/errors.js';
import type { ProgressEvent } from '../../src/ffmpeg/progress.js';
import { resolveFfmpeg } from '../../src/ffmpeg/resolve.js';
import { runProcess } from '../../src/ffmpeg/runner.js';
import { makeClip, makeCorruptFile, makePhoto, makeTempDir } from './fixtures.js';

let ff: Ffmpeg;
let dir: string;
let cleanup: () => Promise<void>;
const clip = { a1: '', a2: '', wide: '', silent: '', photo: '', ten: '', big: '', corrupt: '' };
const out = (name: string) => join(dir, name);

beforeAll(async () => {
  const resolved = await resolveFfmpeg();
  ff = createFfmpeg({ paths: resolved.paths });
  ({ dir, cleanup } = await makeTempDir());
  const bin = resolved.paths.ffmpeg;
  const stereo48k = { sampleRate: 48_000, channels: 2 };
  [clip.a1, clip.a2, clip.wide, clip.silent, clip.photo, clip.ten, clip.big, clip.corrupt] = await Promise.all([
    makeClip(bin, out('a1.mp4'), {
      width: 320,
      height: 240,
      fps: 30,
      durationSec: 2,
      audio: stereo48k,
      gop: 15,
      source: 'testsrc',
    }),
    makeClip(bin, out("a2 it's.mp4"), { width: 320, height: 240, fps: 30, durationSec: 2, audio: stereo48k, gop: 15 }),
    makeClip(bin, out('wide.mp4'), {
      width: 640,
      height: 360,
      fps: 25,
      durationSec: 2,
      audio: { sampleRate: 44_100, channels: 1 },
    }),
    makeClip(bin, out('silent.mp4'), { width: 320, height: 240, fps: 30, durationSec: 2 }),
    makePhoto(bin, out('photo.jpg'), 400, 300),
    makeClip(bin, out('ten.mp4'), { width: 640, height: 360, fps: 25, durationSec: 10, audio: stereo48k }),
    makeClip(bin, out('big.mp4'), { width: 960, height: 540, fps: 25, durationSec: 1, audio: stereo48k }),
    makeCorruptFile(out('corrupt.mp4')),
  ]);
});

afterAll(async () => {
  await cleanup?.();
});

describe('probe', () => {
  it('reads streams, duration and keyframes of a real clip', async () => {
    const probe = await ff.probe(clip.a1, { keyframes: true });
    expect(probe.durationSec).toBeCloseTo(2, 1);
    expect(probe.video).toMatchObject({
      codec: 'h264',
      width: 320,
      height: 240,
      fps: 30,
      pixFmt: 'yuv420p',
      rotation: 0,
    });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48_000, channels: 2 });
    expect(probe.isImage).toBe(false);
    expect(probe.keyframes?.slice(0, 4)).toEqual([0, 0.5, 1, 1.5]);
  });

  it('detects a JPEG as a still picture', async () => {
    const probe = await ff.probe(clip.photo);
    expect(probe).toMatchObject({ isImage: true, hasAudio: false, durationSec: 0 });
    expect(probe.video).toMatchObject({ width: 400, height: 300 });
  });

  it("fails on a corrupt file with ffprobe's own error line, not a stack trace", async () => {
    const error = await ff.probe(clip.corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error).toMatchObject({ code: 'FFMPEG_FAILED', exitCode: 1 });
    expect((error as FfmpegError).message).toMatch(
      /^ffprobe exited with code 1: [\s\S]*Invalid data found when processing input/,
    );
    expect((error as FfmpegError).message).not.toMatch(/\n\s+at /);
  });
});

describe('merge', () => {
  it('joins compatible clips by stream copy; duration is the sum', async () => {
    const events: ProgressEvent[] = [];
    const result = await ff.merge(
      [clip.a1, clip.a2, clip.a1],
      out('copy.mp4'),
      {},
      { onProgress: (e) => events.push(e) },
    );
    expect(result.plan.mode).toBe('copy');
    expect(result.args).toContain('copy');
    const check = await ff.verifyOutput(out('copy.mp4'), {
      video: true,
      audio: true,
      durationSec: 6,
      durationToleranceSec: 0.1,
      width: 320,
      height: 240,
    });
    expect(check.problems).toEqual([]);
    expect(events.at(-1)).toMatchObject({ fraction: 1, done: true });
  });

  it('normalises mixed inputs (sizes, fps, missing audio, a photo) into one video of the target size', async () => {
    const inputs = [clip.a1, clip.wide, clip.silent, clip.photo];
    const result = await ff.merge(inputs, out('mixed.mp4'), { imageDurationSec: 1.5, encoderPreset: 'ultrafast' });
    expect(result.plan).toMatchObject({ mode: 'normalize', width: 640, height: 360, fps: 30 });
    expect(result.plan.reason).toBe('input 4 is a photo and must be encoded as a still segment');
    const check = await ff.verifyOutput(out('mixed.mp4'), {
      video: true,
      audio: true,
      durationSec: 7.5,
      durationToleranceSec: 0.25,
      width: 640,
      height: 360,
    });
    expect(check.problems).toEqual([]);
    expect(check.probe?.audio).toMatchObject({ codec: 'aac', sampleRate: 48_000, channels: 2 });
    expect(check.probe?.video).toMatchObject({ fps: 30, pixFmt: 'yuv420p' });
  });

  it('honours an explicit target size', async () => {
    const result = await ff.merge([clip.wide, clip.photo], out('sized.mp4'), {
      width: 320,
      height: 320,
      imageDurationSec: 1,
      encoderPreset: 'ultrafast',
    });
    expect(result.plan.mode).toBe('normalize');
    const check = await ff.verifyOutput(out('sized.mp4'), {
      video: true,
      audio: true,
      durationSec: 3,
      durationToleranceSec: 0.2,
      width: 320,
      height: 320,
    });
    expect(check.problems).toEqual([]);
  });
});

describe('transcode', () => {
  it('scales a larger source down to the 480p preset', async () => {
    const result = await ff.transcode(clip.big, out('big-480.mp4'), {
      preset: '480p',
      encoderPreset: 'ultrafast',
      crf: 30,
    });
    expect(result).toMatchObject({ width: 854, height: 480 });
    const check = await ff.verifyOutput(out('big-480.mp4'), {
      video: true,
      audio: true,
      durationSec: 1,
      width: 854,
      height: 480,
    });
    expect(check.problems).toEqual([]);
    expect(check.probe?.video?.codec).toBe('h264');
  });

  it('never upscales a smaller source', async () => {
    await ff.transcode(clip.wide, out('wide-480.mp4'), { preset: '480p', encoderPreset: 'ultrafast' });
    const check = await ff.verifyOutput(out('wide-480.mp4'), {
      video: true,
      audio: true,
      durationSec: 2,
      width: 640,
      height: 360,
    });
    expect(check.problems).toEqual([]);
  });

  it('reports monotonic progress that ends at exactly 1', async () => {
    const events: ProgressEvent[] = [];
    await ff.transcode(
      clip.ten,
      out('ten-progress.mp4'),
      { preset: '480p', encoderPreset: 'medium' },
      { onProgress: (e) => events.push(e) },
    );
    const fractions = events.map((e) => e.fraction);
    expect(fractions.length).toBeGreaterThanOrEqual(2);
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    for (const [i, f] of fractions.slice(1).entries()) expect(f).toBeGreaterThan(fractions[i] as number);
    expect(fractions.at(-1)).toBe(1);
    expect(events.filter((e) => e.done)).toHaveLength(1);
  });
});

describe('trim', () => {
  it('copies when the start is on a keyframe', async () => {
    const result = await ff.trim(clip.a1, out('trim-copy.mp4'), { startSec: 0.5, endSec: 1.5 });
    expect(result.plan.mode).toBe('copy');
    const check = await ff.verifyOutput(out('trim-copy.mp4'), {
      video: true,
      audio: true,
      durationSec: 1,
      durationToleranceSec: 0.1,
    });
    expect(check.problems).toEqual([]);
  });

  it('re-encodes when the start is between keyframes, with an exact duration', async () => {
    const result = await ff.trim(clip.a1, out('trim-encode.mp4'), {
      startSec: 0.7,
      endSec: 1.9,
      encoderPreset: 'ultrafast',
    });
    expect(result.plan).toMatchObject({ mode: 'reencode', durationSec: expect.closeTo(1.2, 5) });
    const check = await ff.verifyOutput(out('trim-encode.mp4'), {
      video: true,
      audio: true,
      durationSec: 1.2,
      durationToleranceSec: 0.1,
    });
    expect(check.problems).toEqual([]);
  });
});

describe('pictures and audio', () => {
  it('takes a poster frame of the source size, or of a requested width', async () => {
    await ff.poster(clip.wide, out('poster.jpg'), { atSec: 1 });
    expect((await ff.verifyOutput(out('poster.jpg'), { image: true, width: 640, height: 360 })).problems).toEqual([]);
    const small = await ff.poster(clip.wide, out('poster-small.jpg'), { atSec: 99, width: 320 });
    expect(small.atSec).toBeLessThan(2);
    expect((await ff.verifyOutput(out('poster-small.jpg'), { image: true, width: 320, height: 180 })).problems).toEqual(
      [],
    );
  });

  it('takes a poster of a photo (one frame: no seek), whatever time is asked', async () => {
    const result = await ff.poster(clip.photo, out('photo-poster.jpg'), { atSec: 1, width: 200 });
    expect(result.atSec).toBe(0);
    expect((await ff.verifyOutput(out('photo-poster.jpg'), { image: true, width: 200, height: 150 })).problems).toEqual(
      [],
    );
  });

  it('lays out a contact sheet whose size is the grid', async () => {
    const result = await ff.contactSheet(clip.ten, out('sheet.jpg'), { columns: 3, rows: 2, tileWidth: 160 });
    expect(result.layout).toMatchObject({ width: 480, height: 180, frameCount: 6 });
    expect((await ff.verifyOutput(out('sheet.jpg'), { image: true, width: 480, height: 180 })).problems).toEqual([]);
  });

  it('extracts AAC to m4a by copy and to mp3 by encoding; outputs have audio only', async () => {
    const m4a = await ff.extractAudio(clip.a1, out('audio.m4a'), { format: 'm4a' });
    expect(m4a.mode).toBe('copy');
    const m4aCheck = await ff.verifyOutput(out('audio.m4a'), {
      video: false,
      audio: true,
      durationSec: 2,
      durationToleranceSec: 0.1,
    });
    expect(m4aCheck.problems).toEqual([]);
    expect(m4aCheck.probe?.streams.map((s) => s.type)).toEqual(['audio']);

    const mp3 = await ff.extractAudio(clip.wide, out('audio.mp3'), { format: 'mp3' });
    expect(mp3.mode).toBe('encode');
    const mp3Check = await ff.verifyOutput(out('audio.mp3'), {
      video: false,
      audio: true,
      durationSec: 2,
      durationToleranceSec: 0.15,
    });
    expect(mp3Check.problems).toEqual([]);
    expect(mp3Check.probe?.audio?.codec).toBe('mp3');
  });

  it('refuses to extract audio from a clip without any', async () => {
    await expect(ff.extractAudio(clip.silent, out('none.m4a'))).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringContaining('no audio'),
    });
    expect(existsSync(out('none.m4a'))).toBe(false);
  });
});

describe('cancel and failures', () => {
  it('cancels a running encode: rejects with CANCELED and leaves no ffmpeg behind', async () => {
    const controller = new AbortController();
    let pid: number | undefined;
    const canceled = createFfmpeg({
      paths: ff.paths,
      runner: (options) => runProcess({ ...options, onSpawn: (p) => (pid = p) }),
    }).transcode(
      clip.ten,
      out('canceled.mp4'),
      { preset: '480p', encoderPreset: 'veryslow' },
      {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.fraction > 0) controller.abort();
        },
      },
    );
    const error = await canceled.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELED' });
    expect(pid).toBeTypeOf('number');
    expect(() => process.kill(pid as number, 0)).toThrow(/ESRCH/);
  });

  it("a corrupt input makes the operation fail with ffmpeg's error line", async () => {
    const error = await ff.transcode(clip.corrupt, out('never.mp4')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FFMPEG_FAILED' });
    expect((error as Error).message).toContain('Invalid data found when processing input');
  });

  it('verifyOutput names what is wrong with an output', async () => {
    const check = await ff.verifyOutput(out('audio.m4a'), { video: true, durationSec: 10 });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      expect.stringContaining('no video stream'),
      expect.stringContaining('duration is 2.0'),
    ]);
    expect((await ff.verifyOutput(out('missing.mp4'), {})).problems).toEqual([
      expect.stringContaining('does not exist'),
    ]);
    expect((await ff.verifyOutput(clip.corrupt, {})).problems).toEqual([expect.stringContaining('Invalid data')]);
  });
});
