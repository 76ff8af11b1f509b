/** The notices of a download (warnings, Instagram wait) in the "downloads" schema; read back by downloads-repo. */
import type { Database } from '@smh/shared';

export interface DownloadWarning {
  code: string;
  message: string;
}

export function downloadNoticesRepository(db: Database) {
  return {
    async saveWarnings(id: string, warnings: readonly DownloadWarning[]): Promise<void> {
      await db.query('UPDATE downloads.downloads SET warnings = $2::jsonb, updated_at = now() WHERE id = $1', [
        id,
        JSON.stringify(warnings),
      ]);
    },

    /** Persists until when the download waits for Instagram (null: not waiting); a restarted process honours it. */
    async setWaitingUntil(id: string, until: Date | null): Promise<void> {
      await db.query('UPDATE downloads.downloads SET waiting_until = $2, updated_at = now() WHERE id = $1', [
        id,
        until ? until.toISOString() : null,
      ]);
    },
  };
}
export type DownloadNoticesRepository = ReturnType<typeof downloadNoticesRepository>;
