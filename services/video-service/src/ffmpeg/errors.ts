/**
 * The one error type of the FFmpeg layer. `message` is a human sentence (for a failed run it ends with the last
 * lines ffmpeg wrote on stderr), never a stack trace; callers map `code` onto job/HTTP errors.
 */
export type FfmpegErrorCode =
  | 'FFMPEG_FAILED' // the process ran and failed (non-zero exit, killed by a foreign signal, unreadable output)
  | 'TIMEOUT' // we killed it because it ran longer than timeoutMs
  | 'CANCELED' // we killed it because the caller's AbortSignal fired
  | 'NOT_FOUND' // the binary could not be started (missing, not executable)
  | 'INVALID_OPTIONS' // the caller's options/inputs cannot make a valid command
  | 'NOT_MEDIA'; // an input's bytes are not a supported image, video or audio file

export interface FfmpegErrorDetails {
  exitCode?: number | null;
  stderrTail?: readonly string[];
  cause?: unknown;
}

export class FfmpegError extends Error {
  override readonly name = 'FfmpegError';
  readonly code: FfmpegErrorCode;
  readonly exitCode: number | null;
  /** The last lines of stderr (up to ~30), oldest first. */
  readonly stderrTail: readonly string[];

  constructor(code: FfmpegErrorCode, message: string, details: FfmpegErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.exitCode = details.exitCode ?? null;
    this.stderrTail = details.stderrTail ?? [];
  }

  toJSON(): { code: FfmpegErrorCode; message: string; exitCode: number | null } {
    return { code: this.code, message: this.message, exitCode: this.exitCode };
  }
}

export function isFfmpegError(value: unknown): value is FfmpegError {
  return value instanceof FfmpegError;
}

export function invalidOptions(message: string): FfmpegError {
  return new FfmpegError('INVALID_OPTIONS', message);
}
