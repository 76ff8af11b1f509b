/**
 * What a job's failure means: the code and sentence users see, and whether a retry could help. Pure.
 * ffmpeg's own failures carry its last stderr lines in the message (never a stack trace).
 */
import { AppError } from '@smh/shared';
import { isFfmpegError } from '../ffmpeg/errors.js';

/** The output was produced but is not what the operation promised (wrong streams, implausible duration). */
export class OutputRejectedError extends Error {
  override name = 'OutputRejectedError';
}

/** An input cannot be used any more (deleted since the job was queued, or of the wrong kind). */
export class InputUnusableError extends Error {
  override name = 'InputUnusableError';
}

export interface JobFailure {
  code: string;
  message: string;
  /** False when the same attempt would fail again (bad media, bad options); true for outages. */
  retryable: boolean;
}

/**
 * Absolute server paths (the data directory, temporary files, the ffmpeg binary) in a message become their last
 * segment: users learn which file failed, never where the hub keeps it. `file:` URLs included.
 */
export function withoutServerPaths(message: string): string {
  return message.replace(
    /(?:file:(?:\/\/)?)?(?<![\w.~/-])\/(?:[^\s'"`()<>,;:|/]+\/)+([^\s'"`()<>,;:|/]*)/g,
    (_path, last: string) => last || '…',
  );
}

export function describeFailure(error: unknown): JobFailure {
  const failure = classifyFailure(error);
  return { ...failure, message: withoutServerPaths(failure.message) };
}

function classifyFailure(error: unknown): JobFailure {
  if (isFfmpegError(error)) {
    switch (error.code) {
      case 'NOT_FOUND':
        return { code: 'FFMPEG_UNAVAILABLE', message: error.message, retryable: true };
      case 'TIMEOUT':
        return { code: 'FFMPEG_TIMEOUT', message: error.message, retryable: false };
      case 'INVALID_OPTIONS':
        return { code: 'INVALID_INPUT', message: error.message, retryable: false };
      case 'NOT_MEDIA':
        return { code: 'NOT_MEDIA', message: error.message, retryable: false };
      default:
        return { code: 'FFMPEG_FAILED', message: error.message, retryable: false };
    }
  }
  if (error instanceof OutputRejectedError)
    return { code: 'OUTPUT_REJECTED', message: error.message, retryable: false };
  if (error instanceof InputUnusableError) return { code: 'INPUT_UNUSABLE', message: error.message, retryable: false };
  if (error instanceof AppError) {
    const retryable = error.status >= 500 || error.status === 429;
    return { code: retryable ? 'UPSTREAM_UNAVAILABLE' : error.code, message: error.message, retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message, retryable: true };
}
