/**
 * What users see never tells them where the hub keeps things (item 12): ffmpeg's failures, with its stderr lines,
 * lose every absolute server path before they become a job's error.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, withoutServerPaths } from '../../services/video-service/src/domain/job-failure.js';
import { resolveFfmpeg } from '../../services/video-service/src/ffmpeg/resolve.js';
import { runProcess } from '../../services/video-service/src/ffmpeg/runner.js';

let dir: string;
let ffmpeg: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-secret-data-dir-'));
  await fs.mkdir(path.join(dir, 'media', 'user-1'), { recursive: true });
  ffmpeg = (await resolveFfmpeg()).paths.ffmpeg;
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function failureOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeDefined();
  return describeFailure(error).message;
}

describe('ffmpeg failures shown to users carry no server paths', () => {
  it('real ffmpeg on a corrupt input: the message names the file, not its directory', async () => {
    const input = path.join(dir, 'media', 'user-1', 'clip.mp4');
    await fs.writeFile(input, 'this is not a video');
    const output = path.join(dir, 'media', 'user-1', 'out.mp4');
    const message = await failureOf(
      runProcess({ cmd: ffmpeg, args: ['-hide_banner', '-i', input, '-y', output], timeoutMs: 30_000 }),
    );
    expect(message).toContain('clip.mp4');
    expect(message).not.toContain(dir);
    expect(message).not.toContain(os.tmpdir());
    expect(message).not.toMatch(/smh-secret-data-dir/);
    expect(message).not.toContain(path.dirname(ffmpeg));
  });

  it('real ffmpeg writing into a missing directory', async () => {
    const input = path.join(dir, 'tone.wav');
    await runProcess({
      cmd: ffmpeg,
      args: ['-hide_banner', '-f', 'lavfi', '-i', 'sine=duration=0.2', '-y', input],
      timeoutMs: 30_000,
    });
    const message = await failureOf(
      runProcess({
        cmd: ffmpeg,
        args: ['-hide_banner', '-i', input, '-y', path.join(dir, 'no', 'such', 'out.mp3')],
        timeoutMs: 30_000,
      }),
    );
    expect(message).not.toContain(dir);
    expect(message).toContain('out.mp3');
  });

  it('a binary that cannot be started: no install path', async () => {
    const message = await failureOf(
      runProcess({ cmd: '/opt/hub-secret/bin/ffmpeg', args: ['-version'], timeoutMs: 5000 }),
    );
    expect(message).not.toContain('/opt/hub-secret');
    expect(message).toContain('ffmpeg');
  });

  it.each([
    ['/var/lib/smh/media/ab/cd.mp4: Invalid data found', 'cd.mp4: Invalid data found'],
    ["Error opening input file '/tmp/x/y z.mp4'.", "Error opening input file 'y z.mp4'."],
    ['file:/data/media/a.mp4: Permission denied', 'a.mp4: Permission denied'],
    ['concat:/a/b.mp4|/a/c.mp4 failed', 'concat:b.mp4|c.mp4 failed'],
    [
      'Conversion failed! (exit code 1, ratio 1/2, https://example.com/a/b)',
      'Conversion failed! (exit code 1, ratio 1/2, https://example.com/a/b)',
    ],
  ])('%j → %j', (input, expected) => {
    expect(withoutServerPaths(input)).toBe(expected);
  });
});
