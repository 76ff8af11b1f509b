/** Two scheduler instances, each with its own connection pool, on one PostgreSQL database. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { postgresAvailable } from '@smh/shared/testing';
import { createHarness, type Harness } from './support/harness.js';

const SUBSCRIPTIONS = 24;
const ROUNDS = 4;
const INTERVAL_MS = 60_000;

describe.runIf(postgresAvailable)('two scheduler instances on one PostgreSQL database', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('postgres');
  });
  afterEach(async () => {
    await h.close();
  });

  it('fire each due run exactly once while both loops tick concurrently', async () => {
    const a = await h.startInstance({ ownPool: true, tickMs: 2, batchSize: 5 });
    const b = await h.startInstance({ ownPool: true, tickMs: 2, batchSize: 5 });
    h.fake.mode = 'complete-after-answer';
    const ids: string[] = [];
    for (let i = 0; i < SUBSCRIPTIONS; i += 1)
      ids.push((await h.subscribe(a, { target: `profile_${i}`, schedule: { every: '1m' } })).id);
    await Promise.all([a.start!(), b.start!()]);

    for (let round = 1; round <= ROUNDS; round += 1) {
      h.clock.advance(INTERVAL_MS + 6_000); // one interval plus the largest jitter: every subscription is due once
      await vi.waitFor(
        async () => {
          const { rows } = await h.context.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM scheduler.runs WHERE status = 'completed'`,
          );
          expect(rows[0]!.n).toBe(SUBSCRIPTIONS * round);
        },
        { timeout: 20_000, interval: 20 },
      );
    }
    // More passes of both loops, racing, with nothing due: they must send nothing more.
    for (let pass = 0; pass < 5; pass += 1) {
      const summaries = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      expect(summaries.map((summary) => summary.sent + summary.resent)).toEqual([0, 0]);
    }
    await Promise.all([a.scheduler.settled(), b.scheduler.settled()]);

    expect(h.fake.calls).toHaveLength(SUBSCRIPTIONS * ROUNDS);
    const perSubscription = new Map<string, number>();
    for (const call of h.fake.calls)
      perSubscription.set(call.subscriptionId!, (perSubscription.get(call.subscriptionId!) ?? 0) + 1);
    expect([...perSubscription.keys()].sort()).toEqual([...ids].sort());
    expect([...perSubscription.values()].every((count) => count === ROUNDS)).toBe(true);
    expect(new Set(h.fake.calls.map((call) => call.idempotencyKey)).size).toBe(SUBSCRIPTIONS * ROUNDS);

    const { rows } = await h.context.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM scheduler.runs GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'completed', n: SUBSCRIPTIONS * ROUNDS }]);
    // Both instances hear every completion event; each run is reported completed once.
    expect(h.runEvents.filter((event) => event.status === 'completed')).toHaveLength(SUBSCRIPTIONS * ROUNDS);
    expect(h.runEvents.filter((event) => event.status === 'started')).toHaveLength(SUBSCRIPTIONS * ROUNDS);
  });

  it('claiming passes racing head to head never record a slot twice', async () => {
    const a = await h.startInstance({ ownPool: true, batchSize: 3 });
    const b = await h.startInstance({ ownPool: true, batchSize: 3 });
    for (let i = 0; i < 12; i += 1) await h.subscribe(a, { target: `race_${i}`, schedule: { every: '1m' } });
    h.clock.advance(10_000);
    const summaries = [];
    for (let i = 0; i < 6; i += 1)
      summaries.push(
        ...(await Promise.all([a.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick(), b.scheduler.tick()])),
      );
    expect(summaries.reduce((sum, summary) => sum + summary.sent, 0)).toBe(12);
    expect(h.fake.calls).toHaveLength(12);
    expect(new Set(h.fake.calls.map((call) => call.subscriptionId)).size).toBe(12);
  });
});
