/** Tells the world about runs: `subscription.run` events for the owner and the smh_subscription_runs_total counter. */
import type { EventBus } from '@smh/shared/events/events';
import type { Logger } from '@smh/shared/logger';
import type { Metrics } from '@smh/shared/metrics';
import type { Run } from '../domain/types.js';

export type RunReport = 'started' | 'completed' | 'failed' | 'skipped';

export interface RunReporter {
  report(status: RunReport, run: Run): Promise<void>;
}

export function createRunReporter(deps: { events: EventBus; metrics: Metrics; logger: Logger }): RunReporter {
  const runs = new deps.metrics.client.Counter({
    name: 'smh_subscription_runs_total',
    help: 'Subscription runs by status: started (sent to download-service), completed, failed, skipped (previous run still open)',
    labelNames: ['status'] as const,
    registers: [deps.metrics.registry],
  });
  return {
    async report(status, run) {
      runs.inc({ status });
      deps.logger.info(
        {
          runId: run.id,
          subscriptionId: run.subscriptionId,
          downloadId: run.downloadId,
          status,
          error: run.errorMessage ?? undefined,
        },
        `subscription run ${status}`,
      );
      await deps.events
        .publish('subscription.run', {
          id: run.id,
          ownerId: run.ownerId,
          subscriptionId: run.subscriptionId,
          status,
          ...(run.downloadId ? { downloadId: run.downloadId } : {}),
          ...(run.newFiles === null ? {} : { newFiles: run.newFiles }),
          ...(run.errorMessage ? { error: `${run.errorCode}: ${run.errorMessage}` } : {}),
        })
        .catch((error: unknown) =>
          deps.logger.warn({ err: error, runId: run.id }, 'could not publish subscription.run'),
        );
    },
  };
}
