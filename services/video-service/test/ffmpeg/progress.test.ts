import { describe, expect, it } from 'vitest';
import { createProgressParser, type ProgressEvent } from '../../src/ffmpeg/progress.js';

const block = (outTimeUs: string, state = 'continue', key = 'out_time_us') =>
  `frame=10\nfps=0.00\n${key}=${outTimeUs}\nout_time=00:00:00.000000\nspeed=2.5x\nprogress=${state}\n`;

function collect(totalSec: number | undefined, text: string, chunkSize = 7): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  const parser = createProgressParser(totalSec, (e) => events.push(e));
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
  return events;
}

describe('createProgressParser', () => {
  it('turns out_time_us into a fraction of the total, across arbitrary chunk boundaries', () => {
    const events = collect(10, block('N/A') + block('2500000') + block('5000000') + block('10000000', 'end'));
    expect(events).toEqual([
      { fraction: 0.25, outTimeSec: 2.5, speed: 2.5, done: false },
      { fraction: 0.5, outTimeSec: 5, speed: 2.5, done: false },
      { fraction: 1, outTimeSec: 10, speed: 2.5, done: true },
    ]);
  });

  it('reads out_time_ms (microseconds too) from builds that print only that', () => {
    expect(collect(4, block('1000000', 'continue', 'out_time_ms'))[0]?.fraction).toBe(0.25);
  });

  it('never goes backwards and stays below 1 until progress=end', () => {
    const events = collect(
      4,
      block('3000000') +
        block('1000000') +
        block('-23000') +
        block('9000000') +
        block('9000000') +
        block('9000000', 'end'),
    );
    expect(events.map((e) => e.fraction)).toEqual([0.75, 0.999, 1]);
  });

  it('reports only the end when the total is unknown, and nothing after the end', () => {
    const events = collect(undefined, block('1000000') + block('2000000', 'end') + block('3000000', 'end'));
    expect(events).toEqual([{ fraction: 1, outTimeSec: 2, speed: 2.5, done: true }]);
  });

  it('reaches exactly 1 at the end even if out_time fell short of the total', () => {
    const events = collect(10, block('4000000') + block('9700000', 'end'));
    expect(events.map((e) => e.fraction)).toEqual([0.4, 1]);
  });
});
