/**
 * Issue 14, video job fixed cost: the analysis of a job's output (its probe and poster) is background work. The job
 * checks its MP4 output from the file's header, in its own process, and starts no ffprobe on it; the analysis runs
 * every ffmpeg/ffprobe niced, so it never takes CPU from a job someone waits for. The job itself runs at normal
 * priority.
 */
import { basename } from 'node:path';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { BACKGROUND_NICENESS, type FfmpegTools } from '../../services/video-service/src/adapters/ffmpeg-tools.js';
import { createFfmpeg, resolveFfmpeg } from '../../services/video-service/src/ffmpeg/index.js';
import { runProcess, type ProcessRunner } from '../../services/video-service/src/ffmpeg/runner.js';
import { makeClip } from '../../services/video-service/test/ffmpeg/fixtures.js';
import { ALICE, startVideoHarness, type VideoHarness } from './video-harness.js';

interface Run {
  tool: string;
  args: readonly string[];
  niceness: number | undefined;
}

let h: VideoHarness;
const runs: Run[] = [];
const clips: InternalFile[] = [];

beforeAll(async () => {
  const { paths } = await resolveFfmpeg();
  const recording: ProcessRunner = (options) => {
    runs.push({ tool: basename(options.cmd), args: options.args, niceness: options.niceness });
    return runProcess(options);
  };
  const tools: FfmpegTools = {
    get: async () => createFfmpeg({ paths, runner: recording }),
    background: async () => createFfmpeg({ paths, runner: recording, niceness: BACKGROUND_NICENESS }),
    info: async () => ({}),
  };
  h = await startVideoHarness({ tools });
  const spec = { width: 320, height: 240, fps: 25, durationSec: 1, audio: { sampleRate: 48_000, channels: 2 } };
  for (const name of ['one.mp4', 'two.mp4']) {
    const clip = await makeClip('ffmpeg', path.join(h.workDir, name), spec);
    clips.push(await h.register(ALICE, clip, { mime: 'video/mp4', duration: 1 }));
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a video job's output analysis", () => {
  it('runs niced after the job, which checks its output without ffprobe; the merge runs at normal priority', async () => {
    const response = await h.video.app.inject({
      method: 'POST',
      url: '/api/videos/jobs',
      headers: await h.as(ALICE),
      payload: { operation: 'merge', inputs: clips.map((clip) => clip.id) },
    });
    expect(response.statusCode).toBe(202);
    const job = await h.waitForJob((response.json() as { id: string }).id, ALICE);
    expect(job.status).toBe('completed');
    const outputId = job.outputFileIds[0] as string;
    const output = await vi.waitFor(
      async () => {
        const file = await h.getFile(outputId);
        if (file?.thumbnailKey == null) throw new Error('the output has no poster yet');
        return file;
      },
      { timeout: 30_000, interval: 50 },
    );
    const stored = await h.context.storage.localPath(output.storageKey);
    const touching = runs.filter((run) => run.args.some((arg) => arg.includes(stored)));

    // The poster: one ffmpeg that reads the output, niced like every other run on it.
    expect(touching.filter((run) => run.tool === 'ffmpeg')).toHaveLength(1);
    expect(touching.map((run) => run.niceness)).toEqual(touching.map(() => BACKGROUND_NICENESS));
    // The analysis's probe and the poster's own look at its input, both after the job and niced.
    expect(touching.filter((run) => run.tool === 'ffprobe')).toHaveLength(2);
    // On the job's path, ffprobe read only the inputs: the output was checked from its header.
    const inputPaths = await Promise.all(clips.map((clip) => h.context.storage.localPath(clip.storageKey)));
    const jobProbes = runs.filter((run) => run.tool === 'ffprobe' && run.niceness === undefined);
    for (const run of jobProbes)
      expect(inputPaths.some((input) => run.args.some((arg) => arg.includes(input)))).toBe(true);
    expect(output).toMatchObject({ width: 320, height: 240 });
    expect(output.duration).toBeCloseTo(2, 1);

    const merge = runs.find((run) => run.tool === 'ffmpeg' && run.args.includes('concat'));
    expect(merge).toBeDefined();
    expect(merge?.niceness).toBeUndefined();
  });
});
