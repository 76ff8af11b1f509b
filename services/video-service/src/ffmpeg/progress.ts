/**
 * Parser of ffmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each closed by `progress=continue`
 * or, for the last one, `progress=end`. Turns them into a fraction of the expected duration that never goes
 * backwards, stays below 1 while running and is exactly 1 at `progress=end`.
 */

export interface ProgressEvent {
  /** 0..1, monotonic. */
  fraction: number;
  /** Media time written so far. */
  outTimeSec: number;
  /** Encoding speed relative to real time (e.g. 4.2 for "4.2x"), when ffmpeg reports it. */
  speed: number | null;
  done: boolean;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** While running the fraction stays strictly below 1, so 1 always means "finished". */
const RUNNING_CEILING = 0.999;

export interface ProgressParser {
  /** Feed raw stdout text; chunks may split lines anywhere. */
  push(chunk: string): void;
  /** The highest fraction reported so far. */
  readonly fraction: number;
}

function parseOutTimeUs(value: string | undefined): number | null {
  if (value === undefined) return null;
  const micros = Number(value);
  return Number.isFinite(micros) && micros >= 0 ? micros : null;
}

export function createProgressParser(totalSec: number | undefined, onProgress: ProgressListener): ProgressParser {
  let pending = '';
  let block = new Map<string, string>();
  let fraction = 0;
  let outTimeSec = 0;
  let finished = false;

  const closeBlock = (state: string) => {
    // `out_time_ms` is also in microseconds (a historical misnomer), and older builds only print that one.
    const micros = parseOutTimeUs(block.get('out_time_us')) ?? parseOutTimeUs(block.get('out_time_ms'));
    if (micros !== null) outTimeSec = Math.max(outTimeSec, micros / 1_000_000);
    const speedText = block.get('speed')?.replace(/x$/, '');
    const speed = speedText === undefined || Number.isNaN(Number(speedText)) ? null : Number(speedText);
    block = new Map();
    if (finished) return;
    if (state === 'end') {
      finished = true;
      fraction = 1;
      onProgress({ fraction: 1, outTimeSec, speed, done: true });
      return;
    }
    if (totalSec === undefined || !(totalSec > 0)) return;
    const next = Math.min(RUNNING_CEILING, outTimeSec / totalSec);
    if (next > fraction) {
      fraction = next;
      onProgress({ fraction, outTimeSec, speed, done: false });
    }
  };

  return {
    push(chunk: string) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        const eq = line.indexOf('=');
        if (eq > 0) {
          const key = line.slice(0, eq).trim();
          const value = line.slice(eq + 1).trim();
          if (key === 'progress') closeBlock(value);
          else block.set(key, value);
        }
        newline = pending.indexOf('\n');
      }
    },
    get fraction() {
      return fraction;
    },
  };
}
