/** Bounded concurrency per host: at most `limit` transfers to one host at once, the rest wait in order. */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {
    if (!(limit >= 1)) throw new Error(`HostLimiter: limit must be >= 1, got ${limit}`);
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }

  private acquire(host: string): Promise<void> {
    const count = this.active.get(host) ?? 0;
    if (count < this.limit) {
      this.active.set(host, count + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(host) ?? [];
      queue.push(() => {
        this.active.set(host, (this.active.get(host) ?? 0) + 1);
        resolve();
      });
      this.waiting.set(host, queue);
    });
  }

  private release(host: string): void {
    const count = (this.active.get(host) ?? 1) - 1;
    if (count === 0) this.active.delete(host);
    else this.active.set(host, count);
    const next = this.waiting.get(host)?.shift();
    if (this.waiting.get(host)?.length === 0) this.waiting.delete(host);
    next?.();
  }
}
