import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './types.js';

export interface Migration {
  id: string;
  sql: string;
}

/** Reads `NNN_name.sql` files of a folder, in order. */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => ({
      id: name.replace(/\.sql$/, ''),
      sql: await fs.readFile(path.join(dir, name), 'utf8'),
    })),
  );
}

/**
 * The migration ids already recorded for `owner`, in one statement; undefined before the bookkeeping table
 * exists (a new database).
 */
async function appliedIds(db: Database, owner: string): Promise<Set<string> | undefined> {
  try {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM public.smh_migrations WHERE owner = $1', [owner]);
    return new Set(rows.map((row) => row.id));
  } catch {
    return undefined;
  }
}

/**
 * Applies a service's migrations once each, in order, each in its own transaction. An advisory lock keyed by
 * the owner keeps several instances of one service from migrating at the same time. A database that is up to
 * date costs one query (every start of an installed hub): the locks and transactions are taken only when a
 * migration is missing.
 */
export async function migrate(db: Database, owner: string, migrations: Migration[]): Promise<string[]> {
  const recorded = await appliedIds(db, owner);
  if (recorded && migrations.every((migration) => recorded.has(migration.id))) return [];
  // Several services start at once against one database: CREATE TABLE IF NOT EXISTS is not safe concurrently
  // (two creators collide on the table's type name), so the bookkeeping table is made under a lock of its own.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['smh-migrate:bookkeeping']);
    await tx.exec(`CREATE TABLE IF NOT EXISTS public.smh_migrations (
      owner text NOT NULL,
      id text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (owner, id)
    )`);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`smh-migrate:${owner}`]);
      const { rows } = await tx.query('SELECT 1 FROM public.smh_migrations WHERE owner = $1 AND id = $2', [
        owner,
        migration.id,
      ]);
      if (rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO public.smh_migrations (owner, id) VALUES ($1, $2)', [owner, migration.id]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
