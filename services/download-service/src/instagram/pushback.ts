/**
 * How long to wait after Instagram pushes back (429, "Please wait a few minutes"): the shared backoff (exponential
 * per repeat, capped, jittered 0..20 % above); a Retry-After is honoured as given the first time and never
 * undercut on repeats (a storm of "Retry-After: 0" still backs off).
 */
import { retryDelay } from '@smh/shared/backoff';

export interface PushbackPolicy {
  initialMs: number;
  factor: number;
  /** Cap of one wait (Retry-After may ask for longer and is then honoured). */
  maxMs: number;
}

export const DEFAULT_PUSHBACK_POLICY: PushbackPolicy = { initialMs: 60_000, factor: 2, maxMs: 2 * 3_600_000 };

/**
 * @param streak how many pushbacks in a row, this one included (1 = the first)
 * @param retryAfterMs Instagram's Retry-After, when it sent one
 * @param random a uniform [0, 1) draw for the +0..20 % jitter
 */
export function pushbackDelayMs(
  streak: number,
  retryAfterMs: number | undefined,
  policy: PushbackPolicy,
  random: number,
): number {
  const jittered = retryDelay(
    { baseMs: policy.initialMs, factor: policy.factor, maxMs: policy.maxMs, jitter: 0.2, jitterAbove: true },
    streak,
    { random: () => random },
  );
  if (retryAfterMs === undefined) return jittered;
  return streak <= 1 ? retryAfterMs : Math.max(retryAfterMs, jittered);
}
