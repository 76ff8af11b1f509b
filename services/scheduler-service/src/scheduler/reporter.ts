/** Tells the world about runs: `subscription.run` events for the owner and the smh_subscription_runs_total counter. */
import type { EventBus } from '@smh/shared/events/events';
import type { Logger } from '@smh/shared/logger';
import type { Metrics } from '@smh/shared/metrics';
import type { Run } from '../domain/types.js';

export type RunReport = 'started' | 'completed' | 'failed' | 'skipped';

export interface RunReporter {
  report(status: RunReport, run: Run): Promise<void>;
}

/**
 * The log line of a run's report (pure): "subscription run failed: @natgeo: <why>". The profile when known,
 * else the subscription's id.
 */
export function runOutcomeLine(status: RunReport, run: Run, target?: string): string {
  const which = target ? `@${target}` : `subscription ${run.subscriptionId}`;
  if (status === 'completed') {
    const files = run.newFiles === null ? '' : `, ${run.newFiles} new ${run.newFiles === 1 ? 'file' : 'files'}`;
    return `subscription run completed: ${which}${files}`;
  }
  if (status === 'failed')
    return `subscription run failed: ${which}: ${run.errorMessage ?? run.errorCode ?? 'no reason given'}`;
  if (status === 'skipped') return `subscription run skipped: ${which} (the previous run is still open)`;
  return `subscription run started: ${which}, download ${run.downloadId ?? '?'}`;
}

export function createRunReporter(deps: {
  events: EventBus;
  metrics: Metrics;
  logger: Logger;
  /** The profile a subscription follows, for the log line. */
  targetOf?: (subscriptionId: string) => Promise<string | undefined>;
}): RunReporter {
  const runs = new deps.metrics.client.Counter({
    name: 'smh_subscription_runs_total',
    help: 'Subscription runs by status: started (sent to download-service), completed, failed, skipped (previous run still open)',
    labelNames: ['status'] as const,
    registers: [deps.metrics.registry],
  });
  return {
    async report(status, run) {
      runs.inc({ status });
      const target = await deps.targetOf?.(run.subscriptionId).catch(() => undefined);
      deps.logger[status === 'started' ? 'debug' : 'info'](
        {
          runId: run.id,
          subscriptionId: run.subscriptionId,
          downloadId: run.downloadId,
          status,
          error: run.errorMessage ?? undefined,
        },
        runOutcomeLine(status, run, target),
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
