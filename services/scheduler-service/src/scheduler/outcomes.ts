/**
 * Closes runs and applies what their outcome means to the subscription (failure streak, backoff, flag, session
 * pause), in one transaction per run. Outcomes arrive from events, from download-service's answer, or from
 * reconciliation; each closes a run at most once, whichever instance sees it first.
 */
import type { Clock } from '@smh/shared/clock';
import type { Database, Sql } from '@smh/shared/db/types';
import type { Logger } from '@smh/shared/logger';
import { finishRun, findRunByDownload, markRunRunning, recordRunFiles } from '../adapters/runs-repository.js';
import {
  findSubscription,
  pauseSubscriptionsUsingSession,
  updateSubscription,
  type SubscriptionChanges,
} from '../adapters/subscriptions-repository.js';
import {
  expiredSessionReason,
  isSessionProblem,
  judgeFailure,
  outcomeOfDownload,
  type RunOutcome,
} from '../domain/outcomes.js';
import { parseStoredSchedule, planNextRun } from '../domain/schedule.js';
import type { Run, Subscription } from '../domain/types.js';
import type { InternalDownload } from '../adapters/download-client.js';
import type { SchedulerOptions } from '../options.js';
import type { RunReporter } from './reporter.js';

export interface OutcomeRecorderDeps {
  db: Database;
  clock: Clock;
  reporter: RunReporter;
  options: SchedulerOptions;
  logger: Logger;
}

export type OutcomeRecorder = ReturnType<typeof createOutcomeRecorder>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createOutcomeRecorder(deps: OutcomeRecorderDeps) {
  const { db, clock, reporter, options } = deps;
  /**
   * An outcome event can overtake download-service's answer to our request (the download finished before we
   * stored its id). While this process has requests in flight, outcomes for unknown downloads wait here.
   */
  const early = new Map<string, RunOutcome>();
  let inFlight = 0;
  // Recording a download id and applying an outcome event are serialised, so neither can slip between the other's steps.
  let chain: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  function subscriptionChanges(subscription: Subscription, outcome: RunOutcome, now: Date): SubscriptionChanges {
    if (outcome.status === 'completed') return { consecutiveFailures: 0, flaggedAt: null, flaggedReason: null };
    const verdict = judgeFailure({
      previousFailures: subscription.consecutiveFailures,
      flagAfter: options.flagAfterFailures,
      error: outcome.error,
      existingFlag: subscription.flaggedReason,
    });
    const backedOff = planNextRun({
      schedule: parseStoredSchedule(subscription.schedule),
      subscriptionId: subscription.id,
      now,
      consecutiveFailures: verdict.consecutiveFailures,
      maxBackoffMs: options.maxBackoffMs,
      jitter: options.jitter,
    });
    return {
      consecutiveFailures: verdict.consecutiveFailures,
      nextRunAt: new Date(Math.max(backedOff.getTime(), subscription.nextRunAt.getTime())),
      flaggedReason: verdict.flaggedReason,
      flaggedAt: verdict.flaggedReason ? (subscription.flaggedAt ?? now) : null,
      ...(verdict.pausedReason && !subscription.pausedReason
        ? { pausedReason: verdict.pausedReason, pausedAt: now }
        : {}),
    };
  }

  async function applyToSubscription(tx: Sql, run: Run, outcome: RunOutcome, now: Date): Promise<void> {
    const subscription = await findSubscription(tx, run.subscriptionId, null, { forUpdate: true });
    if (!subscription) return;
    const changes = subscriptionChanges(subscription, outcome, now);
    await updateSubscription(tx, subscription.id, changes, now);
    const sessionProblem = outcome.status === 'failed' && isSessionProblem(outcome.error.code);
    if (changes.pausedReason && subscription.sessionId && sessionProblem) {
      // The session is the problem, so every subscription using it would fail the same way.
      await pauseSubscriptionsUsingSession(tx, subscription.sessionId, changes.pausedReason, now);
    }
  }

  /** Closes the run (if still open) and updates its subscription; reports it. Undefined when already closed. */
  async function close(
    where: { runId: string } | { downloadId: string },
    outcome: RunOutcome,
  ): Promise<Run | undefined> {
    const now = clock.now();
    const run = await db.transaction(async (tx) => {
      const closed = await finishRun(tx, where, outcome, now);
      if (!closed) return undefined;
      await applyToSubscription(tx, closed, outcome, now);
      return outcome.status === 'completed' ? recordRunFiles(tx, closed, outcome.fileIds) : closed;
    });
    if (run) await reporter.report(outcome.status, run);
    return run;
  }

  return {
    close,

    /** Wraps a request to download-service so outcomes arriving meanwhile are kept for it. */
    async whileDispatching<T>(send: () => Promise<T>): Promise<T> {
      inFlight += 1;
      try {
        return await send();
      } finally {
        inFlight -= 1;
        if (inFlight === 0) early.clear();
      }
    },

    /** Download-service accepted the run: store the download id, then apply any outcome already known. */
    recordDispatched(runId: string, download: InternalDownload): Promise<Run | undefined> {
      return serially(async () => {
        const run = await markRunRunning(db, runId, download.id, clock.now());
        if (!run) return undefined;
        await reporter.report('started', run);
        const known = early.get(download.id) ?? outcomeOfDownload(download);
        early.delete(download.id);
        if (known) await close({ downloadId: download.id }, known);
        return run;
      });
    },

    /** A download.completed / failed / canceled event (for any download of the hub). */
    onDownloadOutcome(downloadId: string, outcome: RunOutcome): Promise<void> {
      return serially(async () => {
        if (await close({ downloadId }, outcome)) return;
        if (inFlight > 0 && !(await findRunByDownload(db, downloadId))) early.set(downloadId, outcome);
      });
    },

    /** session.expired: pause the subscriptions that use it until their owner edits or resumes them. */
    async onSessionExpired(sessionId: string, reason: string): Promise<Subscription[]> {
      if (!UUID.test(sessionId)) return [];
      const paused = await pauseSubscriptionsUsingSession(
        db,
        sessionId,
        expiredSessionReason(sessionId, reason),
        clock.now(),
      );
      for (const subscription of paused)
        deps.logger.warn({ subscriptionId: subscription.id, sessionId }, 'subscription paused: session expired');
      return paused;
    },
  };
}
