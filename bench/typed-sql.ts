/**
 * Typed SQL (Kysely over the project's `Sql` adapter, shared/src/db/typed.ts) against the hand-written,
 * parameterised SQL it replaced, for the same repository operations on scheduler.subscriptions: insert a row,
 * walk an owner's list page by page (keyset), update two columns. Both sides run on the same database, in
 * alternating rounds, on PGlite (in process) and on PostgreSQL (skipped when unreachable). The ratio is
 * typed / hand-written time per operation: what the query builder costs on top of the query.
 *
 *   npx tsx bench/typed-sql.ts     (BENCH_TYPED_SQL_ROWS=200 rows per side and round, BENCH_TYPED_SQL_ROUNDS=4)
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Database, loadMigrations, migrate, type Sql } from '@smh/shared';
import { createTestDatabase, postgresAvailable } from '@smh/shared/testing';
import {
  insertSubscription,
  listSubscriptions,
  updateSubscription,
} from '../services/scheduler-service/src/adapters/subscriptions-repository.js';
import type { Subscription } from '../services/scheduler-service/src/domain/types.js';
import type { BenchResult } from './index.js';

const ROWS = Number(process.env.BENCH_TYPED_SQL_ROWS ?? 200);
const ROUNDS = Number(process.env.BENCH_TYPED_SQL_ROUNDS ?? 4);
const PAGE = 20;
const MIGRATIONS = fileURLToPath(new URL('../services/scheduler-service/migrations', import.meta.url));

interface Side {
  insert(db: Sql, subscription: Subscription): Promise<unknown>;
  list(db: Sql, ownerId: string, cursor: string | undefined): Promise<{ nextCursor: string | null }>;
  update(db: Sql, id: string, now: Date): Promise<unknown>;
}

const typedSide: Side = {
  insert: insertSubscription,
  list: (db, ownerId, cursor) => listSubscriptions(db, ownerId, { limit: PAGE, ...(cursor ? { cursor } : {}) }),
  update: (db, id, now) => updateSubscription(db, id, { nextRunAt: now, consecutiveFailures: 1 }, now),
};

/** The queries as the repository wrote them before typed SQL (row mapping included, as it did). */
const handWritten: Side = {
  async insert(db, s) {
    const { rows } = await db.query<Record<string, unknown>>(
      `INSERT INTO scheduler.subscriptions (id, owner_id, username, source_url, include, schedule, session_id, enabled, next_run_at, consecutive_failures, created_at, updated_at)
       VALUES ($1, $2, $3, $10, $4::text[], $5::jsonb, $6, $7, $8::timestamptz, 0, $9::timestamptz, $9::timestamptz)
       ON CONFLICT (owner_id, username) DO NOTHING RETURNING *`,
      [
        s.id,
        s.ownerId,
        s.username,
        s.include,
        JSON.stringify(s.schedule),
        s.sessionId,
        s.enabled,
        s.nextRunAt.toISOString(),
        s.createdAt.toISOString(),
        s.sourceUrl,
      ],
    );
    return rows.map(mapRow)[0];
  },
  async list(db, ownerId, cursor) {
    const after = cursor ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string]) : undefined;
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT * FROM scheduler.subscriptions
        WHERE ($1::text IS NULL OR owner_id = $1)
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [ownerId, after?.[0] ?? null, after?.[1] ?? null, PAGE + 1],
    );
    const items = rows.slice(0, PAGE).map(mapRow);
    const last = items[items.length - 1];
    return {
      nextCursor:
        rows.length > PAGE && last
          ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url')
          : null,
    };
  },
  async update(db, id, now) {
    const params: unknown[] = [id, now.toISOString()];
    const sets: string[] = [];
    params.push(now.toISOString());
    sets.push(`next_run_at = $${params.length}::timestamptz`);
    params.push(1);
    sets.push(`consecutive_failures = $${params.length}::int`);
    const { rows } = await db.query<Record<string, unknown>>(
      `UPDATE scheduler.subscriptions SET ${[...sets, 'updated_at = $2::timestamptz'].join(', ')} WHERE id = $1 RETURNING *`,
      params,
    );
    return rows.map(mapRow)[0];
  },
};

function mapRow(row: Record<string, unknown>) {
  const date = (value: unknown) => new Date(value as string);
  return {
    id: String(row.id),
    ownerId: String(row.owner_id),
    username: String(row.username),
    include: row.include,
    schedule: row.schedule,
    nextRunAt: date(row.next_run_at),
    consecutiveFailures: Number(row.consecutive_failures),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  };
}

interface Timing {
  insert: number;
  list: number;
  update: number;
}

/** One round of one side on a fresh owner: ROWS inserts, every page of the owner's list, ROWS updates (ms each). */
async function round(db: Database, side: Side): Promise<Timing> {
  const ownerId = randomUUID();
  const base = Date.UTC(2026, 0, 1);
  const subscriptions: Subscription[] = Array.from({ length: ROWS }, (_, index) => ({
    id: randomUUID(),
    ownerId,
    username: `bench_${index}`,
    sourceUrl: null,
    include: ['posts', 'reels'],
    schedule: { every: '6h' },
    sessionId: null,
    enabled: true,
    nextRunAt: new Date(base + index * 1000 + 3_600_000),
    lastRunAt: null,
    consecutiveFailures: 0,
    flaggedAt: null,
    flaggedReason: null,
    pausedAt: null,
    pausedReason: null,
    createdAt: new Date(base + index * 1000),
    updatedAt: new Date(base + index * 1000),
  }));
  let start = performance.now();
  for (const subscription of subscriptions) await side.insert(db, subscription);
  const insert = (performance.now() - start) / ROWS;
  start = performance.now();
  let pages = 0;
  let cursor: string | undefined;
  do {
    cursor = (await side.list(db, ownerId, cursor)).nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  const list = (performance.now() - start) / pages;
  if (pages !== Math.max(1, Math.ceil(ROWS / PAGE))) throw new Error(`walked ${pages} pages`);
  start = performance.now();
  for (const subscription of subscriptions) await side.update(db, subscription.id, new Date(base + 9_999_000));
  const update = (performance.now() - start) / ROWS;
  return { insert, list, update };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function measure(kind: 'pglite' | 'postgres'): Promise<BenchResult[]> {
  const { db, drop } = await createTestDatabase(kind);
  try {
    await migrate(db, 'scheduler-service', await loadMigrations(MIGRATIONS));
    await round(db, typedSide); // warm-up: plans, JIT, Kysely's compile path
    await round(db, handWritten);
    const typed: Timing[] = [];
    const hand: Timing[] = [];
    for (let index = 0; index < ROUNDS; index += 1) {
      // Alternate which side goes first so a drifting machine load does not favour one.
      if (index % 2 === 0) {
        typed.push(await round(db, typedSide));
        hand.push(await round(db, handWritten));
      } else {
        hand.push(await round(db, handWritten));
        typed.push(await round(db, typedSide));
      }
    }
    const note = `${kind}, ${ROWS} rows × ${ROUNDS} rounds, median ms per operation; reference: hand-written SQL`;
    return (['insert', 'list', 'update'] as const).map((operation) => {
      const value = median(typed.map((timing) => timing[operation]));
      const reference = median(hand.map((timing) => timing[operation]));
      const label = operation === 'list' ? `list page of ${PAGE}` : operation;
      return { name: `${kind}: ${label} (typed)`, value, unit: 'ms', reference, ratio: value / reference, note };
    });
  } finally {
    await drop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results = await measure('pglite');
  if (postgresAvailable) results.push(...(await measure('postgres')));
  else process.stdout.write('  PostgreSQL unreachable: measured on PGlite only\n');
  for (const result of results)
    process.stdout.write(
      `  ${result.name}: ${result.value.toFixed(3)} ms vs ${result.reference.toFixed(3)} ms hand-written (${result.ratio.toFixed(2)}×)\n`,
    );
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
