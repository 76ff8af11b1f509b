import fs from 'node:fs/promises';
import { restrictTree } from '../storage/data-dir.js';
import { openPgliteThread } from './pglite-thread.js';
import type { Database } from './types.js';

// The smallest the WASM module accepts (2048 pages).
const INITIAL_MEMORY_BYTES = 128 * 1024 * 1024;

/** PGlite's settings for the hub: its defaults keep ~320 MB resident for the database alone. */
const PGLITE_SETTINGS = {
  initialMemoryBytes: INITIAL_MEMORY_BYTES,
  // The memory grows on demand; the hub's working set is far below 32 MB of buffers, and the OS page cache still
  // holds the data files.
  postgresqlconf: 'shared_buffers = 32MB\n',
};

/**
 * Embedded PostgreSQL (PGlite, PostgreSQL compiled to WASM) on a thread of its own (pglite-thread.ts), from a data
 * directory or, for tests, from a dump (`loadDataDir`). One instance per process: PGlite serialises queries and
 * transactions on its single session, so concurrent transactions cannot interleave.
 */
export async function openPglite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  if (dataDir) await fs.mkdir(dataDir, { recursive: true });
  const db = await openPgliteThread({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...PGLITE_SETTINGS,
  });
  // PGlite writes its files 0666 whatever the umask: tighten them (and again on close, for files made since). The
  // pass over an existing database (a thousand files) runs beside the start instead of holding it (~0.5 s): the data
  // directory is already 0700, so nothing under it is reachable by others meanwhile.
  const tightening = dataDir ? restrictTree(dataDir).catch(() => undefined) : undefined;
  return {
    kind: 'pglite',
    ...db,
    async close() {
      await db.close();
      await tightening;
      if (dataDir) await restrictTree(dataDir);
    },
  };
}
