/**
 * When a batched write waits for company. A write that would start within `lingerMs` of the previous write's end
 * belongs to a stream (a download's workers finishing files one after another, ~10 ms apart): holding it back for
 * `lingerMs` lets the entries of several workers go in one statement or call, which costs the database and
 * file-service about what a single entry does (a 300-post archive: 3.1 → 1.7 SQL statements per file). After a
 * quiet spell the first entry is written at once, so a lone file is never delayed; a full batch never waits.
 */
/** The download's batched writes (item states, registrations, analysis jobs): about one worker's spacing. */
export const DOWNLOAD_LINGER_MS = 10;

export interface LingerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realLingerClock: LingerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface BatchLinger {
  /** Resolves when a batch of `pending` entries should be written. */
  beforeWrite(pending: number): Promise<void>;
  /** Marks the end of a write (whether it succeeded or not). */
  afterWrite(): void;
}

export function batchLinger(lingerMs: number, maxBatch: number, clock: LingerClock = realLingerClock): BatchLinger {
  let lastWriteEnd = Number.NEGATIVE_INFINITY;
  return {
    async beforeWrite(pending) {
      if (lingerMs <= 0 || pending >= maxBatch) return;
      if (clock.now() - lastWriteEnd < lingerMs) await clock.sleep(lingerMs);
    },
    afterWrite() {
      lastWriteEnd = clock.now();
    },
  };
}
