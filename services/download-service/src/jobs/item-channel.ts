/**
 * A bounded hand-over between the listing (producer) and the transfer workers (consumers): `push` waits while
 * `capacity` items are waiting, so a 3000-post profile is never held in memory ahead of the transfers, and the
 * listing runs only as far ahead as the workers can use. Pure (no I/O).
 */
export class ItemChannel<T> {
  private readonly queue: T[] = [];
  private readonly takers: Array<(value: T | undefined) => void> = [];
  private readonly pushers: Array<() => void> = [];
  private closed = false;

  constructor(private readonly capacity: number) {}

  /** Resolves once the item is accepted (immediately while there is room). */
  async push(item: T): Promise<void> {
    if (this.closed) throw new Error('push on a closed channel');
    const taker = this.takers.shift();
    if (taker) return taker(item);
    while (this.queue.length >= this.capacity) {
      await new Promise<void>((resolve) => this.pushers.push(resolve));
      if (this.closed) return;
    }
    this.queue.push(item);
  }

  /** The next item, or undefined once closed and drained. */
  take(): Promise<T | undefined> {
    const item = this.queue.shift();
    if (item !== undefined) {
      this.pushers.shift()?.();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** No more items: waiting takers get undefined, waiting pushers return. */
  close(): void {
    this.closed = true;
    for (const taker of this.takers.splice(0)) taker(undefined);
    for (const pusher of this.pushers.splice(0)) pusher();
  }

  get waiting(): number {
    return this.queue.length;
  }
}
