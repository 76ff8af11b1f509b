import { systemClock, type Clock } from '@smh/shared/clock';

/** A Clock whose time moves only when the test says so (sleep still waits for real). */
export interface ManualClock extends Clock {
  advance(ms: number): Date;
  set(date: Date): void;
}

export function createManualClock(start = new Date('2030-01-01T00:00:00.000Z')): ManualClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    sleep: systemClock.sleep,
    advance(ms) {
      now += ms;
      return new Date(now);
    },
    set(date) {
      now = date.getTime();
    },
  };
}
