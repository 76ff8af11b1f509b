/**
 * One test world: a real database (PGlite or PostgreSQL), the shared in-memory event bus, a manual clock, the
 * fake download-service, and scheduler-service instances built on them (several may share the database).
 */
import { randomUUID } from 'node:crypto';
import { openPostgres, type Database } from '@smh/shared/db/index';
import type { HubEvent } from '@smh/shared/events/events';
import { createMetrics } from '@smh/shared/metrics';
import type { ServiceContext } from '@smh/shared/runtime';
import { POSTGRES_ADMIN_URL } from '@smh/shared/testing';
import { createTestContext, identityHeaders } from '@smh/shared/testing-context';
import { schedulerServiceFactory, type SchedulerService, type SchedulerServiceOverrides } from '../../src/index.js';
import { createManualClock, type ManualClock } from './clock.js';
import { startFakeDownloadService, type FakeDownloadService } from './fake-download-service.js';

export const ALICE = { userId: 'user-alice', username: 'alice', role: 'user' as const };
export const BOB = { userId: 'user-bob', username: 'bob', role: 'user' as const };
export const ADMIN = { userId: 'user-admin', username: 'root', role: 'admin' as const };

/** Options that make tests fast and exact: no jitter unless a test asks, short retry delays. */
export const TEST_OPTIONS: SchedulerServiceOverrides = {
  tickMs: 10,
  minIntervalMs: 1_000,
  dispatchRetryMs: 1_000,
  dispatchLeaseMs: 30_000,
  reconcileAfterMs: 60_000,
  // No account-service here: every session id counts as the caller's (ownership: tests/security/ownership.test.ts).
  sessions: { assertOwned: async () => undefined },
};

export interface Harness {
  kind: 'pglite' | 'postgres';
  context: ServiceContext;
  clock: ManualClock;
  fake: FakeDownloadService;
  /** Every subscription.run event published so far. */
  runEvents: Extract<HubEvent, { name: 'subscription.run' }>['data'][];
  /** A scheduler-service instance; `ownPool` gives it its own connections to the same PostgreSQL database. */
  startInstance(overrides?: SchedulerServiceOverrides & { ownPool?: boolean }): Promise<SchedulerService>;
  headers(identity: typeof ALICE | typeof BOB | typeof ADMIN): Promise<Record<string, string>>;
  subscribe(
    service: SchedulerService,
    body: Record<string, unknown>,
    identity?: typeof ALICE,
  ): Promise<{ id: string; nextRunAt: string }>;
  close(): Promise<void>;
}

export async function createHarness(kind: 'pglite' | 'postgres'): Promise<Harness> {
  let fakeUrl = '';
  const test = await createTestContext({ service: 'scheduler-service', database: kind, locate: () => fakeUrl });
  const clock = createManualClock();
  const context: ServiceContext = { ...test.context, clock };
  const fake = await startFakeDownloadService({ tokens: context.tokens, events: context.events });
  fakeUrl = fake.url;
  const runEvents: Harness['runEvents'] = [];
  const unsubscribe = context.events.subscribe((event) => {
    if (event.name === 'subscription.run') runEvents.push(event.data);
  });
  const instances: SchedulerService[] = [];
  const pools: Database[] = [];

  async function databaseUrl(): Promise<string> {
    const { rows } = await context.db.query<{ name: string }>('SELECT current_database() AS name');
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${rows[0]!.name}`;
    return url.toString();
  }

  return {
    kind,
    context,
    clock,
    fake,
    runEvents,
    async startInstance(overrides = {}) {
      const { ownPool, ...options } = overrides;
      let db = context.db;
      if (ownPool) {
        db = openPostgres(await databaseUrl(), { max: 4 });
        pools.push(db);
      }
      const service = await schedulerServiceFactory({ ...TEST_OPTIONS, ...options })({
        ...context,
        db,
        metrics: createMetrics('scheduler-service'),
      });
      instances.push(service);
      return service;
    },
    headers: (identity) => identityHeaders(context, identity),
    async subscribe(service, body, identity = ALICE) {
      const response = await service.app.inject({
        method: 'POST',
        url: '/api/subscriptions',
        headers: await identityHeaders(context, identity),
        payload: body,
      });
      if (response.statusCode !== 201) throw new Error(`subscribe failed: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    async close() {
      unsubscribe();
      for (const service of instances) {
        await service.stop?.();
        await service.app.close();
      }
      for (const pool of pools) await pool.close();
      await fake.close();
      await test.close();
    },
  };
}

/** Sets a subscription's next run (as if it had been due for a while). */
export async function setNextRun(db: Database, subscriptionId: string, at: Date): Promise<void> {
  await db.query('UPDATE scheduler.subscriptions SET next_run_at = $2::timestamptz WHERE id = $1', [
    subscriptionId,
    at.toISOString(),
  ]);
}

export async function subscriptionRow(db: Database, id: string) {
  const { rows } = await db.query<{
    next_run_at: Date;
    consecutive_failures: number;
    flagged_reason: string | null;
    paused_reason: string | null;
  }>(
    'SELECT next_run_at, consecutive_failures, flagged_reason, paused_reason FROM scheduler.subscriptions WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

export async function runRows(db: Database, subscriptionId: string) {
  const { rows } = await db.query<{
    id: string;
    status: string;
    trigger: string;
    download_id: string | null;
    new_files: number | null;
    error_code: string | null;
    scheduled_for: Date | null;
    dispatch_attempts: number;
  }>(
    'SELECT id, status, trigger, download_id, new_files, error_code, scheduled_for, dispatch_attempts FROM scheduler.runs WHERE subscription_id = $1 ORDER BY started_at, id',
    [subscriptionId],
  );
  return rows;
}

export const uniqueName = () => `user_${randomUUID().slice(0, 8)}`;
