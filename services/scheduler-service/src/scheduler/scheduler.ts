/**
 * The scheduler of one instance: a loop that every tick claims due subscriptions and sends their runs, resends
 * runs whose instance vanished, and reconciles runs whose outcome never arrived; plus the listener for outcome
 * and session events, and run-now. Any number of instances may run against one database.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@smh/shared/clock';
import type { Database } from '@smh/shared/db/types';
import type { EventBus, HubEvent } from '@smh/shared/events/events';
import { AppError, conflict, notFound } from '@smh/shared/http/errors';
import type { Logger } from '@smh/shared/logger';
import type { DownloadClient } from '../adapters/download-client.js';
import { findOpenRun, insertRun, leasePendingRuns } from '../adapters/runs-repository.js';
import { findSubscription } from '../adapters/subscriptions-repository.js';
import type { Run } from '../domain/types.js';
import type { SchedulerOptions } from '../options.js';
import { claimDueRuns } from './claim.js';
import { createDispatcher } from './dispatcher.js';
import { createOutcomeRecorder } from './outcomes.js';
import { reconcileRunningRuns } from './reconcile.js';
import type { RunReporter } from './reporter.js';

export interface SchedulerDeps {
  db: Database;
  events: EventBus;
  downloads: DownloadClient;
  reporter: RunReporter;
  clock: Clock;
  options: SchedulerOptions;
  logger: Logger;
}

export interface TickSummary {
  sent: number;
  skipped: number;
  /** Pending runs of a vanished instance (or after an outage) sent again. */
  resent: number;
  reconciled: number;
}

export interface Scheduler {
  /** One pass of the loop (the timer calls it; tests may too). */
  tick(): Promise<TickSummary>;
  /** Runs a subscription now; `ownerId` null for an admin. */
  runNow(subscriptionId: string, ownerId: string | null): Promise<{ runId: string; downloadId: string }>;
  /** Subscribes to events, reconciles every running run once, starts the timer. */
  start(): Promise<void>;
  /** Stops the timer and the listener; waits for work in progress. */
  stop(): Promise<void>;
  /** Resolves when the event handlers started so far have finished (for tests). */
  settled(): Promise<void>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { db, events, clock, options, logger } = deps;
  const outcomes = createOutcomeRecorder(deps);
  const dispatcher = createDispatcher({ ...deps, outcomes });
  const handling = new Set<Promise<unknown>>();
  let current: Promise<TickSummary> | undefined;
  let queued: Promise<TickSummary> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  async function pass(): Promise<TickSummary> {
    const now = clock.now();
    const claimed = await claimDueRuns(db, now, options);
    for (const run of claimed.skipped) await deps.reporter.report('skipped', run);
    let sent = 0;
    for (const { run, subscription } of claimed.toDispatch)
      if ((await dispatcher.dispatch(run, subscription)).sent) sent += 1;
    const resent = await resendOrphans(now);
    const reconciled = await reconcileRunningRuns(
      { ...deps, outcomes },
      new Date(now.getTime() - options.reconcileAfterMs),
      options.batchSize,
    );
    return { sent, skipped: claimed.skipped.length, resent, reconciled };
  }

  async function resendOrphans(now: Date): Promise<number> {
    let resent = 0;
    for (const run of await leasePendingRuns(db, now, options.dispatchLeaseMs, options.batchSize)) {
      const subscription = await findSubscription(db, run.subscriptionId, null);
      if (subscription && (await dispatcher.dispatch(run, subscription)).sent) resent += 1;
    }
    return resent;
  }

  /** A tick always includes a pass that starts after it was called; callers arriving meanwhile share the next one. */
  function tick(): Promise<TickSummary> {
    if (!current) {
      current = pass().finally(() => {
        current = undefined;
      });
      return current;
    }
    queued ??= current
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return tick();
      });
    return queued;
  }

  function onEvent(event: HubEvent): void {
    let task: Promise<unknown> | undefined;
    if (event.name === 'download.completed')
      task = outcomes.onDownloadOutcome(event.data.id, { status: 'completed', fileIds: event.data.fileIds });
    else if (event.name === 'download.failed')
      task = outcomes.onDownloadOutcome(event.data.id, {
        status: 'failed',
        error: { code: event.data.error.code, message: event.data.error.message },
      });
    else if (event.name === 'download.canceled')
      task = outcomes.onDownloadOutcome(event.data.id, {
        status: 'failed',
        error: { code: 'CANCELED', message: 'the download was canceled' },
      });
    else if (event.name === 'session.expired') task = outcomes.onSessionExpired(event.data.id, event.data.reason);
    if (!task) return;
    const tracked = task.catch((error: unknown) =>
      logger.error({ err: error, event: event.name }, 'could not apply event to subscription runs'),
    );
    handling.add(tracked);
    void tracked.finally(() => handling.delete(tracked));
  }

  return {
    tick,

    async runNow(subscriptionId, ownerId) {
      const now = clock.now();
      const { run, subscription } = await db.transaction(async (tx) => {
        const subscription = await findSubscription(tx, subscriptionId, ownerId, { forUpdate: true });
        if (!subscription) throw notFound('Subscription');
        const open = await findOpenRun(tx, subscriptionId);
        if (open) {
          throw conflict(
            `A run of this subscription is still in progress${open.downloadId ? ` (download ${open.downloadId})` : ''}; wait for it to finish.`,
            { runId: open.id, downloadId: open.downloadId },
          );
        }
        const recorded = await insertRun(tx, {
          id: randomUUID(),
          subscriptionId,
          ownerId: subscription.ownerId,
          trigger: 'manual',
          scheduledFor: null,
          status: 'pending',
          startedAt: now,
          leaseUntil: new Date(now.getTime() + options.dispatchLeaseMs),
          dispatchAttempts: 1,
        });
        return { run: recorded as Run, subscription };
      });
      const result = await dispatcher.dispatch(run, subscription, { retryOutages: false });
      if (result.sent) return { runId: run.id, downloadId: result.downloadId };
      if (result.error instanceof AppError) throw result.error;
      throw new AppError(
        502,
        'DISPATCH_FAILED',
        `download-service did not take the run: ${(result.error as Error).message}`,
      );
    },

    async start() {
      unsubscribe = events.subscribe(onEvent);
      await reconcileRunningRuns({ ...deps, outcomes }, null, 1000).catch((error: unknown) =>
        logger.warn({ err: error }, 'start-up reconciliation failed'),
      );
      const loop = () => {
        void tick()
          .catch((error: unknown) => logger.error({ err: error }, 'scheduler tick failed'))
          .finally(() => {
            if (unsubscribe) timer = setTimeout(loop, options.tickMs);
          });
      };
      loop();
    },

    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      clearTimeout(timer);
      await (queued ?? current)?.catch(() => undefined);
      await Promise.allSettled([...handling]);
    },

    async settled() {
      while (handling.size > 0) await Promise.allSettled([...handling]);
    },
  };
}
