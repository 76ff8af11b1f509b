/**
 * A database that is briefly away (restarting, failing over, "the database system is starting up") is not a reason
 * to fail the work that was writing to it: writes that record finished work are retried with backoff for a bounded
 * time, then the last error is thrown as before.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackoffPolicy, retryDelay } from '../backoff.js';

/** SQLSTATE classes and codes of a server that cannot serve now but may in a moment. */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
const TRANSIENT_MESSAGES =
  /connection terminated|connection (?:is )?closed|terminating connection|starting up|shutting down/i;

/** Whether `error` says the database could not be reached or could not serve for now (pg, PGlite or the socket). */
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  if (typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && TRANSIENT_MESSAGES.test(message);
}

export interface TransientRetryOptions {
  /** How long to keep trying after the first failure. */
  maxElapsedMs?: number;
  policy?: BackoffPolicy;
  signal?: AbortSignal;
  /** Which errors are worth waiting out; transient database errors by default. */
  isTransient?: (error: unknown) => boolean;
  /** Called before each wait (for a log line). */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/**
 * Whether `error` says a dependency is away for now: a transient database error here, or another service answering
 * 503 (it is restarting, or its own database is away).
 */
export function isTransientDependencyError(error: unknown): boolean {
  if (isTransientDatabaseError(error)) return true;
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 503;
}

/** Runs `write`, retrying it while it fails with a transient database error, for at most `maxElapsedMs`. */
export async function retryTransient<T>(write: () => Promise<T>, options: TransientRetryOptions = {}): Promise<T> {
  const { maxElapsedMs = 60_000, policy = { baseMs: 200, maxMs: 5_000, jitter: 0.2 }, signal } = options;
  const now = options.now ?? Date.now;
  const wait = options.wait ?? ((ms: number, abort?: AbortSignal) => sleep(ms, undefined, { signal: abort }));
  const started = now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!(options.isTransient ?? isTransientDatabaseError)(error) || signal?.aborted) throw error;
      const delay = retryDelay(policy, attempt);
      if (now() - started + delay > maxElapsedMs) throw error;
      options.onRetry?.(error, attempt, delay);
      await wait(delay, signal);
    }
  }
}
