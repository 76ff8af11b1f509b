/** SQL for the "downloads" schema. Works the same on PGlite and PostgreSQL (bigints cast to float8). */
import { randomUUID } from 'node:crypto';
import {
  type Database,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type Sql,
  type SqlBool,
  sql,
  typed,
  type Updateable,
} from '@smh/shared';
import type { FailureInfo } from '../domain/failure.js';
import type { DownloadWarning } from './download-notices.js';
import type { ItemSpec } from '../domain/plan.js';
import type { Progress } from '../domain/progress.js';
import type { DownloadKind } from '../domain/target.js';
import type { DownloadTables } from './tables.js';

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

const DOWNLOAD_COLUMNS = [
  'id',
  'owner_id',
  'url',
  'kind',
  'status',
  'include',
  'item_limit',
  'session_id',
  'subscription_id',
  'incremental',
  'planned',
  'files_done',
  'files_total',
  sql<number>`bytes_done::float8`.as('bytes_done'),
  sql<number>`bytes_total::float8`.as('bytes_total'),
  'error_code',
  'error_message',
  'error_retryable',
  'warnings',
  'waiting_until',
  'created_at',
  'finished_at',
  'scanned',
] as const;

type DownloadRow = Omit<Selectable<DownloadTables['downloads.downloads']>, 'listing' | 'started_at' | 'updated_at'>;

function toDownload(row: DownloadRow): DownloadRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    url: row.url,
    kind: row.kind,
    status: row.status,
    include: row.include,
    limit: row.item_limit,
    sessionId: row.session_id,
    subscriptionId: row.subscription_id,
    incremental: row.incremental,
    planned: row.planned,
    progress: {
      filesDone: row.files_done,
      filesTotal: row.files_total,
      bytesDone: row.bytes_done,
      bytesTotal: row.bytes_total,
      scanned: row.scanned,
      ...(row.status === 'running' ? { phase: row.planned ? 'transferring' : 'scanning' } : {}),
    },
    error: row.error_code
      ? { code: row.error_code, message: row.error_message ?? '', retryable: Boolean(row.error_retryable) }
      : null,
    warnings: row.warnings ?? [],
    waitingUntil: row.waiting_until,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

const ITEM_COLUMNS = [
  'download_id',
  'position',
  'media_key',
  'platform_media_id',
  'resource_index',
  'kind',
  'url',
  'meta',
  sql<number | null>`expected_size::float8`.as('expected_size'),
  sql<number>`bytes_done::float8`.as('bytes_done'),
  'temp_path',
  'sha256',
  'status',
  'storage_key',
  'sidecar_key',
  'file_id',
] as const;

type ItemRow = Omit<
  Selectable<DownloadTables['downloads.download_items']>,
  'error_code' | 'error_message' | 'updated_at'
>;

function toItem(row: ItemRow): ItemRecord {
  return {
    downloadId: row.download_id,
    position: row.position,
    mediaKey: row.media_key,
    platformMediaId: row.platform_media_id,
    resourceIndex: row.resource_index,
    kind: row.kind,
    url: row.url,
    meta: row.meta,
    expectedSize: row.expected_size,
    bytesDone: row.bytes_done,
    tempPath: row.temp_path,
    sha256: row.sha256,
    status: row.status,
    storageKey: row.storage_key,
    sidecarKey: row.sidecar_key,
    fileId: row.file_id,
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

export interface StoredItem {
  mediaKey: string;
  storageKey: string;
  sha256: string;
  size: number;
}

export interface DoneItem {
  mediaKey: string;
  fileId: string;
  sha256: string | null;
}

/** One entry per media key, the latest winning (one statement may touch a row only once). Pure. */
function lastPerKey<T extends { mediaKey: string }>(entries: readonly T[]): T[] {
  return [...new Map(entries.map((entry) => [entry.mediaKey, entry])).values()];
}

/** Item fields a patch may set, and their columns (`meta` and `error` are written apart: JSON, two columns). */
const ITEM_PATCH_COLUMNS = {
  url: 'url',
  expectedSize: 'expected_size',
  bytesDone: 'bytes_done',
  tempPath: 'temp_path',
  sha256: 'sha256',
  status: 'status',
  storageKey: 'storage_key',
  sidecarKey: 'sidecar_key',
  fileId: 'file_id',
} as const satisfies Record<keyof Omit<ItemPatch, 'error' | 'meta'>, keyof DownloadTables['downloads.download_items']>;

type ItemUpdate = Updateable<DownloadTables['downloads.download_items']>;
type Query = Kysely<DownloadTables>;
const now = sql<Date>`now()`;
const OPEN: DownloadStatus[] = ['queued', 'running'];
const RETRIED_ITEMS: ItemStatus[] = ['failed', 'running'];

function itemUpdate(patch: ItemPatch): ItemUpdate {
  const update: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(ITEM_PATCH_COLUMNS)) {
    const value = patch[field as keyof typeof ITEM_PATCH_COLUMNS];
    if (value !== undefined) update[column] = value;
  }
  if (patch.meta !== undefined) update['meta'] = JSON.stringify(patch.meta);
  if (patch.error !== undefined) {
    update['error_code'] = patch.error?.code ?? null;
    update['error_message'] = patch.error?.message ?? null;
  }
  return update as ItemUpdate;
}

const progressColumns = (progress: Progress) => ({
  files_done: progress.filesDone,
  files_total: progress.filesTotal,
  bytes_done: progress.bytesDone,
  bytes_total: progress.bytesTotal,
  scanned: progress.scanned ?? sql<number>`scanned`,
});

export function downloadsRepository(db: Database) {
  const q = typed<DownloadTables>(db);
  const inTransaction = <T>(fn: (tx: Query) => Promise<T>): Promise<T> =>
    db.transaction((tx: Sql) => fn(typed<DownloadTables>(tx)));

  return {
    async create(input: NewDownload): Promise<DownloadRecord> {
      const row = await q
        .insertInto('downloads.downloads')
        .values({
          id: randomUUID(),
          owner_id: input.ownerId,
          url: input.url,
          kind: input.kind,
          status: 'queued',
          include: JSON.stringify(input.include),
          item_limit: input.limit ?? null,
          session_id: input.sessionId ?? null,
          subscription_id: input.subscriptionId ?? null,
          incremental: input.incremental,
        })
        .returning(DOWNLOAD_COLUMNS)
        .executeTakeFirstOrThrow();
      return toDownload(row);
    },

    async get(id: string): Promise<DownloadRecord | undefined> {
      const row = await q
        .selectFrom('downloads.downloads')
        .select(DOWNLOAD_COLUMNS)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toDownload(row);
    },

    async list(query: ListQuery): Promise<DownloadRecord[]> {
      const { ownerId, status, after } = query;
      const rows = await q
        .selectFrom('downloads.downloads')
        .select(DOWNLOAD_COLUMNS)
        .where((eb) => {
          const conditions: Expression<SqlBool>[] = [];
          if (ownerId !== null) conditions.push(eb('owner_id', '=', ownerId));
          if (status) conditions.push(eb('status', '=', status));
          if (after)
            conditions.push(sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
          return eb.and(conditions);
        })
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return rows.map(toDownload);
    },

    async fileIds(downloadIds: readonly string[]): Promise<Map<string, string[]>> {
      const result = new Map<string, string[]>(downloadIds.map((id) => [id, []]));
      if (downloadIds.length === 0) return result;
      const rows = await q
        .selectFrom('downloads.download_items')
        .select(['download_id', 'file_id'])
        .where(sql<boolean>`download_id = ANY(${downloadIds}::uuid[])`)
        .where('file_id', 'is not', null)
        .where('status', '=', 'done')
        .orderBy('download_id')
        .orderBy('position')
        .execute();
      for (const row of rows) if (row.file_id !== null) result.get(row.download_id)?.push(row.file_id);
      return result;
    },

    /** queued|running → running; false when the download was canceled or finished meanwhile. */
    async markRunning(id: string): Promise<boolean> {
      const row = await q
        .updateTable('downloads.downloads')
        .set({ status: 'running', started_at: sql<Date>`COALESCE(started_at, now())`, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', OPEN)
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async finish(
      id: string,
      status: 'completed' | 'failed',
      progress: Progress,
      error: FailureInfo | null,
    ): Promise<boolean> {
      const row = await q
        .updateTable('downloads.downloads')
        .set({
          status,
          error_code: error?.code ?? null,
          error_message: error?.message ?? null,
          error_retryable: error?.retryable ?? null,
          ...progressColumns(progress),
          finished_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Cancels a queued or running download; returns it as it was before, or undefined when not cancelable. */
    async cancel(id: string): Promise<DownloadStatus | undefined> {
      return inTransaction(async (tx) => {
        const row = await tx
          .selectFrom('downloads.downloads')
          .select('status')
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row || !OPEN.includes(row.status)) return undefined;
        await tx
          .updateTable('downloads.downloads')
          .set({ status: 'canceled', finished_at: now, updated_at: now })
          .where('id', '=', id)
          .execute();
        return row.status;
      });
    },

    /** failed|canceled → queued, keeping items that are done. */
    async requeue(id: string): Promise<boolean> {
      return inTransaction(async (tx) => {
        const requeued = await requeueWhere(tx, (eb) =>
          eb.and([eb('id', '=', id), eb('status', 'in', ['failed', 'canceled'])]),
        );
        await retryItemsOf(tx, requeued);
        return requeued.length === 1;
      });
    },

    /** Every failed download of the owner back to queued, in two statements whatever their number. */
    async requeueFailed(ownerId: string): Promise<string[]> {
      return inTransaction(async (tx) => {
        const ids = await requeueWhere(tx, (eb) => eb.and([eb('owner_id', '=', ownerId), eb('status', '=', 'failed')]));
        await retryItemsOf(tx, ids);
        return ids;
      });
    },

    /** Queued plus running downloads of one user (the per-user cap). */
    async openCount(ownerId: string): Promise<number> {
      const row = await q
        .selectFrom('downloads.downloads')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('owner_id', '=', ownerId)
        .where('status', 'in', OPEN)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async openDownloads(): Promise<{ id: string; ownerId: string }[]> {
      const rows = await q
        .selectFrom('downloads.downloads')
        .select(['id', 'owner_id'])
        .where('status', 'in', OPEN)
        .orderBy('created_at')
        .execute();
      return rows.map((row) => ({ id: row.id, ownerId: row.owner_id }));
    },

    async status(id: string): Promise<DownloadStatus | undefined> {
      const row = await q.selectFrom('downloads.downloads').select('status').where('id', '=', id).executeTakeFirst();
      return row?.status;
    },

    async savePlan(id: string, items: readonly ItemSpec[]): Promise<void> {
      await q.deleteFrom('downloads.download_items').where('download_id', '=', id).execute();
      for (let i = 0; i < items.length; i += 200) {
        const chunk = items.slice(i, i + 200);
        await q
          .insertInto('downloads.download_items')
          .values(
            chunk.map((item) => ({
              download_id: id,
              position: item.position,
              media_key: item.mediaKey,
              platform_media_id: item.platformMediaId,
              resource_index: item.resourceIndex,
              kind: item.kind,
              url: item.url,
              meta: JSON.stringify(item.meta),
            })),
          )
          .execute();
      }
      await q
        .updateTable('downloads.downloads')
        .set({ planned: true, files_total: items.length, updated_at: now })
        .where('id', '=', id)
        .execute();
    },

    async items(id: string): Promise<ItemRecord[]> {
      const rows = await q
        .selectFrom('downloads.download_items')
        .select(ITEM_COLUMNS)
        .where('download_id', '=', id)
        .orderBy('position')
        .execute();
      return rows.map(toItem);
    },

    async updateItem(downloadId: string, mediaKey: string, patch: ItemPatch): Promise<void> {
      const update = itemUpdate(patch);
      if (Object.keys(update).length === 0) return;
      await q
        .updateTable('downloads.download_items')
        .set({ ...update, updated_at: now })
        .where('download_id', '=', downloadId)
        .where('media_key', '=', mediaKey)
        .execute();
    },

    async saveProgress(id: string, progress: Progress): Promise<void> {
      await q
        .updateTable('downloads.downloads')
        .set({ ...progressColumns(progress), updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
    },

    async archivedKeys(ownerId: string): Promise<Set<string>> {
      const rows = await q
        .selectFrom('downloads.archive')
        .select('media_key')
        .where('owner_id', '=', ownerId)
        .execute();
      return new Set(rows.map((row) => row.media_key));
    },

    async findArchived(
      ownerId: string,
      by: { mediaKey?: string; sha256?: string },
    ): Promise<{ fileId: string; sha256: string | null } | undefined> {
      const { mediaKey, sha256 } = by;
      const row = await q
        .selectFrom('downloads.archive')
        .select(['file_id', 'sha256'])
        .where('owner_id', '=', ownerId)
        .where((eb) => (mediaKey ? eb('media_key', '=', mediaKey) : eb('sha256', '=', sha256 ?? null)))
        .limit(1)
        .executeTakeFirst();
      return row && { fileId: row.file_id, sha256: row.sha256 };
    },

    /** The owner's archive entries among `mediaKeys`, in one query. */
    async archivedAmong(
      ownerId: string,
      mediaKeys: readonly string[],
    ): Promise<Map<string, { fileId: string; sha256: string | null }>> {
      const found = new Map<string, { fileId: string; sha256: string | null }>();
      if (mediaKeys.length === 0) return found;
      const rows = await q
        .selectFrom('downloads.archive')
        .select(['media_key', 'file_id', 'sha256'])
        .where('owner_id', '=', ownerId)
        .where(sql<boolean>`media_key = ANY(${mediaKeys}::text[])`)
        .execute();
      for (const row of rows) found.set(row.media_key, { fileId: row.file_id, sha256: row.sha256 });
      return found;
    },

    /**
     * Items committed to the library but not yet registered (a crash after this never downloads them twice): one
     * UPDATE for the whole group.
     */
    async markItemsStored(downloadId: string, entries: readonly StoredItem[]): Promise<void> {
      if (entries.length === 0) return;
      const rows = lastPerKey(entries).map((entry) => ({
        media_key: entry.mediaKey,
        storage_key: entry.storageKey,
        sha256: entry.sha256,
        size: entry.size,
      }));
      await sql`
        UPDATE downloads.download_items AS i
        SET status = 'stored', storage_key = v.storage_key, sha256 = v.sha256, bytes_done = v.size,
          expected_size = v.size, temp_path = NULL, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS v(media_key text, storage_key text, sha256 text, size bigint)
        WHERE i.download_id = ${downloadId} AND i.media_key = v.media_key`.execute(q);
    },

    /** Items done AND the owner's archive rows for them, in one statement for the whole group. */
    async markItemsDone(download: { id: string; ownerId: string }, entries: readonly DoneItem[]): Promise<void> {
      if (entries.length === 0) return;
      const rows = lastPerKey(entries).map((entry) => ({
        media_key: entry.mediaKey,
        file_id: entry.fileId,
        sha256: entry.sha256,
      }));
      await sql`
        WITH v AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(media_key text, file_id text, sha256 text)
        ), item AS (
          UPDATE downloads.download_items AS i
          SET status = 'done', file_id = v.file_id, sha256 = COALESCE(v.sha256, i.sha256), temp_path = NULL,
            error_code = NULL, error_message = NULL, updated_at = now()
          FROM v
          WHERE i.download_id = ${download.id} AND i.media_key = v.media_key
        )
        INSERT INTO downloads.archive (owner_id, media_key, file_id, sha256)
        SELECT ${download.ownerId}, v.media_key, v.file_id, v.sha256 FROM v
        ON CONFLICT (owner_id, media_key) DO UPDATE SET file_id = excluded.file_id, sha256 = excluded.sha256`.execute(
        q,
      );
    },
  };
}

/** Sets the downloads `where` picks back to queued, clearing their error; returns their ids. */
async function requeueWhere(
  tx: Query,
  which: (eb: ExpressionBuilder<DownloadTables, 'downloads.downloads'>) => Expression<SqlBool>,
): Promise<string[]> {
  const rows = await tx
    .updateTable('downloads.downloads')
    .set({
      status: 'queued',
      error_code: null,
      error_message: null,
      error_retryable: null,
      finished_at: null,
      updated_at: now,
    })
    .where(which)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The failed or interrupted items of these downloads become pending again (done ones are kept). */
async function retryItemsOf(tx: Query, downloadIds: readonly string[]): Promise<void> {
  if (downloadIds.length === 0) return;
  await tx
    .updateTable('downloads.download_items')
    .set({ status: 'pending', error_code: null, error_message: null })
    .where(sql<boolean>`download_id = ANY(${downloadIds}::uuid[])`)
    .where('status', 'in', RETRIED_ITEMS)
    .execute();
}

export type DownloadsRepository = ReturnType<typeof downloadsRepository>;
