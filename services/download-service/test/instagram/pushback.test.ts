import { describe, expect, it } from 'vitest';
import { pushbackDelayMs } from '../../src/instagram/pushback.js';

const policy = { initialMs: 60_000, factor: 2, maxMs: 2 * 3_600_000 };

describe('pushbackDelayMs', () => {
  it('doubles from the initial wait per repeat, up to the cap', () => {
    expect([1, 2, 3, 4, 8, 20].map((streak) => pushbackDelayMs(streak, undefined, policy, 0))).toEqual([
      60_000, 120_000, 240_000, 480_000, 7_200_000, 7_200_000,
    ]);
  });

  it('adds up to 20 % jitter', () => {
    expect(pushbackDelayMs(1, undefined, policy, 0.5)).toBe(66_000);
    expect(pushbackDelayMs(1, undefined, policy, 0.999)).toBeLessThan(72_000);
  });

  it('honours Retry-After as given the first time, even beyond the cap', () => {
    expect(pushbackDelayMs(1, 5_000, policy, 0)).toBe(5_000);
    expect(pushbackDelayMs(1, 3 * 3_600_000, policy, 0)).toBe(3 * 3_600_000);
  });

  it('never undercuts the exponential wait on repeats (a storm of "Retry-After: 0" still backs off)', () => {
    expect(pushbackDelayMs(2, 0, policy, 0)).toBe(120_000);
    expect(pushbackDelayMs(3, 600_000, policy, 0)).toBe(600_000);
  });
});
