/**
 * The one way this service runs ffmpeg/ffprobe: a detached process group that is killed as a whole (SIGTERM, then
 * SIGKILL) on cancel or timeout, with the stderr tail kept for error messages and `-progress` parsed from stdout.
 */
import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { basename } from 'node:path';
import { FfmpegError } from './errors.js';
import { createProgressParser, type ProgressListener } from './progress.js';

export interface RunProcessOptions {
  cmd: string;
  args: readonly string[];
  /** Kill the process (group) and reject with TIMEOUT after this long. */
  timeoutMs: number;
  /** Kill the process (group) and reject with CANCELED when this fires. */
  signal?: AbortSignal;
  /** Receives progress parsed from `-progress pipe:1` on stdout. */
  onProgress?: ProgressListener;
  /** The media duration the command will write, to turn `out_time` into a fraction. */
  progressTotalSec?: number;
  cwd?: string;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /**
   * CPU niceness added to this process's own for the child (up to 19, the lowest), set right after it starts, before
   * ffmpeg creates its worker threads (they inherit it). Background work (media analysis) runs niced so it never slows a job someone waits for.
   */
  niceness?: number;
  /** Called with the pid right after spawning (tests, diagnostics). */
  onSpawn?: (pid: number) => void;
}

export interface RunProcessResult {
  exitCode: number;
  stdout: string;
  /** The last stderr lines, oldest first. */
  stderrTail: string[];
}

export type ProcessRunner = (options: RunProcessOptions) => Promise<RunProcessResult>;

export const STDERR_TAIL_LINES = 30;
const MAX_LINE_CHARS = 2000;
/** How many of the tail lines go into an error message. */
const MESSAGE_LINES = 6;

/** Keeps the last `limit` lines of a text stream. */
export function createLineTail(limit: number): { push(chunk: string): void; lines(): string[] } {
  const lines: string[] = [];
  let partial = '';
  const add = (line: string) => {
    const trimmed = line.replace(/\s+$/, '');
    if (trimmed.length === 0) return;
    lines.push(trimmed.length > MAX_LINE_CHARS ? `${trimmed.slice(0, MAX_LINE_CHARS)}…` : trimmed);
    if (lines.length > limit) lines.shift();
  };
  return {
    push(chunk) {
      const parts = (partial + chunk).split(/\r?\n|\r/);
      partial = parts.pop() ?? '';
      if (partial.length > MAX_LINE_CHARS * 4) partial = partial.slice(-MAX_LINE_CHARS * 4);
      parts.forEach(add);
    },
    lines() {
      return partial.length > 0 ? [...lines, partial].slice(-limit) : [...lines];
    },
  };
}

/** "ffmpeg exited with code 1: <last stderr lines>". */
export function failureMessage(cmd: string, how: string, stderrTail: readonly string[]): string {
  const lastLines = stderrTail.slice(-MESSAGE_LINES).join('\n');
  return lastLines.length > 0 ? `${basename(cmd)} ${how}: ${lastLines}` : `${basename(cmd)} ${how} (no error output)`;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

export function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  const { cmd, args, timeoutMs, signal, onProgress } = options;
  const name = basename(cmd);
  if (signal?.aborted === true) {
    return Promise.reject(new FfmpegError('CANCELED', `${name} was canceled before it started`));
  }

  return new Promise<RunProcessResult>((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdoutChunks: string[] = [];
    const stderrTail = createLineTail(STDERR_TAIL_LINES);
    const progress = onProgress === undefined ? undefined : createProgressParser(options.progressTotalSec, onProgress);
    let stoppedBy: 'TIMEOUT' | 'CANCELED' | null = null;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const cleanup = () => {
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    };
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      cleanup();
      outcome();
    };
    const stop = (reason: 'TIMEOUT' | 'CANCELED') => {
      // Nothing to stop once it has exited by itself (an abort between 'exit' and 'close' must not turn success into CANCELED).
      if (
        stoppedBy !== null ||
        settled ||
        child.pid === undefined ||
        child.exitCode !== null ||
        child.signalCode !== null
      )
        return;
      stoppedBy = reason;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), options.killGraceMs ?? 2000);
    };
    const onAbort = () => stop('CANCELED');
    const timeoutTimer = setTimeout(() => stop('TIMEOUT'), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdoutChunks.push(chunk);
      progress?.push(chunk);
    });
    child.stderr.on('data', (chunk: string) => stderrTail.push(chunk));

    child.once('spawn', () => {
      if (child.pid === undefined) return;
      if (options.niceness !== undefined && options.niceness !== 0) {
        try {
          setPriority(child.pid, Math.min(19, getPriority() + options.niceness));
        } catch {
          // Not allowed here (a container without the capability to renice): it runs at normal priority.
        }
      }
      options.onSpawn?.(child.pid);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT' || error.code === 'EACCES';
      settle(() =>
        reject(
          new FfmpegError(
            notFound ? 'NOT_FOUND' : 'FFMPEG_FAILED',
            notFound
              ? `${name} could not be started (${error.code}): ${cmd}`
              : `${name} could not be started: ${error.message}`,
            { cause: error },
          ),
        ),
      );
    });
    child.once('close', (exitCode, exitSignal) => {
      const tail = stderrTail.lines();
      settle(() => {
        if (stoppedBy === 'TIMEOUT') {
          reject(
            new FfmpegError('TIMEOUT', `${name} took longer than ${timeoutMs} ms and was stopped`, {
              exitCode,
              stderrTail: tail,
            }),
          );
        } else if (stoppedBy === 'CANCELED') {
          reject(new FfmpegError('CANCELED', `${name} was canceled`, { exitCode, stderrTail: tail }));
        } else if (exitCode !== 0) {
          const how = exitCode === null ? `was killed by ${exitSignal ?? 'a signal'}` : `exited with code ${exitCode}`;
          reject(new FfmpegError('FFMPEG_FAILED', failureMessage(cmd, how, tail), { exitCode, stderrTail: tail }));
        } else {
          resolve({ exitCode, stdout: stdoutChunks.join(''), stderrTail: tail });
        }
      });
    });
  });
}
