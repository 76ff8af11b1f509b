/** The scheduler's repositories (typed SQL) on both engines: PGlite and the real PostgreSQL server. */
import { randomUUID } from 'node:crypto';
import { type Database, loadMigrations, migrate } from '@smh/shared';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as runs from '../src/adapters/runs-repository.js';
import * as subscriptions from '../src/adapters/subscriptions-repository.js';
import type { Subscription } from '../src/domain/types.js';
import * as notifications from '../src/notifications/repository.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe.each(DATABASE_KINDS)('scheduler repositories on %s', (kind) => {
  const available = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    if (!available) return;
    ({ db, drop } = await createTestDatabase(kind));
    await migrate(db, 'scheduler-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
  });
  afterAll(async () => {
    if (available) await drop();
  });

  const newSubscription = (ownerId: string, ms: number, overrides: Partial<Subscription> = {}): Subscription => ({
    id: randomUUID(),
    ownerId,
    username: `user_${randomUUID().slice(0, 8)}`,
    sourceUrl: null,
    include: ['posts', 'reels'],
    schedule: { every: '6h' },
    sessionId: null,
    enabled: true,
    nextRunAt: at(ms + 60_000),
    lastRunAt: null,
    consecutiveFailures: 0,
    flaggedAt: null,
    flaggedReason: null,
    pausedAt: null,
    pausedReason: null,
    createdAt: at(ms),
    updatedAt: at(ms),
    ...overrides,
  });

  it.runIf(available)('subscriptions: every field round-trips, owners are scoped, pages are stable', async () => {
    const owner = randomUUID();
    const session = randomUUID();
    const wanted = newSubscription(owner, 0, {
      sessionId: session,
      schedule: { cron: '0 */6 * * *', timezone: 'UTC' },
    });
    expect(await subscriptions.insertSubscription(db, wanted)).toEqual(wanted);
    expect(await subscriptions.insertSubscription(db, { ...wanted, id: randomUUID() })).toBeUndefined();
    expect(await subscriptions.findSubscription(db, wanted.id, owner)).toEqual(wanted);
    expect(await subscriptions.findSubscription(db, wanted.id, randomUUID())).toBeUndefined();
    expect(await subscriptions.findSubscription(db, wanted.id, null, { forUpdate: true })).toEqual(wanted);

    const later = [newSubscription(owner, 1000), newSubscription(owner, 2000)];
    for (const subscription of later) await subscriptions.insertSubscription(db, subscription);
    const page1 = await subscriptions.listSubscriptions(db, owner, { limit: 2 });
    expect(page1.items.map((s) => s.id)).toEqual([later[1]?.id, later[0]?.id]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await subscriptions.listSubscriptions(db, owner, { limit: 2, cursor: page1.nextCursor ?? '' });
    expect(page2).toEqual({ items: [wanted], nextCursor: null });

    const changed = await subscriptions.updateSubscription(
      db,
      wanted.id,
      {
        include: ['stories'],
        schedule: { every: '1h' },
        sessionId: null,
        enabled: false,
        nextRunAt: at(5000),
        consecutiveFailures: 3,
        flaggedAt: at(4000),
        flaggedReason: 'failing',
        lastRunAt: at(3000),
      },
      at(9000),
    );
    expect(changed).toEqual({
      ...wanted,
      include: ['stories'],
      schedule: { every: '1h' },
      sessionId: null,
      enabled: false,
      nextRunAt: at(5000),
      consecutiveFailures: 3,
      flaggedAt: at(4000),
      flaggedReason: 'failing',
      lastRunAt: at(3000),
      updatedAt: at(9000),
    });
    // undefined leaves a column alone, null clears it.
    expect(
      await subscriptions.updateSubscription(db, wanted.id, { flaggedAt: null, flaggedReason: null }, at(9500)),
    ).toEqual({
      ...changed,
      flaggedAt: null,
      flaggedReason: null,
      updatedAt: at(9500),
    });

    expect(await subscriptions.deleteSubscription(db, wanted.id, randomUUID())).toBe(false);
    expect(await subscriptions.deleteSubscription(db, wanted.id, owner)).toBe(true);
    expect(await subscriptions.findSubscription(db, wanted.id, null)).toBeUndefined();
  });

  it.runIf(available)('subscriptions: locks only due, active ones and pauses those of a session', async () => {
    const owner = randomUUID();
    const session = randomUUID();
    const far = 10 ** 9;
    const due = newSubscription(owner, far, { sessionId: session, nextRunAt: at(far) });
    const notDue = newSubscription(owner, far, { nextRunAt: at(far + 1) });
    const disabled = newSubscription(owner, far, { enabled: false, nextRunAt: at(far) });
    for (const subscription of [due, notDue, disabled]) await subscriptions.insertSubscription(db, subscription);
    const locked = await db.transaction((tx) => subscriptions.lockDueSubscriptions(tx, at(far), 100));
    expect(locked.map((s) => s.id)).toContain(due.id);
    expect(locked.map((s) => s.id)).not.toContain(notDue.id);
    expect(locked.map((s) => s.id)).not.toContain(disabled.id);

    const paused = await subscriptions.pauseSubscriptionsUsingSession(db, session, 'SESSION_EXPIRED', at(far + 5));
    expect(paused).toEqual([
      { ...due, pausedReason: 'SESSION_EXPIRED', pausedAt: at(far + 5), updatedAt: at(far + 5) },
    ]);
    expect(await subscriptions.pauseSubscriptionsUsingSession(db, session, 'again', at(far + 6))).toEqual([]);
    const afterPause = await db.transaction((tx) => subscriptions.lockDueSubscriptions(tx, at(far), 100));
    expect(afterPause.map((s) => s.id)).not.toContain(due.id);
  });

  it.runIf(available)('runs: one per slot, leased, started, finished once, new files counted', async () => {
    const owner = randomUUID();
    const subscription = newSubscription(owner, 0);
    await subscriptions.insertSubscription(db, subscription);
    const base = {
      subscriptionId: subscription.id,
      ownerId: owner,
      trigger: 'schedule' as const,
      scheduledFor: at(60_000),
      status: 'pending' as const,
      startedAt: at(60_000),
      leaseUntil: at(61_000),
      dispatchAttempts: 1,
    };
    const run = await runs.insertRun(db, { ...base, id: randomUUID() });
    expect(run).toEqual({
      ...base,
      id: run?.id,
      leaseUntil: undefined,
      downloadId: null,
      newFiles: null,
      errorCode: null,
      errorMessage: null,
      finishedAt: null,
    });
    if (!run) throw new Error('expected a run');
    expect(await runs.insertRun(db, { ...base, id: randomUUID() })).toBeUndefined();
    const skipped = await runs.insertRun(db, {
      ...base,
      id: randomUUID(),
      trigger: 'manual',
      status: 'skipped',
      error: { code: 'BUSY', message: 'a run is still out' },
    });
    expect(skipped).toMatchObject({ status: 'skipped', finishedAt: at(60_000), errorCode: 'BUSY' });
    expect((await runs.findOpenRun(db, subscription.id))?.id).toBe(run.id);

    // The recorder holds the lease until 61 s; after that anyone may take it, and the attempt is counted.
    expect((await runs.leasePendingRuns(db, at(60_500), 30_000, 10)).map((r) => r.id)).not.toContain(run.id);
    const leased = await runs.leasePendingRuns(db, at(61_000), 30_000, 10);
    expect(leased.find((r) => r.id === run.id)?.dispatchAttempts).toBe(2);
    expect((await runs.leasePendingRuns(db, at(61_000 + 29_999), 30_000, 10)).map((r) => r.id)).not.toContain(run.id);
    await runs.releaseRunUntil(db, run.id, at(70_000));
    expect((await runs.leasePendingRuns(db, at(70_000), 30_000, 10)).map((r) => r.id)).toContain(run.id);

    const downloadId = randomUUID();
    const running = await runs.markRunRunning(db, run.id, downloadId, at(71_000));
    expect(running).toMatchObject({ status: 'running', downloadId });
    expect(await runs.markRunRunning(db, run.id, randomUUID(), at(71_000))).toBeUndefined();
    expect((await runs.runsToReconcile(db, at(70_000), 100)).map((r) => r.id)).not.toContain(run.id);
    expect((await runs.runsToReconcile(db, at(71_000), 100)).map((r) => r.id)).toContain(run.id);
    await runs.markRunChecked(db, run.id, at(80_000));
    expect((await runs.runsToReconcile(db, at(79_000), 100)).map((r) => r.id)).not.toContain(run.id);
    expect((await runs.runsToReconcile(db, null, 1000)).map((r) => r.id)).toContain(run.id);
    expect((await runs.findRunByDownload(db, downloadId))?.id).toBe(run.id);
    expect(await notifications.isSubscriptionDownload(db, downloadId)).toBe(true);
    expect(await notifications.isSubscriptionDownload(db, randomUUID())).toBe(false);

    const finished = await runs.finishRun(db, { downloadId }, { status: 'completed', fileIds: [] }, at(90_000));
    expect(finished).toMatchObject({ status: 'completed', finishedAt: at(90_000), errorCode: null });
    expect(
      await runs.finishRun(db, { runId: run.id }, { status: 'completed', fileIds: [] }, at(91_000)),
    ).toBeUndefined();
    if (!finished) throw new Error('expected a finished run');
    expect((await runs.recordRunFiles(db, finished, ['f1', 'f2', 'f2'])).newFiles).toBe(2);
    expect(await notifications.newFilesOfRun(db, run.id)).toEqual(['f1', 'f2']);
    const next = await runs.insertRun(db, { ...base, id: randomUUID(), scheduledFor: at(120_000) });
    if (!next) throw new Error('expected the next slot to be free');
    expect((await runs.recordRunFiles(db, next, ['f2', 'f3'])).newFiles).toBe(1);
    expect((await runs.recordRunFiles(db, next, [])).newFiles).toBe(0);
    const failed = await runs.finishRun(
      db,
      { runId: next.id },
      { status: 'failed', error: { code: 'UPSTREAM', message: 'no' } },
      at(121_000),
    );
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'UPSTREAM', errorMessage: 'no' });

    const page1 = await runs.listRuns(db, subscription.id, { limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await runs.listRuns(db, subscription.id, { limit: 2, cursor: page1.nextCursor ?? '' });
    expect([...page1.items, ...page2.items].map((r) => r.id).sort()).toEqual([run.id, skipped?.id, next.id].sort());
    expect(page2.nextCursor).toBeNull();
  });

  it.runIf(available)('notification targets and deliveries: round trip, scope, dedupe, attempts', async () => {
    const owner = randomUUID();
    const target = {
      id: randomUUID(),
      ownerId: owner,
      type: 'webhook' as const,
      name: 'hook',
      config: { url: 'https://example.test/hook', headers: { a: 'b' } },
      secret: 's3cret',
      events: ['media.new' as const, 'download.failed' as const],
      createdAt: at(0),
      updatedAt: at(0),
    };
    expect(await notifications.insertTarget(db, target)).toEqual(target);
    const second = await notifications.insertTarget(db, {
      ...target,
      id: randomUUID(),
      events: ['disk.low'],
      createdAt: at(1),
      updatedAt: at(1),
    });
    expect(await notifications.findTarget(db, target.id, owner)).toEqual(target);
    expect(await notifications.findTarget(db, target.id, randomUUID())).toBeUndefined();
    const page1 = await notifications.listTargets(db, owner, { limit: 1 });
    expect(page1.items).toEqual([second]);
    expect(await notifications.listTargets(db, owner, { limit: 1, cursor: page1.nextCursor ?? '' })).toEqual({
      items: [target],
      nextCursor: null,
    });
    expect((await notifications.targetsForEvent(db, owner, 'media.new')).map((t) => t.id)).toEqual([target.id]);
    expect((await notifications.targetsForEvent(db, null, 'disk.low')).map((t) => t.id)).toContain(second.id);

    const message = { event: 'media.new' as const, occurredAt: at(5).toISOString(), data: { files: ['f1'] } };
    const delivery = await notifications.insertDelivery(db, {
      id: randomUUID(),
      target,
      message,
      dedupeKey: 'k1',
      now: at(5),
    });
    expect(delivery).toEqual({
      id: delivery?.id,
      targetId: target.id,
      ownerId: owner,
      event: 'media.new',
      payload: message,
      status: 'pending',
      httpStatus: null,
      attempts: 0,
      lastError: null,
      createdAt: at(5),
      updatedAt: at(5),
    });
    if (!delivery) throw new Error('expected a delivery');
    expect(
      await notifications.insertDelivery(db, { id: randomUUID(), target, message, dedupeKey: 'k1', now: at(6) }),
    ).toBeUndefined();
    const undeduped = await notifications.insertDelivery(db, {
      id: randomUUID(),
      target: second,
      message,
      dedupeKey: null,
      now: at(7),
    });
    expect(await notifications.findDelivery(db, delivery.id)).toEqual(delivery);

    const retry = await notifications.recordAttempt(
      db,
      delivery.id,
      { status: 'pending', httpStatus: 500, error: 'HTTP 500' },
      at(8),
    );
    expect(retry).toMatchObject({ attempts: 1, httpStatus: 500, lastError: 'HTTP 500', updatedAt: at(8) });
    // A network error has no status: the last one seen is kept.
    const failed = await notifications.recordAttempt(
      db,
      delivery.id,
      { status: 'failed', httpStatus: null, error: 'reset' },
      at(9),
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, httpStatus: 500, lastError: 'reset' });
    expect(
      await notifications.recordAttempt(db, delivery.id, { status: 'delivered', httpStatus: 200, error: null }, at(10)),
    ).toBeUndefined();

    const all = await notifications.listDeliveries(db, { ownerId: owner }, { limit: 1 });
    expect(all.items.map((d) => d.id)).toEqual([undeduped?.id]);
    expect(
      (
        await notifications.listDeliveries(db, { ownerId: owner }, { limit: 1, cursor: all.nextCursor ?? '' })
      ).items.map((d) => d.id),
    ).toEqual([delivery.id]);
    expect(
      (await notifications.listDeliveries(db, { ownerId: null, targetId: target.id }, { limit: 5 })).items.map(
        (d) => d.id,
      ),
    ).toEqual([delivery.id]);

    expect(
      await notifications.updateTarget(
        db,
        target.id,
        { name: 'renamed', config: { url: 'https://x.test' }, events: ['disk.low'] },
        at(11),
      ),
    ).toEqual({
      ...target,
      name: 'renamed',
      config: { url: 'https://x.test' },
      events: ['disk.low'],
      updatedAt: at(11),
    });
    expect(await notifications.deleteTarget(db, target.id, randomUUID())).toBe(false);
    expect(await notifications.deleteTarget(db, target.id, null)).toBe(true);
  });

  it.runIf(available)('subscription facts for messages', async () => {
    const subscription = newSubscription(randomUUID(), 0);
    await subscriptions.insertSubscription(db, subscription);
    await subscriptions.updateSubscription(
      db,
      subscription.id,
      { flaggedReason: 'failing', pausedReason: 'SESSION_EXPIRED' },
      at(1),
    );
    expect(await notifications.subscriptionFacts(db, subscription.id)).toEqual({
      username: subscription.username,
      flaggedReason: 'failing',
      pausedReason: 'SESSION_EXPIRED',
    });
    expect(await notifications.subscriptionFacts(db, randomUUID())).toBeUndefined();
  });
});
