/** SQL for planning a download page by page (streaming listing), and for finding downloads a request joins. */
import { type Database, sql, typed } from '@smh/shared';
import type { ItemSpec } from '../domain/plan.js';
import type { DownloadKind } from '../domain/target.js';
import type { DownloadTables } from './tables.js';

/** Where a profile listing stopped: the feed being listed and the cursor of its next page. */
export interface ListingState {
  feed: string;
  cursor: string | null;
  taken?: number;
}

export interface PlanningState {
  listing: ListingState | null;
  scanned: number;
}

export function planRepository(db: Database) {
  const q = typed<DownloadTables>(db);
  const itemCount = (downloadId: string) =>
    q
      .selectFrom('downloads.download_items')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('download_id', '=', downloadId);

  return {
    /** Adds items (already-present media keys are kept as they are); returns the new total. */
    async appendItems(downloadId: string, items: readonly ItemSpec[]): Promise<number> {
      for (let i = 0; i < items.length; i += 200) {
        const chunk = items.slice(i, i + 200);
        await q
          .insertInto('downloads.download_items')
          .values(
            chunk.map((item) => ({
              download_id: downloadId,
              position: item.position,
              media_key: item.mediaKey,
              platform_media_id: item.platformMediaId,
              resource_index: item.resourceIndex,
              kind: item.kind,
              url: item.url,
              meta: JSON.stringify(item.meta),
            })),
          )
          .onConflict((conflict) => conflict.columns(['download_id', 'media_key']).doNothing())
          .execute();
      }
      const row = await q
        .updateTable('downloads.downloads')
        .set({ files_total: itemCount(downloadId), updated_at: sql<Date>`now()` })
        .where('id', '=', downloadId)
        .returning('files_total')
        .executeTakeFirst();
      return row?.files_total ?? 0;
    },

    /** Stored after a page's items: a restart lists from `listing` on. */
    async saveListing(downloadId: string, state: PlanningState): Promise<void> {
      await q
        .updateTable('downloads.downloads')
        .set({ listing: state.listing ? JSON.stringify(state.listing) : null, scanned: state.scanned })
        .where('id', '=', downloadId)
        .execute();
    },

    async planningState(downloadId: string): Promise<PlanningState> {
      const row = await q
        .selectFrom('downloads.downloads')
        .select(['listing', 'scanned'])
        .where('id', '=', downloadId)
        .executeTakeFirst();
      return { listing: row?.listing ?? null, scanned: row?.scanned ?? 0 };
    },

    /** The listing reached its end: every item is planned. */
    async completePlan(downloadId: string): Promise<void> {
      await q
        .updateTable('downloads.downloads')
        .set({ planned: true, listing: null, files_total: itemCount(downloadId), updated_at: sql<Date>`now()` })
        .where('id', '=', downloadId)
        .execute();
    },

    /** Queued or running downloads of this owner and kind (a new request for the same target joins one). */
    async openDownloads(
      ownerId: string,
      kind: DownloadKind,
    ): Promise<Array<{ id: string; url: string; include: string[] }>> {
      return q
        .selectFrom('downloads.downloads')
        .select(['id', 'url', 'include'])
        .where('owner_id', '=', ownerId)
        .where('kind', '=', kind)
        .where('status', 'in', ['queued', 'running'])
        .orderBy('created_at')
        .execute();
    },

    /** Targets this owner archived completely: no item limit, and nothing Instagram withheld (no warnings). */
    async completeArchiveUrls(ownerId: string, kind: DownloadKind): Promise<string[]> {
      const rows = await q
        .selectFrom('downloads.downloads')
        .select('url')
        .distinct()
        .where('owner_id', '=', ownerId)
        .where('kind', '=', kind)
        .where('status', '=', 'completed')
        .where('item_limit', 'is', null)
        .where(sql<boolean>`warnings = '[]'::jsonb`)
        .execute();
      return rows.map((row) => row.url);
    },
  };
}

export type PlanRepository = ReturnType<typeof planRepository>;
