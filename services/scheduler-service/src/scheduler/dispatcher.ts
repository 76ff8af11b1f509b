/**
 * Sends a recorded (pending) run to download-service. A refusal closes the run as failed; an outage leaves it
 * pending with a lease that runs out later, so this or another instance tries again, a few times at most.
 */
import { retryDelay } from '@smh/shared/backoff';
import type { Clock } from '@smh/shared/clock';
import type { Database } from '@smh/shared/db/types';
import type { Logger } from '@smh/shared/logger';
import { describeCallError, isTransientCallError, type DownloadClient } from '../adapters/download-client.js';
import { releaseRunUntil } from '../adapters/runs-repository.js';
import type { Run, Subscription } from '../domain/types.js';
import type { SchedulerOptions } from '../options.js';
import type { OutcomeRecorder } from './outcomes.js';

export type DispatchResult = { sent: true; downloadId: string } | { sent: false; error: unknown; willRetry: boolean };

export interface DispatcherDeps {
  db: Database;
  downloads: DownloadClient;
  outcomes: OutcomeRecorder;
  clock: Clock;
  options: SchedulerOptions;
  logger: Logger;
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

export function createDispatcher(deps: DispatcherDeps) {
  const { db, downloads, outcomes, clock, options, logger } = deps;

  /** Delay before the next attempt after `attempts` failed ones: 1, 2, 4 … × dispatchRetryMs. */
  const retryDelayMs = (attempts: number) =>
    retryDelay({ baseMs: options.dispatchRetryMs, maxMs: Number.POSITIVE_INFINITY }, attempts);

  return {
    /**
     * `retryOutages: false` (run-now) closes the run on any error, so the caller gets an answer at once.
     * The run must be leased by this instance (just recorded, or taken with leasePendingRuns).
     */
    async dispatch(
      run: Run,
      subscription: Subscription,
      mode: { retryOutages: boolean } = { retryOutages: true },
    ): Promise<DispatchResult> {
      try {
        const download = await outcomes.whileDispatching(async () => {
          const answer = await downloads.requestProfileSync({
            runId: run.id,
            ownerId: subscription.ownerId,
            subscriptionId: subscription.id,
            username: subscription.username,
            sourceUrl: subscription.sourceUrl,
            include: subscription.include,
            sessionId: subscription.sessionId,
          });
          await outcomes.recordDispatched(run.id, answer);
          return answer;
        });
        return { sent: true, downloadId: download.id };
      } catch (error) {
        const willRetry =
          mode.retryOutages && isTransientCallError(error) && run.dispatchAttempts < options.maxDispatchAttempts;
        if (willRetry) {
          const retryAt = new Date(clock.now().getTime() + retryDelayMs(run.dispatchAttempts));
          await releaseRunUntil(db, run.id, retryAt);
          logger.warn(
            { err: error, runId: run.id, attempt: run.dispatchAttempts, retryAt },
            'download-service did not take the run; will retry',
          );
        } else {
          const { code, message } = describeCallError(error);
          await outcomes.close(
            { runId: run.id },
            { status: 'failed', error: { code, message: `download-service refused the run: ${message}` } },
          );
        }
        return { sent: false, error, willRetry };
      }
    },
  };
}
