import type { InternalFile } from '@smh/shared';
import { describe, expect, it } from 'vitest';
import { createInputHandoff } from '../../src/adapters/input-handoff.js';

const file = (id: string) => ({ id }) as InternalFile;

function handoffAt(options: { maxAgeMs?: number; maxJobs?: number } = {}) {
  let now = 1_000_000;
  const handoff = createInputHandoff({ clock: { now: () => new Date(now), sleep: async () => undefined }, ...options });
  return { handoff, advance: (ms: number) => (now += ms) };
}

describe('input hand-off from the POST to its job', () => {
  it('hands the files to the job once', () => {
    const { handoff } = handoffAt();
    handoff.leave('job-1', [file('a'), file('b')]);
    expect(handoff.take('job-1')?.map((f) => f.id)).toEqual(['a', 'b']);
    expect(handoff.take('job-1')).toBeUndefined(); // a retry asks file-service
    expect(handoff.take('job-2')).toBeUndefined(); // left by another replica, or never
  });

  it('does not hand over what is older than maxAgeMs (the job waited in the queue)', () => {
    const { handoff, advance } = handoffAt({ maxAgeMs: 10_000 });
    handoff.leave('job-1', [file('a')]);
    advance(10_001);
    expect(handoff.take('job-1')).toBeUndefined();
  });

  it('keeps at most maxJobs, dropping the oldest and the stale ones', () => {
    const { handoff, advance } = handoffAt({ maxAgeMs: 10_000, maxJobs: 2 });
    handoff.leave('job-1', [file('a')]);
    handoff.leave('job-2', [file('b')]);
    handoff.leave('job-3', [file('c')]);
    expect(handoff.take('job-1')).toBeUndefined();
    expect(handoff.take('job-2')?.[0]?.id).toBe('b');
    advance(20_000);
    handoff.leave('job-4', [file('d')]); // job-3 is stale by now: dropped, not kept until the bound is reached
    advance(-20_000); // were it still there, it would look fresh again
    expect(handoff.take('job-3')).toBeUndefined();
  });
});
