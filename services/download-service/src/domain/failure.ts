/** The classified failure a download ends with: a stable code, a human message, and whether a retry may help. */
import { InstagramError } from '../instagram/errors.js';

export interface FailureInfo {
  code: string;
  message: string;
  retryable: boolean;
}

export class DownloadFailure extends Error implements FailureInfo {
  override readonly name = 'DownloadFailure';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toInfo(): FailureInfo {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Instagram codes that end the whole download at once: retrying makes them worse or cannot help. */
export const ABORTING_INSTAGRAM_CODES = new Set([
  'LOGIN_REQUIRED',
  'SESSION_INVALID',
  'CHECKPOINT_REQUIRED',
  'CHALLENGE_REQUIRED',
  'FEEDBACK_REQUIRED',
  'PRIVATE_PROFILE',
  'NOT_FOUND',
  'STALE_QUERY_ID',
  'RATE_LIMITED',
]);

/** Codes that mean the linked session stopped working (reported to account-service). */
export function sessionStatusFor(code: string): 'expired' | 'unverified' | undefined {
  if (code === 'LOGIN_REQUIRED' || code === 'SESSION_INVALID') return 'expired';
  if (code === 'CHECKPOINT_REQUIRED' || code === 'CHALLENGE_REQUIRED') return 'unverified';
  return undefined;
}

export function toFailure(error: unknown): DownloadFailure {
  if (error instanceof DownloadFailure) return error;
  if (error instanceof InstagramError)
    return new DownloadFailure(error.code, error.message, error.retryable, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new DownloadFailure('INTERNAL_ERROR', `Unexpected error: ${message}`, true, { cause: error });
}
