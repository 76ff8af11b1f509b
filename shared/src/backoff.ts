/**
 * The one retry-delay rule of the hub: exponential growth from `baseMs`, capped at `maxMs`, optionally jittered,
 * and a server's Retry-After wins when it sent one. Pure (no I/O, no imports) so any package can use it.
 */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** Longest delay (before jitter); `Infinity` for none. */
  maxMs: number;
  /** Growth per attempt; 2 doubles. */
  factor?: number;
  /**
   * Share of the delay drawn at random, 0..1: the delay is spread over [(1 − jitter) × d, d] so that many
   * clients failing together do not all retry at the same moment. 0 (the default) keeps it exact.
   */
  jitter?: number;
  /**
   * Spread the jitter above the delay instead, over [d, (1 + jitter) × d]: for a wait that must never be shorter
   * than the policy says (Instagram's pushback).
   */
  jitterAbove?: boolean;
}

export interface BackoffOptions {
  /** What the server asked for (Retry-After, in ms): used as is instead of the computed delay. */
  retryAfterMs?: number | undefined;
  /** Source of randomness for the jitter (tests pass a fixed one). */
  random?: () => number;
}

/** Delay before retry number `attempt` (1 = the first retry): baseMs × factor^(attempt − 1), capped, jittered. */
export function retryDelay(policy: BackoffPolicy, attempt: number, options: BackoffOptions = {}): number {
  if (options.retryAfterMs !== undefined && Number.isFinite(options.retryAfterMs))
    return Math.max(0, Math.round(options.retryAfterMs));
  if (policy.baseMs <= 0) return 0;
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const capped = Math.min(policy.maxMs, policy.baseMs * (policy.factor ?? 2) ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0));
  if (jitter === 0) return Math.round(capped);
  const random = options.random ?? Math.random;
  if (policy.jitterAbove) return Math.round(capped * (1 + jitter * random()));
  return Math.round(capped * (1 - jitter + jitter * random()));
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
