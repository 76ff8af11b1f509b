/**
 * Group commit: entries handed in while a write is in flight wait and go together in the next write, so the cost
 * per entry falls as the rate rises, and a lone entry is written at once (no timer, no added latency). Each
 * caller's promise settles with its own batch's write. Pure (the write is passed in).
 */
export function groupCommit<T>(write: (batch: T[]) => Promise<void>, maxBatch = 200): (entry: T) => Promise<void> {
  const waiting: Array<{ entry: T; resolve(): void; reject(error: unknown): void }> = [];
  let sending = false;

  async function flush(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const batch = waiting.splice(0, maxBatch);
        try {
          await write(batch.map((waiter) => waiter.entry));
          for (const waiter of batch) waiter.resolve();
        } catch (error) {
          for (const waiter of batch) waiter.reject(error);
        }
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
