/** SQL for the "downloads" schema. Works the same on PGlite and PostgreSQL (bigints cast to float8). */
import { randomUUID } from 'node:crypto';
import { maybeOne, one, type Database, type Sql } from '@smh/shared';
import type { FailureInfo } from '../domain/failure.js';
import type { DownloadWarning } from './download-notices.js';
import type { ItemMeta, ItemSpec } from '../domain/plan.js';
import type { Progress } from '../domain/progress.js';
import type { DownloadKind } from '../domain/target.js';

export type DownloadStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';
export type ItemStatus = 'pending' | 'running' | 'stored' | 'done' | 'failed';

export interface DownloadRecord {
  id: string;
  ownerId: string;
  url: string;
  kind: DownloadKind;
  status: DownloadStatus;
  include: string[];
  limit: number | null;
  sessionId: string | null;
  subscriptionId: string | null;
  incremental: boolean;
  planned: boolean;
  progress: Progress;
  error: FailureInfo | null;
  warnings: DownloadWarning[];
  /** Set while the download waits out Instagram's pushback (429 / "Please wait a few minutes"). */
  waitingUntil: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ItemRecord extends ItemSpec {
  downloadId: string;
  expectedSize: number | null;
  bytesDone: number;
  tempPath: string | null;
  sha256: string | null;
  status: ItemStatus;
  storageKey: string | null;
  sidecarKey: string | null;
  fileId: string | null;
}

const DOWNLOAD_COLUMNS = `id, owner_id, url, kind, status, include, item_limit, session_id, subscription_id, incremental, planned,
  files_done, files_total, bytes_done::float8 AS bytes_done, bytes_total::float8 AS bytes_total,
  error_code, error_message, error_retryable, warnings, waiting_until, created_at, finished_at, scanned`;

type Row = Record<string, unknown>;
const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function toDownload(row: Row): DownloadRecord {
  return {
    id: String(row['id']),
    ownerId: String(row['owner_id']),
    url: String(row['url']),
    kind: row['kind'] as DownloadKind,
    status: row['status'] as DownloadStatus,
    include: parseJson<string[]>(row['include']),
    limit: row['item_limit'] === null ? null : Number(row['item_limit']),
    sessionId: (row['session_id'] as string | null) ?? null,
    subscriptionId: (row['subscription_id'] as string | null) ?? null,
    incremental: Boolean(row['incremental']),
    planned: Boolean(row['planned']),
    progress: {
      filesDone: Number(row['files_done']),
      filesTotal: Number(row['files_total']),
      bytesDone: Number(row['bytes_done']),
      bytesTotal: Number(row['bytes_total']),
      scanned: Number(row['scanned'] ?? 0),
      ...(row['status'] === 'running' ? { phase: row['planned'] ? 'transferring' : 'scanning' } : {}),
    },
    error: row['error_code']
      ? {
          code: String(row['error_code']),
          message: String(row['error_message'] ?? ''),
          retryable: Boolean(row['error_retryable']),
        }
      : null,
    warnings: parseJson<DownloadWarning[] | null>(row['warnings']) ?? [],
    waitingUntil: row['waiting_until'] ? new Date(row['waiting_until'] as string) : null,
    createdAt: new Date(row['created_at'] as string),
    finishedAt: row['finished_at'] ? new Date(row['finished_at'] as string) : null,
  };
}

const ITEM_COLUMNS = `download_id, position, media_key, platform_media_id, resource_index, kind, url, meta,
  expected_size::float8 AS expected_size, bytes_done::float8 AS bytes_done, temp_path, sha256, status, storage_key, sidecar_key, file_id`;

function toItem(row: Row): ItemRecord {
  return {
    downloadId: String(row['download_id']),
    position: Number(row['position']),
    mediaKey: String(row['media_key']),
    platformMediaId: (row['platform_media_id'] as string | null) ?? null,
    resourceIndex: Number(row['resource_index']),
    kind: row['kind'] as ItemRecord['kind'],
    url: String(row['url']),
    meta: parseJson<ItemMeta>(row['meta']),
    expectedSize: row['expected_size'] === null ? null : Number(row['expected_size']),
    bytesDone: Number(row['bytes_done']),
    tempPath: (row['temp_path'] as string | null) ?? null,
    sha256: (row['sha256'] as string | null) ?? null,
    status: row['status'] as ItemStatus,
    storageKey: (row['storage_key'] as string | null) ?? null,
    sidecarKey: (row['sidecar_key'] as string | null) ?? null,
    fileId: (row['file_id'] as string | null) ?? null,
  };
}

export interface NewDownload {
  ownerId: string;
  url: string;
  kind: DownloadKind;
  include: readonly string[];
  limit?: number | null;
  sessionId?: string | null;
  subscriptionId?: string | null;
  incremental: boolean;
}

export interface ListQuery {
  ownerId: string | null;
  status?: DownloadStatus;
  limit: number;
  after?: { createdAt: string; id: string };
}

export type ItemPatch = Partial<
  Pick<
    ItemRecord,
    | 'url'
    | 'expectedSize'
    | 'bytesDone'
    | 'tempPath'
    | 'sha256'
    | 'status'
    | 'storageKey'
    | 'sidecarKey'
    | 'fileId'
    | 'meta'
  >
> & {
  error?: { code: string; message: string } | null;
};

const ITEM_PATCH_COLUMNS: Record<string, string> = {
  url: 'url',
  expectedSize: 'expected_size',
  bytesDone: 'bytes_done',
  tempPath: 'temp_path',
  sha256: 'sha256',
  status: 'status',
  storageKey: 'storage_key',
  sidecarKey: 'sidecar_key',
  fileId: 'file_id',
};

export function downloadsRepository(db: Database) {
  return {
    async create(input: NewDownload): Promise<DownloadRecord> {
      const row = await one<Row>(
        db,
        `INSERT INTO downloads.downloads (id, owner_id, url, kind, status, include, item_limit, session_id, subscription_id, incremental)
        VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9) RETURNING ${DOWNLOAD_COLUMNS}`,
        [
          randomUUID(),
          input.ownerId,
          input.url,
          input.kind,
          JSON.stringify(input.include),
          input.limit ?? null,
          input.sessionId ?? null,
          input.subscriptionId ?? null,
          input.incremental,
        ],
      );
      return toDownload(row);
    },

    async get(id: string): Promise<DownloadRecord | undefined> {
      const row = await maybeOne<Row>(db, `SELECT ${DOWNLOAD_COLUMNS} FROM downloads.downloads WHERE id = $1`, [id]);
      return row && toDownload(row);
    },

    async list(query: ListQuery): Promise<DownloadRecord[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.ownerId !== null) where.push(`owner_id = $${params.push(query.ownerId)}`);
      if (query.status) where.push(`status = $${params.push(query.status)}`);
      if (query.after)
        where.push(
          `(created_at, id) < ($${params.push(query.after.createdAt)}::timestamptz, $${params.push(query.after.id)}::uuid)`,
        );
      const { rows } = await db.query<Row>(
        `SELECT ${DOWNLOAD_COLUMNS} FROM downloads.downloads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.push(query.limit)}`,
        params,
      );
      return rows.map(toDownload);
    },

    async fileIds(downloadIds: readonly string[]): Promise<Map<string, string[]>> {
      const result = new Map<string, string[]>(downloadIds.map((id) => [id, []]));
      if (downloadIds.length === 0) return result;
      const { rows } = await db.query<{ download_id: string; file_id: string }>(
        `SELECT download_id, file_id FROM downloads.download_items
        WHERE download_id = ANY($1::uuid[]) AND file_id IS NOT NULL AND status = 'done' ORDER BY download_id, position`,
        [downloadIds],
      );
      for (const row of rows) result.get(String(row.download_id))?.push(row.file_id);
      return result;
    },

    /** queued|running → running; false when the download was canceled or finished meanwhile. */
    async markRunning(id: string): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE downloads.downloads SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [id],
      );
      return rows.length === 1;
    },

    async finish(
      id: string,
      status: 'completed' | 'failed',
      progress: Progress,
      error: FailureInfo | null,
    ): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE downloads.downloads SET status = $2, error_code = $3, error_message = $4, error_retryable = $5,
          files_done = $6, files_total = $7, bytes_done = $8, bytes_total = $9, scanned = coalesce($10, scanned),
          finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running' RETURNING id`,
        [
          id,
          status,
          error?.code ?? null,
          error?.message ?? null,
          error?.retryable ?? null,
          progress.filesDone,
          progress.filesTotal,
          progress.bytesDone,
          progress.bytesTotal,
          progress.scanned ?? null,
        ],
      );
      return rows.length === 1;
    },

    /** Cancels a queued or running download; returns it as it was before, or undefined when not cancelable. */
    async cancel(id: string): Promise<DownloadStatus | undefined> {
      return db.transaction(async (tx) => {
        const row = await maybeOne<{ status: DownloadStatus }>(
          tx,
          'SELECT status FROM downloads.downloads WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
        await tx.query(
          `UPDATE downloads.downloads SET status = 'canceled', finished_at = now(), updated_at = now() WHERE id = $1`,
          [id],
        );
        return row.status;
      });
    },

    /** failed|canceled → queued, keeping items that are done. */
    async requeue(id: string): Promise<boolean> {
      return db.transaction((tx) => requeueIn(tx, id));
    },

    /** Every failed download of the owner back to queued, in two statements whatever their number. */
    async requeueFailed(ownerId: string): Promise<string[]> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `UPDATE downloads.downloads SET status = 'queued', error_code = NULL, error_message = NULL,
            error_retryable = NULL, finished_at = NULL, updated_at = now()
          WHERE owner_id = $1 AND status = 'failed' RETURNING id`,
          [ownerId],
        );
        const ids = rows.map((row) => String(row.id));
        if (ids.length > 0)
          await tx.query(
            `UPDATE downloads.download_items SET status = 'pending', error_code = NULL, error_message = NULL
            WHERE download_id = ANY($1::uuid[]) AND status IN ('failed', 'running')`,
            [ids],
          );
        return ids;
      });
    },

    /** Queued plus running downloads of one user (the per-user cap). */
    async openCount(ownerId: string): Promise<number> {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM downloads.downloads WHERE owner_id = $1 AND status IN ('queued', 'running')`,
        [ownerId],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async openIds(): Promise<string[]> {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM downloads.downloads WHERE status IN ('queued', 'running') ORDER BY created_at`,
      );
      return rows.map((row) => String(row.id));
    },

    async status(id: string): Promise<DownloadStatus | undefined> {
      return (
        await maybeOne<{ status: DownloadStatus }>(db, 'SELECT status FROM downloads.downloads WHERE id = $1', [id])
      )?.status;
    },

    async savePlan(id: string, items: readonly ItemSpec[]): Promise<void> {
      await db.query('DELETE FROM downloads.download_items WHERE download_id = $1', [id]);
      for (let i = 0; i < items.length; i += 200) {
        const chunk = items.slice(i, i + 200);
        const params: unknown[] = [id];
        const values = chunk.map(
          (
            item,
          ) => `($1, $${params.push(item.position)}, $${params.push(item.mediaKey)}, $${params.push(item.platformMediaId)},
          $${params.push(item.resourceIndex)}, $${params.push(item.kind)}, $${params.push(item.url)}, $${params.push(JSON.stringify(item.meta))}::jsonb)`,
        );
        await db.query(
          `INSERT INTO downloads.download_items (download_id, position, media_key, platform_media_id, resource_index, kind, url, meta)
          VALUES ${values.join(', ')}`,
          params,
        );
      }
      await db.query(
        `UPDATE downloads.downloads SET planned = true, files_total = $2, updated_at = now() WHERE id = $1`,
        [id, items.length],
      );
    },

    async items(id: string): Promise<ItemRecord[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${ITEM_COLUMNS} FROM downloads.download_items WHERE download_id = $1 ORDER BY position`,
        [id],
      );
      return rows.map(toItem);
    },

    async updateItem(downloadId: string, mediaKey: string, patch: ItemPatch): Promise<void> {
      const sets: string[] = [];
      const params: unknown[] = [downloadId, mediaKey];
      for (const [field, column] of Object.entries(ITEM_PATCH_COLUMNS)) {
        const value = (patch as Record<string, unknown>)[field];
        if (value !== undefined) sets.push(`${column} = $${params.push(value)}`);
      }
      if (patch.meta !== undefined) sets.push(`meta = $${params.push(JSON.stringify(patch.meta))}::jsonb`);
      if (patch.error !== undefined) {
        sets.push(
          `error_code = $${params.push(patch.error?.code ?? null)}`,
          `error_message = $${params.push(patch.error?.message ?? null)}`,
        );
      }
      if (sets.length === 0) return;
      await db.query(
        `UPDATE downloads.download_items SET ${sets.join(', ')}, updated_at = now() WHERE download_id = $1 AND media_key = $2`,
        params,
      );
    },

    async saveProgress(id: string, progress: Progress): Promise<void> {
      await db.query(
        `UPDATE downloads.downloads SET files_done = $2, files_total = $3, bytes_done = $4, bytes_total = $5,
          scanned = coalesce($6, scanned), updated_at = now()
        WHERE id = $1 AND status = 'running'`,
        [
          id,
          progress.filesDone,
          progress.filesTotal,
          progress.bytesDone,
          progress.bytesTotal,
          progress.scanned ?? null,
        ],
      );
    },

    async archivedKeys(ownerId: string): Promise<Set<string>> {
      const { rows } = await db.query<{ media_key: string }>(
        'SELECT media_key FROM downloads.archive WHERE owner_id = $1',
        [ownerId],
      );
      return new Set(rows.map((row) => row.media_key));
    },

    async findArchived(
      ownerId: string,
      by: { mediaKey?: string; sha256?: string },
    ): Promise<{ fileId: string; sha256: string | null } | undefined> {
      const row = by.mediaKey
        ? await maybeOne<{ file_id: string; sha256: string | null }>(
            db,
            'SELECT file_id, sha256 FROM downloads.archive WHERE owner_id = $1 AND media_key = $2',
            [ownerId, by.mediaKey],
          )
        : await maybeOne<{ file_id: string; sha256: string | null }>(
            db,
            'SELECT file_id, sha256 FROM downloads.archive WHERE owner_id = $1 AND sha256 = $2 LIMIT 1',
            [ownerId, by.sha256],
          );
      return row && { fileId: row.file_id, sha256: row.sha256 };
    },

    /** The owner's archive entries among `mediaKeys`, in one query. */
    async archivedAmong(
      ownerId: string,
      mediaKeys: readonly string[],
    ): Promise<Map<string, { fileId: string; sha256: string | null }>> {
      const found = new Map<string, { fileId: string; sha256: string | null }>();
      if (mediaKeys.length === 0) return found;
      const { rows } = await db.query<{ media_key: string; file_id: string; sha256: string | null }>(
        'SELECT media_key, file_id, sha256 FROM downloads.archive WHERE owner_id = $1 AND media_key = ANY($2::text[])',
        [ownerId, mediaKeys],
      );
      for (const row of rows) found.set(row.media_key, { fileId: row.file_id, sha256: row.sha256 });
      return found;
    },

    /** The item is done AND the owner's archive knows it, in one statement (one round trip per item). */
    async markItemDone(
      download: { id: string; ownerId: string },
      mediaKey: string,
      fileId: string,
      sha256: string | null,
    ): Promise<void> {
      await db.query(
        `WITH item AS (
          UPDATE downloads.download_items SET status = 'done', file_id = $3, sha256 = COALESCE($4, sha256), temp_path = NULL,
            error_code = NULL, error_message = NULL, updated_at = now()
          WHERE download_id = $1 AND media_key = $2)
        INSERT INTO downloads.archive (owner_id, media_key, file_id, sha256) VALUES ($5, $2, $3, $4)
        ON CONFLICT (owner_id, media_key) DO UPDATE SET file_id = EXCLUDED.file_id, sha256 = EXCLUDED.sha256`,
        [download.id, mediaKey, fileId, sha256, download.ownerId],
      );
    },
  };
}

async function requeueIn(tx: Sql, id: string): Promise<boolean> {
  const { rows } = await tx.query(
    `UPDATE downloads.downloads SET status = 'queued', error_code = NULL, error_message = NULL, error_retryable = NULL,
      finished_at = NULL, updated_at = now() WHERE id = $1 AND status IN ('failed', 'canceled') RETURNING id`,
    [id],
  );
  if (rows.length === 0) return false;
  await tx.query(
    `UPDATE downloads.download_items SET status = 'pending', error_code = NULL, error_message = NULL
    WHERE download_id = $1 AND status IN ('failed', 'running')`,
    [id],
  );
  return true;
}

export type DownloadsRepository = ReturnType<typeof downloadsRepository>;
