/**
 * Waiting out Instagram's pushback inside a download: the client tells when a request waits (persisted, so a
 * restarted process waits for the same moment before its first request, and published, so the queue shows it).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from '../domain/progress.js';
import type { DownloadRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from './deps.js';

export function pushbackRecorder(
  deps: DownloadDeps,
  download: DownloadRecord,
  progress: () => Progress,
): (until: Date | null) => Promise<void> {
  return async (until) => {
    await deps.notices.setWaitingUntil(download.id, until);
    if (until) deps.logger.info({ downloadId: download.id, until }, 'waiting for Instagram');
    await deps.events.publish('download.progress', {
      id: download.id,
      ownerId: download.ownerId,
      progress: progress(),
      waitingUntil: until ? until.toISOString() : null,
    });
  };
}

/** A download that was waiting when its process stopped waits for the rest of that time before going on. */
export async function waitOutPersistedPushback(
  deps: DownloadDeps,
  download: DownloadRecord,
  signal: AbortSignal,
): Promise<void> {
  if (!download.waitingUntil) return;
  const remaining = download.waitingUntil.getTime() - deps.now();
  if (remaining > 0) await sleep(remaining, undefined, { signal });
  await deps.notices.setWaitingUntil(download.id, null);
}
