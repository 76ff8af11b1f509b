/**
 * Runs whose outcome event never reached us (the service was down, an event got lost): ask download-service
 * where their download stands and close them accordingly.
 */
import type { Clock } from '@smh/shared/clock';
import type { Database } from '@smh/shared/db/types';
import type { Logger } from '@smh/shared/logger';
import type { DownloadClient } from '../adapters/download-client.js';
import { markRunChecked, runsToReconcile } from '../adapters/runs-repository.js';
import { outcomeOfDownload } from '../domain/outcomes.js';
import type { OutcomeRecorder } from './outcomes.js';

export interface ReconcileDeps {
  db: Database;
  downloads: DownloadClient;
  outcomes: OutcomeRecorder;
  clock: Clock;
  logger: Logger;
}

/** Checks running runs not checked since `before` (all of them when null); returns how many it closed. */
export async function reconcileRunningRuns(deps: ReconcileDeps, before: Date | null, limit: number): Promise<number> {
  let closed = 0;
  for (const run of await runsToReconcile(deps.db, before, limit)) {
    if (!run.downloadId) continue;
    let download: Awaited<ReturnType<DownloadClient['getDownload']>>;
    try {
      download = await deps.downloads.getDownload(run.downloadId);
    } catch (error) {
      deps.logger.warn(
        { err: error, runId: run.id },
        'cannot reach download-service to reconcile runs; will try later',
      );
      return closed;
    }
    const outcome = download
      ? outcomeOfDownload(download)
      : {
          status: 'failed' as const,
          error: { code: 'DOWNLOAD_MISSING', message: `download-service no longer knows download ${run.downloadId}` },
        };
    if (outcome) {
      if (await deps.outcomes.close({ runId: run.id }, outcome)) closed += 1;
    } else {
      await markRunChecked(deps.db, run.id, deps.clock.now());
    }
  }
  return closed;
}
