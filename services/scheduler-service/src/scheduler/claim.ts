/**
 * One claiming pass: in a single transaction, lock the due subscriptions (FOR UPDATE SKIP LOCKED, so a second
 * instance skips them), move each one's next run forward from *now* (missed slots collapse into this one run),
 * and record the run — pending (to send) or skipped (the previous run is still open). Committing the run row and
 * the new next_run_at together is what makes a run neither lost nor doubled across restarts and instances.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Sql } from '@smh/shared/db/types';
import { findOpenRun, insertRun } from '../adapters/runs-repository.js';
import { lockDueSubscriptions, updateSubscription } from '../adapters/subscriptions-repository.js';
import { parseStoredSchedule, planNextRun } from '../domain/schedule.js';
import type { Run, Subscription } from '../domain/types.js';
import type { SchedulerOptions } from '../options.js';

export interface ClaimedRuns {
  /** Recorded pending runs, leased to this instance: send them now. */
  toDispatch: { run: Run; subscription: Subscription }[];
  skipped: Run[];
  /** Subscriptions whose stored schedule no longer parses; they were paused. */
  broken: Subscription[];
}

export async function claimDueRuns(db: Database, now: Date, options: SchedulerOptions): Promise<ClaimedRuns> {
  return db.transaction(async (tx) => {
    const claimed: ClaimedRuns = { toDispatch: [], skipped: [], broken: [] };
    for (const subscription of await lockDueSubscriptions(tx, now, options.batchSize)) {
      let nextRunAt: Date;
      try {
        nextRunAt = planNextRun({
          schedule: parseStoredSchedule(subscription.schedule),
          subscriptionId: subscription.id,
          now,
          consecutiveFailures: subscription.consecutiveFailures,
          maxBackoffMs: options.maxBackoffMs,
          jitter: options.jitter,
        });
      } catch (error) {
        await updateSubscription(
          tx,
          subscription.id,
          {
            pausedReason: `Paused: its schedule cannot be used (${(error as Error).message}). Edit the schedule.`,
            pausedAt: now,
          },
          now,
        );
        claimed.broken.push(subscription);
        continue;
      }
      const run = await recordRun(tx, subscription, now, options);
      await updateSubscription(tx, subscription.id, { nextRunAt, lastRunAt: now }, now);
      if (run?.status === 'pending') claimed.toDispatch.push({ run, subscription });
      else if (run) claimed.skipped.push(run);
    }
    return claimed;
  });
}

async function recordRun(
  tx: Sql,
  subscription: Subscription,
  now: Date,
  options: SchedulerOptions,
): Promise<Run | undefined> {
  const open = await findOpenRun(tx, subscription.id);
  const base = {
    id: randomUUID(),
    subscriptionId: subscription.id,
    ownerId: subscription.ownerId,
    trigger: 'schedule' as const,
    scheduledFor: subscription.nextRunAt,
    startedAt: now,
  };
  if (open) {
    const what = open.downloadId ? `download ${open.downloadId}` : `run ${open.id}`;
    return insertRun(tx, {
      ...base,
      status: 'skipped',
      leaseUntil: null,
      dispatchAttempts: 0,
      error: { code: 'PREVIOUS_RUN_OPEN', message: `the previous run (${what}) has not finished yet` },
    });
  }
  return insertRun(tx, {
    ...base,
    status: 'pending',
    leaseUntil: new Date(now.getTime() + options.dispatchLeaseMs),
    dispatchAttempts: 1,
  });
}
