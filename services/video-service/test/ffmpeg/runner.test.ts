/**
 * The process runner with real processes: exit codes, stderr tail, progress, timeout, cancel of a whole group.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FfmpegError } from '../../src/ffmpeg/errors.js';
import type { ProgressEvent } from '../../src/ffmpeg/progress.js';
import { resolveFfmpeg } from '../../src/ffmpeg/resolve.js';
import { createLineTail, runProcess, STDERR_TAIL_LINES } from '../../src/ffmpeg/runner.js';
import { makeTempDir, processExists } from './fixtures.js';

let ffmpeg: string;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ffmpeg = (await resolveFfmpeg()).paths.ffmpeg;
  ({ dir, cleanup } = await makeTempDir('smh-runner-test-'));
});
afterAll(async () => {
  await cleanup?.();
});

const endlessFfmpeg = () => [
  '-hide_banner',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc=size=160x120:rate=25',
  '-progress',
  'pipe:1',
  '-nostats',
  '-f',
  'null',
  '-',
];

const fileText = (file: string) => readFile(file, 'utf8').catch(() => '');

describe('runProcess', () => {
  it('returns stdout and exit code 0 for a successful command', async () => {
    const result = await runProcess({ cmd: '/bin/sh', args: ['-c', 'echo hello; echo warn >&2'], timeoutMs: 5000 });
    expect(result).toEqual({ exitCode: 0, stdout: 'hello\n', stderrTail: ['warn'] });
  });

  it('rejects a non-zero exit with FFMPEG_FAILED, the exit code and the last stderr lines in the message', async () => {
    const script = 'for i in $(seq 1 50); do echo "line $i" >&2; done; exit 3';
    const error = (await runProcess({ cmd: '/bin/sh', args: ['-c', script], timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    )) as FfmpegError;
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error.code).toBe('FFMPEG_FAILED');
    expect(error.exitCode).toBe(3);
    expect(error.stderrTail).toHaveLength(STDERR_TAIL_LINES);
    expect(error.stderrTail.at(0)).toBe('line 21');
    expect(error.stderrTail.at(-1)).toBe('line 50');
    expect(error.message).toMatch(/^sh exited with code 3: line 45\n[\s\S]*line 50$/);
  });

  it('rejects with NOT_FOUND when the binary does not exist', async () => {
    await expect(runProcess({ cmd: join(dir, 'no-such-ffmpeg'), args: [], timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no-such-ffmpeg'),
    });
  });

  it('times out: kills ffmpeg and rejects with TIMEOUT', async () => {
    let pid = 0;
    const error = await runProcess({
      cmd: ffmpeg,
      args: endlessFfmpeg(),
      timeoutMs: 700,
      onSpawn: (p) => (pid = p),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('700 ms') });
    expect(processExists(pid)).toBe(false);
  });

  it('cancels: kills the whole process group, grandchildren included', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const controller = new AbortController();
    let pid = 0;
    const run = runProcess({
      cmd: '/bin/sh',
      args: ['-c', `sleep 300 & echo $! > '${pidFile}'; wait`],
      timeoutMs: 30_000,
      signal: controller.signal,
      onSpawn: (p) => (pid = p),
    });
    await vi.waitFor(async () => expect((await fileText(pidFile)).trim()).not.toBe(''), { timeout: 10_000 });
    const grandchild = Number((await fileText(pidFile)).trim());
    expect(processExists(grandchild)).toBe(true);
    controller.abort();
    // A surviving grandchild would hold the pipes open for its 300 s sleep: the run would not settle in the test's time.
    await expect(run).rejects.toMatchObject({ code: 'CANCELED' });
    expect(processExists(pid)).toBe(false);
    await vi.waitFor(() => expect(processExists(grandchild)).toBe(false), { timeout: 5000 });
    expect(processExists(-pid)).toBe(false);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const controller = new AbortController();
    const marks = join(dir, 'sigterm-marks');
    let pid = 0;
    // The shell notes that it got SIGTERM and carries on: only the SIGKILL that follows can end it.
    const run = runProcess({
      cmd: '/bin/sh',
      args: ['-c', `trap "echo term >> '${marks}'" TERM; echo ready >> '${marks}'; while true; do sleep 0.05; done`],
      timeoutMs: 30_000,
      killGraceMs: 1000,
      signal: controller.signal,
      onSpawn: (p) => (pid = p),
    });
    await vi.waitFor(async () => expect(await fileText(marks)).toContain('ready'), { timeout: 10_000 });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELED' });
    expect(await fileText(marks)).toContain('term');
    expect(processExists(pid)).toBe(false);
  });

  it('runs the process at the niceness asked for (background work), and at normal priority otherwise', async () => {
    const nicenessOf = (pid: number) =>
      Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    const seen: number[] = [];
    for (const niceness of [undefined, 10]) {
      const controller = new AbortController();
      const run = runProcess({
        cmd: '/bin/sh',
        args: ['-c', 'sleep 30'],
        timeoutMs: 60_000,
        signal: controller.signal,
        ...(niceness === undefined ? {} : { niceness }),
        onSpawn: (pid) => {
          seen.push(nicenessOf(pid));
          controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELED' });
    }
    const own = nicenessOf(process.pid);
    expect(seen).toEqual([own, Math.min(19, own + 10)]);
  });

  it('rejects at once with CANCELED when the signal is already aborted', async () => {
    let spawned = false;
    const error = await runProcess({
      cmd: ffmpeg,
      args: ['-version'],
      timeoutMs: 5000,
      signal: AbortSignal.abort(),
      onSpawn: () => (spawned = true),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELED' });
    expect(spawned).toBe(false);
  });

  it('parses real ffmpeg progress into a monotonic fraction that ends at 1', async () => {
    const events: ProgressEvent[] = [];
    const args = [
      '-hide_banner',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=160x120:rate=25:duration=1.6',
      '-progress',
      'pipe:1',
      '-nostats',
      '-f',
      'null',
      '-',
    ];
    const result = await runProcess({
      cmd: ffmpeg,
      args,
      timeoutMs: 10_000,
      progressTotalSec: 1.6,
      onProgress: (e) => events.push(e),
    });
    expect(result.stdout).toContain('progress=end');
    const fractions = events.map((e) => e.fraction);
    expect(fractions.length).toBeGreaterThanOrEqual(3);
    for (const [i, f] of fractions.slice(1).entries()) expect(f).toBeGreaterThan(fractions[i] as number);
    expect(fractions.slice(0, -1).every((f) => f < 1)).toBe(true);
    expect(events.at(-1)).toMatchObject({ fraction: 1, done: true });
    expect(events.at(-1)?.outTimeSec).toBeCloseTo(1.6, 1);
  });
});

describe('createLineTail', () => {
  it('keeps the last lines across chunk boundaries, CR-separated lines included', () => {
    const tail = createLineTail(3);
    tail.push('one\ntw');
    tail.push('o\r\nthree\rfour\nfi');
    expect(tail.lines()).toEqual(['three', 'four', 'fi']);
  });
});
