/**
 * A callback-style producer (a listing that calls `emit` for each step) as an async iterable. `emit` resolves only
 * when the consumer asks for the next value, i.e. after it has dealt with this one: the producer never runs ahead of
 * the consumer, as with a direct callback. Stopping early (break, throw) releases the producer; its later emits reject.
 */
export function pulled<T>(produce: (emit: (value: T) => Promise<void>) => Promise<void>): AsyncIterable<T> {
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
          waiting.push({ value, consumed });
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
