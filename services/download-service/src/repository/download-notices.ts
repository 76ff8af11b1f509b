/** The notices of a download (warnings, Instagram wait) in the "downloads" schema; read back by downloads-repo. */
import { type Database, sql, typed } from '@smh/shared';
import type { DownloadTables } from './tables.js';

export interface DownloadWarning {
  code: string;
  message: string;
}

export function downloadNoticesRepository(db: Database) {
  const q = typed<DownloadTables>(db);
  return {
    async saveWarnings(id: string, warnings: readonly DownloadWarning[]): Promise<void> {
      await q
        .updateTable('downloads.downloads')
        .set({ warnings: JSON.stringify(warnings), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },

    /** Persists until when the download waits for Instagram (null: not waiting); a restarted process honours it. */
    async setWaitingUntil(id: string, until: Date | null): Promise<void> {
      await q
        .updateTable('downloads.downloads')
        .set({ waiting_until: until, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },
  };
}
export type DownloadNoticesRepository = ReturnType<typeof downloadNoticesRepository>;
