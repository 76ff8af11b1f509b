/**
 * The hub's one process runner with real processes: lines, environment, error codes, timeout and cancel of a whole
 * process group (grandchildren included).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLineSplitter, ProcessError, runProcess, STDERR_TAIL_LINES } from '../src/process/runner.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smh-process-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
const fileText = (file: string) => readFile(file, 'utf8').catch(() => '');

describe('runProcess', () => {
  it('delivers stdout as whole lines (LF, CRLF and CR endings) and stderr lines, and keeps stdout', async () => {
    const stdoutLines: string[] = [];
    const stderrLines: string[] = [];
    const result = await runProcess({
      cmd: '/bin/sh',
      args: ['-c', `printf 'a\\nb\\r\\nc\\rpartial'; printf 'e1\\ne2' >&2`],
      timeoutMs: 5000,
      onStdoutLine: (l) => stdoutLines.push(l),
      onStderrLine: (l) => stderrLines.push(l),
    });
    expect(stdoutLines).toEqual(['a', 'b', 'c', 'partial']);
    expect(stderrLines).toEqual(['e1', 'e2']);
    expect(result).toEqual({ exitCode: 0, stdout: 'a\nb\r\nc\rpartial', stderrTail: ['e1', 'e2'] });
  });

  it('does not keep stdout when told not to, but still hands out its lines', async () => {
    const lines: string[] = [];
    const result = await runProcess({
      cmd: '/bin/sh',
      args: ['-c', 'echo one; echo two'],
      timeoutMs: 5000,
      collectStdout: false,
      onStdoutLine: (l) => lines.push(l),
    });
    expect(result.stdout).toBe('');
    expect(lines).toEqual(['one', 'two']);
  });

  it('gives the child exactly the environment it is passed', async () => {
    const result = await runProcess({
      cmd: '/bin/sh',
      args: ['-c', 'echo "$SMH_PROBE:${HOME:-unset}"'],
      timeoutMs: 5000,
      env: { SMH_PROBE: 'yes', PATH: process.env.PATH },
    });
    expect(result.stdout).toBe('yes:unset\n');
  });

  it('rejects a non-zero exit with FAILED, the exit code and the stderr tail', async () => {
    const script = 'for i in $(seq 1 50); do echo "line $i" >&2; done; exit 3';
    const error = (await runProcess({ cmd: '/bin/sh', args: ['-c', script], timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    )) as ProcessError;
    expect(error).toBeInstanceOf(ProcessError);
    expect(error.code).toBe('FAILED');
    expect(error.exitCode).toBe(3);
    expect(error.stderrTail).toHaveLength(STDERR_TAIL_LINES);
    expect(error.stderrTail.at(-1)).toBe('line 50');
    expect(error.message).toMatch(/^sh exited with code 3: line 45\n[\s\S]*line 50$/);
  });

  it('rejects with NOT_FOUND for a missing binary', async () => {
    await expect(runProcess({ cmd: join(dir, 'no-such-tool'), args: [], timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('no-such-tool'),
    });
  });

  it('times out: kills the process and rejects with TIMEOUT', async () => {
    let pid = 0;
    const error = await runProcess({
      cmd: '/bin/sh',
      args: ['-c', 'while true; do sleep 0.05; done'],
      timeoutMs: 300,
      onSpawn: (p) => (pid = p),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('300 ms') });
    expect(processExists(pid)).toBe(false);
  });

  it('cancel kills the whole process group, grandchildren included', async () => {
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
    await expect(run).rejects.toMatchObject({ code: 'CANCELED' });
    await vi.waitFor(() => expect(processExists(grandchild)).toBe(false), { timeout: 5000 });
    expect(processExists(-pid)).toBe(false);
  });

  it('rejects at once with CANCELED when the signal is already aborted, without spawning', async () => {
    let spawned = false;
    const error = await runProcess({
      cmd: '/bin/true',
      args: [],
      timeoutMs: 5000,
      signal: AbortSignal.abort(),
      onSpawn: () => (spawned = true),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CANCELED' });
    expect(spawned).toBe(false);
  });
});

describe('createLineSplitter', () => {
  it('joins lines split across chunks and emits the unterminated rest on flush', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((l) => lines.push(l));
    splitter.push('{"a":');
    splitter.push('1}\n\n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    splitter.push(':2}');
    splitter.flush();
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
});
