/**
 * The one way the hub runs an external tool (ffmpeg, ffprobe, yt-dlp): a detached process group that is killed as a
 * whole (SIGTERM, then SIGKILL) on cancel or timeout, stdout delivered as chunks and/or whole lines (progress), and
 * the stderr tail kept for error messages.
 */
import { spawn } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { basename } from 'node:path';

export type ProcessErrorCode =
  | 'FAILED' // the process ran and failed (non-zero exit, killed by a foreign signal)
  | 'TIMEOUT' // we killed it because it ran longer than timeoutMs
  | 'CANCELED' // we killed it because the caller's AbortSignal fired
  | 'NOT_FOUND'; // the binary could not be started (missing, not executable)

export interface ProcessErrorDetails {
  exitCode?: number | null;
  stderrTail?: readonly string[];
  cause?: unknown;
}

export class ProcessError extends Error {
  override readonly name = 'ProcessError';
  readonly code: ProcessErrorCode;
  readonly exitCode: number | null;
  /** The last lines of stderr, oldest first. */
  readonly stderrTail: readonly string[];

  constructor(code: ProcessErrorCode, message: string, details: ProcessErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.exitCode = details.exitCode ?? null;
    this.stderrTail = details.stderrTail ?? [];
  }
}

export function isProcessError(value: unknown): value is ProcessError {
  return value instanceof ProcessError;
}

export interface RunProcessOptions {
  cmd: string;
  args: readonly string[];
  /** Kill the process (group) and reject with TIMEOUT after this long. */
  timeoutMs: number;
  /** Kill the process (group) and reject with CANCELED when this fires. */
  signal?: AbortSignal;
  /** Raw stdout text as it arrives (chunks split lines anywhere). */
  onStdout?: (chunk: string) => void;
  /** Each complete stdout line (LF, CRLF or CR terminated), without the terminator; empty lines skipped. */
  onStdoutLine?: (line: string) => void;
  /** Each complete stderr line. */
  onStderrLine?: (line: string) => void;
  /** Keep stdout in the result (default true; turn off for chatty tools whose output is only progress). */
  collectStdout?: boolean;
  cwd?: string;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /**
   * CPU niceness added to this process's own for the child (up to 19, the lowest), set right after it starts, before
   * ffmpeg creates its worker threads (they inherit it). Background work (media analysis) runs niced so it never
   * slows a job someone waits for.
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

/** Splits a text stream into lines across chunk boundaries; CR alone ends a line too (progress bars). */
export function createLineSplitter(onLine: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let partial = '';
  const emit = (line: string) => {
    const trimmed = line.replace(/\s+$/, '');
    if (trimmed.length > 0) onLine(trimmed);
  };
  return {
    push(chunk) {
      const parts = (partial + chunk).split(/\r?\n|\r/);
      partial = parts.pop() ?? '';
      if (partial.length > MAX_LINE_CHARS * 4) partial = partial.slice(-MAX_LINE_CHARS * 4);
      parts.forEach(emit);
    },
    flush() {
      emit(partial);
      partial = '';
    },
  };
}

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
  const { cmd, args, timeoutMs, signal } = options;
  const name = basename(cmd);
  if (signal?.aborted === true) {
    return Promise.reject(new ProcessError('CANCELED', `${name} was canceled before it started`));
  }

  return new Promise<RunProcessResult>((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collectStdout = options.collectStdout ?? true;
    const stdoutChunks: string[] = [];
    const stderrTail = createLineTail(STDERR_TAIL_LINES);
    const stdoutLines = options.onStdoutLine === undefined ? undefined : createLineSplitter(options.onStdoutLine);
    const stderrLines = options.onStderrLine === undefined ? undefined : createLineSplitter(options.onStderrLine);
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
      if (collectStdout) stdoutChunks.push(chunk);
      options.onStdout?.(chunk);
      stdoutLines?.push(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderrTail.push(chunk);
      stderrLines?.push(chunk);
    });

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
          new ProcessError(
            notFound ? 'NOT_FOUND' : 'FAILED',
            notFound
              ? `${name} could not be started (${error.code}): ${cmd}`
              : `${name} could not be started: ${error.message}`,
            { cause: error },
          ),
        ),
      );
    });
    child.once('close', (exitCode, exitSignal) => {
      stdoutLines?.flush();
      stderrLines?.flush();
      const tail = stderrTail.lines();
      settle(() => {
        if (stoppedBy === 'TIMEOUT') {
          reject(
            new ProcessError('TIMEOUT', `${name} took longer than ${timeoutMs} ms and was stopped`, {
              exitCode,
              stderrTail: tail,
            }),
          );
        } else if (stoppedBy === 'CANCELED') {
          reject(new ProcessError('CANCELED', `${name} was canceled`, { exitCode, stderrTail: tail }));
        } else if (exitCode !== 0) {
          const how = exitCode === null ? `was killed by ${exitSignal ?? 'a signal'}` : `exited with code ${exitCode}`;
          reject(new ProcessError('FAILED', failureMessage(cmd, how, tail), { exitCode, stderrTail: tail }));
        } else {
          resolve({ exitCode, stdout: stdoutChunks.join(''), stderrTail: tail });
        }
      });
    });
  });
}
