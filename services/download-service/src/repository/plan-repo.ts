/** SQL for planning a download page by page (streaming listing), and for finding downloads a request joins. */
import type { Database } from '@smh/shared';
import type { ItemSpec } from '../domain/plan.js';

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

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

export function planRepository(db: Database) {
  return {
    /** Adds items (already-present media keys are kept as they are); returns the new total. */
    async appendItems(downloadId: string, items: readonly ItemSpec[]): Promise<number> {
      for (let i = 0; i < items.length; i += 200) {
        const chunk = items.slice(i, i + 200);
        await db.query(
          `INSERT INTO downloads.download_items (download_id, position, media_key, platform_media_id, resource_index, kind, url, meta)
          SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::jsonb[])
          ON CONFLICT (download_id, media_key) DO NOTHING`,
          [
            downloadId,
            chunk.map((item) => item.position),
            chunk.map((item) => item.mediaKey),
            chunk.map((item) => item.platformMediaId),
            chunk.map((item) => item.resourceIndex),
            chunk.map((item) => item.kind),
            chunk.map((item) => item.url),
            chunk.map((item) => JSON.stringify(item.meta)),
          ],
        );
      }
      const { rows } = await db.query<{ total: number }>(
        `UPDATE downloads.downloads SET files_total = (SELECT count(*) FROM downloads.download_items WHERE download_id = $1),
          updated_at = now() WHERE id = $1 RETURNING files_total AS total`,
        [downloadId],
      );
      return Number(rows[0]?.total ?? 0);
    },

    /** Stored after a page's items: a restart lists from `listing` on. */
    async saveListing(downloadId: string, state: PlanningState): Promise<void> {
      await db.query('UPDATE downloads.downloads SET listing = $2::jsonb, scanned = $3 WHERE id = $1', [
        downloadId,
        state.listing ? JSON.stringify(state.listing) : null,
        state.scanned,
      ]);
    },

    async planningState(downloadId: string): Promise<PlanningState> {
      const { rows } = await db.query<{ listing: unknown; scanned: number }>(
        'SELECT listing, scanned FROM downloads.downloads WHERE id = $1',
        [downloadId],
      );
      const row = rows[0];
      return {
        listing: row?.listing ? parseJson<ListingState>(row.listing) : null,
        scanned: Number(row?.scanned ?? 0),
      };
    },

    async itemTempPath(downloadId: string, mediaKey: string): Promise<string | null> {
      const { rows } = await db.query<{ temp_path: string | null }>(
        'SELECT temp_path FROM downloads.download_items WHERE download_id = $1 AND media_key = $2',
        [downloadId, mediaKey],
      );
      return rows[0]?.temp_path ?? null;
    },

    /** The listing reached its end: every item is planned. */
    async completePlan(downloadId: string): Promise<void> {
      await db.query(
        `UPDATE downloads.downloads SET planned = true, listing = NULL,
          files_total = (SELECT count(*) FROM downloads.download_items WHERE download_id = $1), updated_at = now()
        WHERE id = $1`,
        [downloadId],
      );
    },

    /** Queued or running downloads of this owner and kind (a new request for the same target joins one). */
    async openDownloads(ownerId: string, kind: string): Promise<Array<{ id: string; url: string; include: string[] }>> {
      const { rows } = await db.query<{ id: string; url: string; include: unknown }>(
        `SELECT id, url, include FROM downloads.downloads
        WHERE owner_id = $1 AND kind = $2 AND status IN ('queued', 'running') ORDER BY created_at`,
        [ownerId, kind],
      );
      return rows.map((row) => ({ id: row.id, url: row.url, include: parseJson<string[]>(row.include) }));
    },

    /** URLs of this owner's completed, complete (not incremental, no limit) downloads of `kind`. */
    /** Targets this owner archived completely: no item limit, and nothing Instagram withheld (no warnings). */
    async completeArchiveUrls(ownerId: string, kind: string): Promise<string[]> {
      const { rows } = await db.query<{ url: string }>(
        `SELECT DISTINCT url FROM downloads.downloads
        WHERE owner_id = $1 AND kind = $2 AND status = 'completed' AND item_limit IS NULL
          AND warnings = '[]'::jsonb`,
        [ownerId, kind],
      );
      return rows.map((row) => row.url);
    },
  };
}

export type PlanRepository = ReturnType<typeof planRepository>;
