/**
 * Per-endpoint-family request budgets, in the spirit of instaloader's RateController:
 * sliding windows (N requests per window per family), polite pacing between any two requests of one
 * account (`minIntervalMs`, jittered; 0 disables pacing only) and a per-family backoff after rate limits.
 */
import { DEFAULT_PUSHBACK_POLICY, type PushbackPolicy, pushbackDelayMs } from './pushback.js';
import type { EndpointFamily } from './requests.js';
import type { Clock } from './transport.js';

export interface RateWindow {
  limit: number;
  windowMs: number;
  /** Extra wait after the window frees up (instaloader adds 6 s / 18 s). */
  extraWaitMs?: number;
}

export type RateWindows = Record<EndpointFamily, readonly RateWindow[]>;

const MINUTE = 60_000;
export const DEFAULT_RATE_WINDOWS: RateWindows = {
  graphql: [
    { limit: 200, windowMs: 11 * MINUTE, extraWaitMs: 6_000 },
    { limit: 275, windowMs: 10 * MINUTE },
  ],
  api_v1: [{ limit: 200, windowMs: 11 * MINUTE, extraWaitMs: 6_000 }],
  iphone: [
    { limit: 200, windowMs: 11 * MINUTE, extraWaitMs: 6_000 },
    { limit: 199, windowMs: 30 * MINUTE, extraWaitMs: 18_000 },
  ],
  other: [{ limit: 75, windowMs: 11 * MINUTE, extraWaitMs: 6_000 }],
};
export const DEFAULT_MIN_INTERVAL_MS = 1_000;

export type BackoffPolicy = PushbackPolicy;
export const DEFAULT_RATE_LIMIT_BACKOFF: BackoffPolicy = DEFAULT_PUSHBACK_POLICY;

export interface RateControllerOptions {
  clock: Clock;
  windows?: Partial<RateWindows>;
  /** Least time between two requests; 0 disables pacing (windows and backoff still apply). */
  minIntervalMs?: number;
  /** Pacing interval is drawn from [min, min × (1 + jitterRatio)]. */
  jitterRatio?: number;
  rateLimitBackoff?: BackoffPolicy;
  /** Uniform [0, 1) source; injectable so tests are deterministic. */
  random?: () => number;
}

interface FamilyState {
  timestamps: number[];
  blockedUntil: number;
  rateLimitStreak: number;
}

export class RateController {
  private readonly clock: Clock;
  private readonly windows: RateWindows;
  private readonly minIntervalMs: number;
  private readonly jitterRatio: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly families = new Map<EndpointFamily, FamilyState>();
  private readonly horizonMs: number;
  private nextPacedAt = 0;

  constructor(options: RateControllerOptions) {
    this.clock = options.clock;
    this.windows = { ...DEFAULT_RATE_WINDOWS, ...options.windows };
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    if (!(this.minIntervalMs >= 0)) throw new Error(`minIntervalMs must be >= 0, got ${this.minIntervalMs}`);
    this.jitterRatio = options.jitterRatio ?? 0.5;
    this.backoff = options.rateLimitBackoff ?? DEFAULT_RATE_LIMIT_BACKOFF;
    this.random = options.random ?? Math.random;
    for (const [family, windows] of Object.entries(this.windows)) {
      for (const window of windows) {
        if (!(window.limit >= 1) || !(window.windowMs > 0)) {
          throw new Error(`Invalid rate window for "${family}": limit must be >= 1 and windowMs > 0`);
        }
      }
    }
    this.horizonMs = Math.max(
      ...Object.values(this.windows)
        .flat()
        .map((w) => w.windowMs + (w.extraWaitMs ?? 0)),
    );
  }

  private state(family: EndpointFamily): FamilyState {
    let state = this.families.get(family);
    if (!state) {
      state = { timestamps: [], blockedUntil: 0, rateLimitStreak: 0 };
      this.families.set(family, state);
    }
    return state;
  }

  /** Milliseconds until a request of `family` may be sent (0 = now). Does not reserve anything. */
  waitTimeMs(family: EndpointFamily): number {
    const now = this.clock.now();
    const state = this.state(family);
    state.timestamps = state.timestamps.filter((t) => t > now - this.horizonMs);
    let readyAt = Math.max(state.blockedUntil, this.nextPacedAt);
    for (const window of this.windows[family]) {
      const inWindow = state.timestamps.filter((t) => t > now - window.windowMs);
      if (inWindow.length >= window.limit) {
        const oldestToExpire = inWindow[inWindow.length - window.limit] ?? now;
        readyAt = Math.max(readyAt, oldestToExpire + window.windowMs + (window.extraWaitMs ?? 0));
      }
    }
    return Math.max(0, readyAt - now);
  }

  /** Waits until the budget of `family` allows one more request, then records it. */
  async acquire(family: EndpointFamily, signal?: AbortSignal): Promise<void> {
    for (let wait = this.waitTimeMs(family); wait > 0; wait = this.waitTimeMs(family)) {
      await this.clock.sleep(wait, signal);
    }
    const now = this.clock.now();
    this.state(family).timestamps.push(now);
    if (this.minIntervalMs > 0) {
      this.nextPacedAt = now + Math.round(this.minIntervalMs * (1 + this.jitterRatio * this.random()));
    }
  }

  /** Records a rate-limit answer; returns how long `family` is now blocked. Honours Retry-After when given. */
  noteRateLimited(family: EndpointFamily, retryAfterMs?: number): number {
    const state = this.state(family);
    state.rateLimitStreak += 1;
    const delay = pushbackDelayMs(state.rateLimitStreak, retryAfterMs, this.backoff, this.random());
    state.blockedUntil = Math.max(state.blockedUntil, this.clock.now() + delay);
    return delay;
  }

  noteSuccess(family: EndpointFamily): void {
    this.state(family).rateLimitStreak = 0;
  }

  /** Requests recorded in the last `windowMs` per family (for logs and "too many queries" notices). */
  recentCounts(windowMs: number): Record<EndpointFamily, number> {
    const since = this.clock.now() - windowMs;
    const counts = { graphql: 0, api_v1: 0, iphone: 0, other: 0 };
    for (const [family, state] of this.families) counts[family] = state.timestamps.filter((t) => t > since).length;
    return counts;
  }
}
