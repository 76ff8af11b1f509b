/** Progress of one download: counters, a speed estimate over a sliding window, and a throttle for persisting. Pure. */

export interface Progress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** While running: 'scanning' until the listing reached its end (transfers already run), then 'transferring'. */
  phase?: 'scanning' | 'transferring';
  /** Posts found by the listing so far. */
  scanned?: number;
}

export class ProgressMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = [];
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly progress: Progress,
    private readonly now: () => number,
    private readonly flushEveryMs = 500,
    private readonly speedWindowMs = 3_000,
  ) {}

  addBytes(bytes: number): void {
    this.progress.bytesDone += bytes;
    const at = this.now();
    this.samples.push({ at, bytes: this.progress.bytesDone });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - this.speedWindowMs) this.samples.shift();
  }

  /** Bytes of a transfer that restarted from zero (server ignored Range) are taken back. */
  removeBytes(bytes: number): void {
    this.progress.bytesDone = Math.max(0, this.progress.bytesDone - bytes);
  }

  addExpected(bytes: number): void {
    this.progress.bytesTotal += bytes;
  }

  fileDone(): void {
    this.progress.filesDone += 1;
  }

  /** Bytes per second over the last few seconds. */
  speedBps(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return Math.round(((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }

  /** True at most once per `flushEveryMs` (or always with force): time to persist and publish. */
  shouldFlush(force = false): boolean {
    const at = this.now();
    if (!force && at - this.lastFlushAt < this.flushEveryMs) return false;
    this.lastFlushAt = at;
    return true;
  }

  snapshot(): Progress {
    return { ...this.progress };
  }
}
