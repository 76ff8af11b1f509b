/**
 * Group commit: entries handed in while a write is in flight wait and go together in the next write, and a write
 * that follows the previous one closely waits `lingerMs` for more (batch-linger.ts), so the cost per entry falls as
 * the rate rises; a lone entry is written at once (no added latency). Each caller's promise settles with its own
 * batch's write. Pure (the write and the clock are passed in).
 */
import { batchLinger, type LingerClock } from '../domain/batch-linger.js';

export interface GroupCommitOptions {
  maxBatch?: number;
  /** How long a write in a stream of writes waits for company; 0 writes at once. */
  lingerMs?: number;
  clock?: LingerClock;
}

export function groupCommit<T>(
  write: (batch: T[]) => Promise<void>,
  options: GroupCommitOptions = {},
): (entry: T) => Promise<void> {
  const maxBatch = options.maxBatch ?? 200;
  const linger = batchLinger(options.lingerMs ?? 0, maxBatch, options.clock);
  const waiting: Array<{ entry: T; resolve(): void; reject(error: unknown): void }> = [];
  let sending = false;

  async function flush(): Promise<void> {
    try {
      while (waiting.length > 0) {
        await linger.beforeWrite(waiting.length);
        const batch = waiting.splice(0, maxBatch);
        try {
          await write(batch.map((waiter) => waiter.entry));
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
        linger.afterWrite();
      }
    } finally {
      sending = false;
    }
  }

  return (entry) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ entry, resolve, reject });
      // Entries handed in during the same tick go together; later ones wait for the write in flight.
      if (!sending) {
        sending = true;
        queueMicrotask(() => void flush());
      }
    });
}
