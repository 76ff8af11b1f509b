/**
 * Decides which progress values are worth writing and announcing: never backwards, at most one every
 * `minIntervalMs` unless it moved by `minStep`, and always the final 1. Pure: time comes from `now`.
 */
export interface ProgressGateOptions {
  minIntervalMs: number;
  minStep: number;
  now: () => number;
}

export interface ProgressGate {
  /** The value to publish, or null when this one is not worth it (too soon, too small, or backwards). */
  offer(fraction: number): number | null;
  readonly last: number;
}

export function createProgressGate(options: ProgressGateOptions, start = 0): ProgressGate {
  let last = start;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    offer(fraction) {
      const value = Math.min(1, Math.max(0, fraction));
      if (!(value > last)) return null;
      const now = options.now();
      if (value < 1 && now - lastAt < options.minIntervalMs && value - last < options.minStep) return null;
      last = value;
      lastAt = now;
      return value;
    },
    get last() {
      return last;
    },
  };
}
