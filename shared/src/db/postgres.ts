import type { Pool, PoolClient } from 'pg';
import { lazyRequire } from '../lazy-require.js';
import type { Database, QueryResult, Sql } from './types.js';

const requirePg = lazyRequire<typeof import('pg')>('pg');
let typesSet = false;

function loadPg(): typeof import('pg') {
  const pg = requirePg();
  if (!typesSet) {
    // Same value types as PGlite: bigint/count as numbers, numeric as numbers.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
    typesSet = true;
  }
  return pg;
}

function wrap(client: Pool | PoolClient): Sql {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(script: string): Promise<void> {
      await client.query(script);
    },
  };
}

export function openPostgres(connectionString: string, options: { max?: number } = {}): Database {
  const pool = new (loadPg().Pool)({ connectionString, max: options.max ?? 10 });
  // An idle client losing its server (restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
