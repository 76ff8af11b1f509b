import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use. The embedded hub never needs the Redis, PostgreSQL-server or
 * OpenTelemetry clients unless configured; loading them at start cost ~1.5 s and ~25 MB for nothing.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
