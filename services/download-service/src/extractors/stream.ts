/**
 * A callback-style producer (a listing that calls `emit` for each step) as an async iterable. By default `emit`
 * resolves only when the consumer asks for the next value, i.e. after it has dealt with this one: the producer never
 * runs ahead of the consumer, as with a direct callback. With `ahead: n` up to n values may wait for the consumer
 * while the producer goes on (a listing fetching its next page while the items of this one are still being handed
 * to the transfers); the consumer still sees every value in order. Stopping early (break, throw) releases the
 * producer; its later emits reject.
 */
export function pulled<T>(
  produce: (emit: (value: T) => Promise<void>) => Promise<void>,
  options: { ahead?: number } = {},
): AsyncIterable<T> {
  const ahead = Math.max(0, options.ahead ?? 0);
  return {
    async *[Symbol.asyncIterator]() {
      const waiting: Array<{ value: T; consumed: () => void }> = [];
      let wake: (() => void) | undefined;
      let finished = false;
      let failure: { error: unknown } | undefined;
      let stopped = false;
      const poke = () => {
        wake?.();
        wake = undefined;
      };
      const producing = produce((value) => {
        if (stopped) return Promise.reject(new Error('the listing was stopped by its consumer'));
        return new Promise<void>((consumed) => {
          // Room ahead: the producer goes on at once; the value still waits its turn.
          if (waiting.length < ahead) {
            waiting.push({ value, consumed: () => {} });
            consumed();
          } else waiting.push({ value, consumed });
          poke();
        });
      }).then(
        () => {
          finished = true;
          poke();
        },
        (error: unknown) => {
          failure = { error };
          finished = true;
          poke();
        },
      );
      let current: { value: T; consumed: () => void } | undefined;
      try {
        for (;;) {
          current = waiting.shift();
          if (current) {
            yield current.value;
            current.consumed();
            current = undefined;
            continue;
          }
          if (finished) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        await producing;
        if (failure) throw failure.error;
      } finally {
        stopped = true;
        current?.consumed();
        for (const pending of waiting.splice(0)) pending.consumed();
      }
    },
  };
}
