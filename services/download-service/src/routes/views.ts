/** Database records → the contract's JSON shapes. */
import type { DownloadRecord } from '../repository/downloads-repo.js';
import type { DownloadView } from './schemas.js';

export function toView(record: DownloadRecord, fileIds: readonly string[]): DownloadView {
  return {
    id: record.id,
    url: record.url,
    kind: record.kind,
    status: record.status,
    progress: { ...record.progress },
    fileIds: [...fileIds],
    ...(record.error ? { error: record.error } : {}),
    warnings: record.warnings.map(({ code, message }) => ({ code, message })),
    waitingUntil:
      record.waitingUntil && (record.status === 'running' || record.status === 'queued')
        ? record.waitingUntil.toISOString()
        : null,
    createdAt: record.createdAt.toISOString(),
    finishedAt: record.finishedAt ? record.finishedAt.toISOString() : null,
  };
}
