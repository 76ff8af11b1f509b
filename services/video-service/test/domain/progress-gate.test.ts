import { describe, expect, it } from 'vitest';
import { createProgressGate } from '../../src/domain/progress-gate.js';

function gateAt(times: number[], options = { minIntervalMs: 500, minStep: 0.05 }) {
  let i = 0;
  return createProgressGate({ ...options, now: () => times[Math.min(i++, times.length - 1)] as number });
}

describe('progress gate', () => {
  it('never goes backwards or repeats a value', () => {
    const gate = createProgressGate({ minIntervalMs: 0, minStep: 0, now: () => 0 });
    expect([0.1, 0.3, 0.2, 0.3, 0.5].map((v) => gate.offer(v))).toEqual([0.1, 0.3, null, null, 0.5]);
    expect(gate.last).toBe(0.5);
  });

  it('lets small steps through only once the interval has passed', () => {
    const gate = gateAt([0, 100, 200, 700]);
    expect(gate.offer(0.01)).toBe(0.01); // the first one always passes
    expect(gate.offer(0.02)).toBeNull(); // 100 ms later, +0.01
    expect(gate.offer(0.03)).toBeNull(); // 200 ms
    expect(gate.offer(0.04)).toBe(0.04); // 700 ms
  });

  it('lets a big step through at once, and always the final 1', () => {
    const gate = gateAt([0, 1, 2]);
    expect(gate.offer(0.1)).toBe(0.1);
    expect(gate.offer(0.2)).toBe(0.2);
    expect(gate.offer(1)).toBe(1);
    expect(gate.offer(1)).toBeNull();
  });

  it('clamps into 0..1 and starts from a resumed value', () => {
    const gate = createProgressGate({ minIntervalMs: 0, minStep: 0, now: () => 0 }, 0.4);
    expect(gate.offer(0.3)).toBeNull();
    expect(gate.offer(7)).toBe(1);
    expect(createProgressGate({ minIntervalMs: 0, minStep: 0, now: () => 0 }).offer(-1)).toBeNull();
  });
});
