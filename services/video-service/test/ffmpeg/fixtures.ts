/**
 * Real media made with lavfi sources, once per test file, in a temp dir that `cleanup()` removes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClipSpec {
  width: number;
  height: number;
  fps: number;
  durationSec: number;
  /** Audio sample rate and channels; undefined for a clip without audio. */
  audio?: { sampleRate: number; channels: number };
  /** Keyframe interval in frames. */
  gop?: number;
  source?: 'testsrc' | 'testsrc2';
}

export async function makeTempDir(prefix = 'smh-ffmpeg-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function makeClip(ffmpeg: string, path: string, spec: ClipSpec): Promise<string> {
  const { width, height, fps, durationSec, audio } = spec;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `${spec.source ?? 'testsrc2'}=size=${width}x${height}:rate=${fps}:duration=${durationSec}`,
    ...(audio === undefined
      ? []
      : ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${audio.sampleRate}:duration=${durationSec}`]),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(spec.gop ?? 250),
    ...(audio === undefined ? [] : ['-c:a', 'aac', '-ac', String(audio.channels), '-ar', String(audio.sampleRate)]),
    path,
  ];
  await run(ffmpeg, args);
  return path;
}

export async function makePhoto(ffmpeg: string, path: string, width: number, height: number): Promise<string> {
  await run(ffmpeg, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${width}x${height}:rate=1`,
    '-frames:v',
    '1',
    path,
  ]);
  return path;
}

export async function makeCorruptFile(path: string): Promise<string> {
  const garbage = Buffer.alloc(64 * 1024);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
  // Starts like an MP4 (so it is sniffed as media and reaches ffmpeg), then noise.
  Buffer.from('000000186674797069736f6d0000020069736f6d61766331', 'hex').copy(garbage);
  await writeFile(path, garbage);
  return path;
}

/** True while a process (or, with a negative id, a process group) exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
