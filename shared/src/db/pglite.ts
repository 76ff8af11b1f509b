import fs from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { restrictTree } from '../storage/data-dir.js';
import type { Database, QueryResult, Sql } from './types.js';

// The smallest the WASM module accepts (2048 pages).
const INITIAL_MEMORY_BYTES = 128 * 1024 * 1024;

function wrap(target: PGlite | Transaction): Sql {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(text, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(script: string): Promise<void> {
      await target.exec(script);
    },
  };
}

/**
 * Embedded PostgreSQL (PGlite, PostgreSQL compiled to WASM). One instance per process: PGlite serialises
 * queries and transactions itself, so concurrent transactions cannot interleave on its single session.
 */
export async function openPglite(dataDir: string | undefined, existing?: PGlite): Promise<Database> {
  if (dataDir) await fs.mkdir(dataDir, { recursive: true });
  // PGlite's defaults (a large initial WASM memory, 160 MB of shared buffers) stay resident: ~320 MB RSS for the
  // database alone. The memory grows on demand; the hub's working set is far below 32 MB of buffers, and the OS
  // page cache still holds the data files.
  const pg =
    existing ??
    (await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      initialMemory: INITIAL_MEMORY_BYTES,
      postgresqlconf: 'shared_buffers = 32MB\n',
    }));
  // PGlite writes its files 0666 whatever the umask: tighten them (and again on close, for files made since). The
  // pass over an existing database (a thousand files) runs beside the start instead of holding it (~0.5 s): the data
  // directory is already 0700, so nothing under it is reachable by others meanwhile.
  const tightening = dataDir ? restrictTree(dataDir).catch(() => undefined) : undefined;
  const sql = wrap(pg);
  return {
    kind: 'pglite',
    ...sql,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async ping() {
      await pg.query('select 1');
    },
    async close() {
      if (!pg.closed) await pg.close();
      await tightening;
      if (dataDir) await restrictTree(dataDir);
    },
  };
}
