import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, maybeOne, one, type Database } from '../src/db/index.js';
import { createPostgresTestDatabase, createTestDatabase, DATABASE_KINDS, postgresAvailable } from '../src/testing.js';
import { openPostgres } from '../src/db/postgres.js';

const migrations = [
  {
    id: '001_init',
    sql: `CREATE SCHEMA IF NOT EXISTS demo;
          CREATE TABLE demo.items (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, tags jsonb NOT NULL DEFAULT '[]', created_at timestamptz NOT NULL DEFAULT now());`,
  },
  { id: '002_size', sql: `ALTER TABLE demo.items ADD COLUMN size bigint NOT NULL DEFAULT 0;` },
];

describe.each(DATABASE_KINDS)('database layer on %s', (kind) => {
  const enabled = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (!enabled) return;
    ({ db, drop } = await createTestDatabase(kind));
  });
  afterAll(async () => {
    if (enabled) await drop();
  });

  it.runIf(enabled)('applies migrations once, in order, and is idempotent', async () => {
    expect(await migrate(db, 'demo', migrations)).toEqual(['001_init', '002_size']);
    expect(await migrate(db, 'demo', migrations)).toEqual([]);
    const { rows } = await db.query<{ id: string }>(
      'SELECT id FROM public.smh_migrations WHERE owner = $1 ORDER BY id',
      ['demo'],
    );
    expect(rows.map((r) => r.id)).toEqual(['001_init', '002_size']);
  });

  it.runIf(enabled)('checks an up-to-date database with one statement and no transaction (every start)', async () => {
    await migrate(db, 'demo', migrations);
    const statements: string[] = [];
    const counting: Database = {
      ...db,
      query: (text, params) => {
        statements.push(text);
        return db.query(text, params);
      },
      exec: (script) => {
        statements.push(script);
        return db.exec(script);
      },
      transaction: (fn) => {
        statements.push('BEGIN');
        return db.transaction(fn);
      },
    };
    expect(await migrate(counting, 'demo', migrations)).toEqual([]);
    expect(statements).toHaveLength(1);
    // A missing migration still goes through the locked path.
    const third = { id: '003_label', sql: 'ALTER TABLE demo.items ADD COLUMN label text' };
    expect(await migrate(counting, 'demo', [...migrations, third])).toEqual(['003_label']);
    expect(statements).toContain('BEGIN');
  });

  it.runIf(enabled)('returns the same value types on both engines', async () => {
    const row = await one<{ id: number; tags: string[]; created_at: Date; size: number }>(
      db,
      `INSERT INTO demo.items (name, tags, size) VALUES ($1, $2, $3) RETURNING id, tags, created_at, size`,
      ['first', JSON.stringify(['a', 'b']), 5_000_000_000],
    );
    expect(typeof row.id).toBe('number');
    expect(row.tags).toEqual(['a', 'b']);
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.size).toBe(5_000_000_000);
    const count = await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM demo.items');
    expect(count.n).toBe(1);
    const updated = await db.query('UPDATE demo.items SET size = size + 1 WHERE name = $1', ['first']);
    expect(updated.rowCount).toBe(1);
  });

  it.runIf(enabled)('rolls a failed transaction back and keeps concurrent ones isolated', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO demo.items (name) VALUES ('rolled-back')`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    const succeeding = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO demo.items (name) VALUES ('committed')`);
      return 'ok';
    });
    await expect(failing).rejects.toThrow('boom');
    await expect(succeeding).resolves.toBe('ok');
    expect(await maybeOne(db, `SELECT 1 FROM demo.items WHERE name = 'rolled-back'`)).toBeUndefined();
    expect(await maybeOne(db, `SELECT 1 FROM demo.items WHERE name = 'committed'`)).toBeDefined();
  });

  it.runIf(enabled)('reports constraint violations as errors', async () => {
    await expect(db.query(`INSERT INTO demo.items (name) VALUES ('first')`)).rejects.toThrow(/duplicate key|unique/i);
  });
});

describe.runIf(postgresAvailable)('migrations of several services starting at once (PostgreSQL)', () => {
  it('make the bookkeeping table once, whoever comes first', async () => {
    const { url, db, drop } = await createPostgresTestDatabase();
    const processes = Array.from({ length: 6 }, () => openPostgres(url));
    try {
      const applied = await Promise.all(
        processes.map((process, index) =>
          migrate(process, `service-${index}`, [{ id: '001_init', sql: `CREATE SCHEMA svc_${index}` }]),
        ),
      );
      expect(applied).toEqual(Array.from({ length: 6 }, () => ['001_init']));
      expect(await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM public.smh_migrations')).toEqual({ n: 6 });
    } finally {
      for (const process of processes) await process.close();
      await db.close();
      await drop();
    }
  });
});
