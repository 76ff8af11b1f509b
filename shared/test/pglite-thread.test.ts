/**
 * The embedded database on its own thread (db/pglite-thread.ts + db/pglite-worker.mjs): what crosses the thread
 * boundary (values, PostgreSQL's error fields), transactions held across messages, the services' thread left free
 * while a statement runs, a data directory kept across a close, and a stopped thread failing calls at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/index.js';
import { openPglite } from '../src/db/pglite.js';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '../..');

describe('PGlite on its own thread', () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smh-pglite-thread-'));
    db = await openPglite(join(dir, 'db'));
    await db.exec(`CREATE TABLE t (id serial PRIMARY KEY, name text UNIQUE NOT NULL, data bytea, at timestamptz,
                     doc jsonb, n bigint)`);
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips bytes, dates, JSON and numbers', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const { rows, rowCount } = await db.query<{ data: Uint8Array; at: Date; doc: unknown; n: number }>(
      'INSERT INTO t (name, data, at, doc, n) VALUES ($1, $2, $3, $4, $5) RETURNING data, at, doc, n',
      ['values', Buffer.from([0, 1, 255]), at, JSON.stringify({ a: [1, 'b'] }), 42],
    );
    expect(rowCount).toBe(1);
    expect([...(rows[0]?.data ?? [])]).toEqual([0, 1, 255]);
    expect(rows[0]?.at).toEqual(at);
    expect(rows[0]?.doc).toEqual({ a: [1, 'b'] });
    expect(rows[0]?.n).toBe(42);
  });

  it("keeps PostgreSQL's error fields (SQLSTATE, constraint) on an error from the thread", async () => {
    await db.query("INSERT INTO t (name) VALUES ('twice')");
    const error = await db.query("INSERT INTO t (name) VALUES ('twice')").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 't_name_key' });
    expect((error as Error).message).toMatch(/duplicate key/);
    const syntax = await db.query('SELEC 1').catch((e: unknown) => e);
    expect(syntax).toMatchObject({ code: '42601' });
  });

  it('commits a transaction, and rolls one back with the error its function threw', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (name) VALUES ('committed')");
      return 'done';
    });
    expect(value).toBe('done');
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t (name) VALUES ('rolled back')");
        throw boom;
      }),
    ).rejects.toBe(boom);
    const { rows } = await db.query<{ name: string }>(
      "SELECT name FROM t WHERE name IN ('committed', 'rolled back') ORDER BY name",
    );
    expect(rows.map((row) => row.name)).toEqual(['committed']);
  });

  it('rolls back when a statement inside the transaction fails, and the session stays usable', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO t (name) VALUES ('inside')");
        await tx.query("INSERT INTO t (name) VALUES ('twice')");
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505' });
    expect((await db.query("SELECT count(*)::int AS n FROM t WHERE name = 'inside'")).rows).toEqual([{ n: 0 }]);
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('makes a statement from outside wait for an open transaction, then see what it committed', async () => {
    let releaseTransaction!: () => void;
    const held = new Promise<void>((resolve) => {
      releaseTransaction = resolve;
    });
    const transaction = db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (name) VALUES ('held')");
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    let outsideDone = false;
    const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE name = 'held'").then((result) => {
      outsideDone = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outsideDone).toBe(false);
    releaseTransaction();
    await transaction;
    expect((await outside).rows).toEqual([{ n: 1 }]);
  });

  it("leaves this thread's event loop free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 10);
    try {
      // ~400 ms of work inside PostgreSQL; run in this thread, no timer could fire until it ended.
      await db.query('SELECT count(*) FROM generate_series(1, 3000000) AS s(i) WHERE i % 7 = 3');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('keeps what was written across a close and a new open of the same directory', async () => {
    const path = join(dir, 'reopen');
    const first = await openPglite(path);
    await first.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await first.close();
    const second = await openPglite(path);
    try {
      expect((await second.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.close();
    }
  });

  it('lets a process end that forgot to close it, but not while a statement is under way', async () => {
    const script = [
      "import { openPglite } from './shared/src/db/pglite.ts';",
      'const db = await openPglite(undefined);',
      'const { rows } = await db.query("SELECT count(*)::int AS n FROM generate_series(1, 500000)");',
      'console.log(rows[0].n);',
    ].join('\n');
    // Without the thread's ref/unref the script would hang (killed after 30 s) or end before printing.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('500000');
  });

  it('fails a call at once, naming the database, after the thread stopped', async () => {
    const stopped = await openPglite(undefined);
    await stopped.close();
    await expect(stopped.query('SELECT 1')).rejects.toThrow(/embedded database stopped/);
  });
});
