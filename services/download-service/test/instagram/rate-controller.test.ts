import { describe, expect, it } from 'vitest';
import { RateController } from '../../src/instagram/rate-controller.js';
import { createVirtualClock } from '../../../../tests/fakes/instagram/virtual-clock.js';

const noJitter = (): number => 0;

describe('RateController', () => {
  it('blocks a family whose window is full until the oldest request leaves it (+extra wait)', async () => {
    const clock = createVirtualClock(0);
    const rate = new RateController({
      clock,
      minIntervalMs: 0,
      random: noJitter,
      windows: { api_v1: [{ limit: 3, windowMs: 60_000, extraWaitMs: 5_000 }] },
    });
    for (let i = 0; i < 3; i += 1) {
      await rate.acquire('api_v1');
      clock.advance(1_000);
    }
    expect(clock.sleeps).toEqual([]);
    expect(rate.waitTimeMs('api_v1')).toBe(62_000);
    await rate.acquire('api_v1');
    expect(clock.sleeps).toEqual([62_000]);
    expect(clock.now()).toBe(65_000);
    expect(rate.recentCounts(60_000).api_v1).toBe(1);
    expect(rate.recentCounts(70_000).api_v1).toBe(4);
  });

  it('keeps families independent', async () => {
    const clock = createVirtualClock(0);
    const rate = new RateController({
      clock,
      minIntervalMs: 0,
      windows: { graphql: [{ limit: 1, windowMs: 60_000 }] },
    });
    await rate.acquire('graphql');
    expect(rate.waitTimeMs('graphql')).toBe(60_000);
    expect(rate.waitTimeMs('api_v1')).toBe(0);
  });

  it('paces requests by minIntervalMs with jitter, and 0 disables only the pacing', async () => {
    const clock = createVirtualClock(0);
    const paced = new RateController({ clock, minIntervalMs: 1_000, jitterRatio: 0.5, random: () => 0.5 });
    await paced.acquire('api_v1');
    await paced.acquire('iphone');
    expect(clock.sleeps).toEqual([1_250]);

    const unpaced = new RateController({
      clock: createVirtualClock(0),
      minIntervalMs: 0,
      windows: { api_v1: [{ limit: 1, windowMs: 1_000 }] },
    });
    await unpaced.acquire('api_v1');
    expect(unpaced.waitTimeMs('api_v1')).toBe(1_000);
  });

  it('backs off exponentially from 60 s after rate limits, honouring Retry-After, and resets on success', () => {
    const clock = createVirtualClock(0);
    const rate = new RateController({ clock, minIntervalMs: 0, random: noJitter });
    expect(rate.noteRateLimited('graphql')).toBe(60_000);
    expect(rate.waitTimeMs('graphql')).toBe(60_000);
    expect(rate.noteRateLimited('graphql')).toBe(120_000);
    expect(rate.noteRateLimited('api_v1', 7_000)).toBe(7_000);
    rate.noteSuccess('graphql');
    expect(rate.noteRateLimited('graphql')).toBe(60_000);
  });

  it('rejects nonsense settings', () => {
    const clock = createVirtualClock(0);
    expect(() => new RateController({ clock, minIntervalMs: -1 })).toThrow(/minIntervalMs must be >= 0/);
    expect(() => new RateController({ clock, windows: { other: [{ limit: 0, windowMs: 1 }] } })).toThrow(
      /Invalid rate window for "other"/,
    );
  });
});
