/**
 * Helpers for tests that need real servers. A test database or key prefix belongs to one run and is removed
 * after it. When PostgreSQL/Redis are not reachable the server-backed tests are skipped with a loud notice,
 * unless SMH_REQUIRE_SERVICES=1 (set by CI), which turns the skip into a failure.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import type { Database } from './db/types.js';

export const POSTGRES_ADMIN_URL = process.env.SMH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_TEST_URL = process.env.SMH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const required = process.env.SMH_REQUIRE_SERVICES === '1' || process.env.CI === 'true';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** True when the server answers; false (with a loud notice) when it does not and skipping is allowed. */
export async function serverAvailable(kind: 'postgres' | 'redis'): Promise<boolean> {
  const url = kind === 'postgres' ? POSTGRES_ADMIN_URL : REDIS_TEST_URL;
  if (await reachable(url)) return true;
  const message = `${kind} is not reachable at ${url}`;
  if (required) throw new Error(`${message}, and SMH_REQUIRE_SERVICES/CI requires it`);
  console.warn(`\n!!! SKIPPING ${kind}-backed tests: ${message}. Start it to run them. !!!\n`);
  return false;
}

export const postgresAvailable = await serverAvailable('postgres');
export const redisAvailable = await serverAvailable('redis');

/** A fresh database on the real server; `drop()` removes it. */
export async function createPostgresTestDatabase(): Promise<{ url: string; db: Database; drop(): Promise<void> }> {
  const name = `smh_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

let template: Promise<File | Blob> | undefined;

/** A fresh in-memory PGlite, cloned from a template so each costs ~0.5 s instead of an initdb. */
export async function createPgliteTestDatabase(): Promise<Database> {
  template ??= (async () => {
    const seed = await PGlite.create();
    const dump = await seed.dumpDataDir('none');
    await seed.close();
    return dump;
  })();
  const dump = await template;
  return openPglite(undefined, { loadDataDir: dump });
}

/** Runs a database-layer suite on both engines. */
export const DATABASE_KINDS = ['pglite', 'postgres'] as const;

export async function createTestDatabase(
  kind: (typeof DATABASE_KINDS)[number],
): Promise<{ db: Database; url?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await createPgliteTestDatabase();
    return { db, drop: () => db.close() };
  }
  return createPostgresTestDatabase();
}

export function testPrefix(): string {
  return `smh-test-${randomUUID().slice(0, 8)}`;
}
