/**
 * ffmpeg/ffprobe on the hub's one process runner (`@smh/shared/process`): adds `-progress` parsing of stdout and
 * maps the runner's errors onto FfmpegError codes.
 */
import { isProcessError, runProcess as runSharedProcess, type ProcessErrorCode } from '@smh/shared/process/runner';
import { FfmpegError, type FfmpegErrorCode } from './errors.js';
import { createProgressParser, type ProgressListener } from './progress.js';

export { createLineTail, failureMessage, STDERR_TAIL_LINES } from '@smh/shared/process/runner';

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
  /** CPU niceness added to this process's own for the child (see the shared runner). */
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

const CODE_MAP: Record<ProcessErrorCode, FfmpegErrorCode> = {
  FAILED: 'FFMPEG_FAILED',
  TIMEOUT: 'TIMEOUT',
  CANCELED: 'CANCELED',
  NOT_FOUND: 'NOT_FOUND',
};

export async function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  const { onProgress, progressTotalSec, ...rest } = options;
  const progress = onProgress === undefined ? undefined : createProgressParser(progressTotalSec, onProgress);
  try {
    return await runSharedProcess({ ...rest, onStdout: progress === undefined ? undefined : (c) => progress.push(c) });
  } catch (error) {
    if (!isProcessError(error)) throw error;
    throw new FfmpegError(CODE_MAP[error.code], error.message, {
      exitCode: error.exitCode,
      stderrTail: error.stderrTail,
      cause: error.cause,
    });
  }
}
