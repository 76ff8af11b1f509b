/** The `downloads` schema as Kysely sees it (written from migrations/; keep in step when a migration changes it). */
import type { ColumnType, Generated } from '@smh/shared';
import type { FileCategory } from '../domain/http-facts.js';
import type { ItemMeta } from '../domain/plan.js';
import type { DownloadKind } from '../domain/target.js';
import type { DownloadWarning } from './download-notices.js';
import type { ListingState } from './plan-repo.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: read as the parsed value, written as its JSON text (the same on PGlite and pg). */
type Json<T> = ColumnType<T, string | undefined, string>;
/**
 * bigint: select it as `sql<number>\`column::float8\`` (PGlite and pg disagree on int8), write numbers.
 * The select type here is what that cast yields.
 */
type BigIntColumn = ColumnType<number, number | undefined, number>;

export interface DownloadTables {
  'downloads.downloads': {
    id: string;
    owner_id: string;
    url: string;
    kind: DownloadKind;
    status: 'queued' | 'running' | 'completed' | 'failed' | 'canceled';
    include: Json<string[]>;
    item_limit: number | null;
    session_id: string | null;
    subscription_id: string | null;
    incremental: Generated<boolean>;
    planned: Generated<boolean>;
    files_done: Generated<number>;
    files_total: Generated<number>;
    bytes_done: BigIntColumn;
    bytes_total: BigIntColumn;
    error_code: string | null;
    error_message: string | null;
    error_retryable: boolean | null;
    warnings: Json<DownloadWarning[]>;
    waiting_until: OptionalTimestamp;
    listing: ColumnType<ListingState | null, string | null | undefined, string | null>;
    scanned: Generated<number>;
    created_at: Timestamp;
    started_at: OptionalTimestamp;
    finished_at: OptionalTimestamp;
    updated_at: Timestamp;
  };
  'downloads.download_items': {
    download_id: string;
    position: number;
    media_key: string;
    platform_media_id: string | null;
    resource_index: Generated<number>;
    kind: FileCategory;
    url: string;
    meta: Json<ItemMeta>;
    expected_size: ColumnType<number | null, number | null | undefined, number | null>;
    bytes_done: BigIntColumn;
    temp_path: string | null;
    sha256: string | null;
    status: Generated<'pending' | 'running' | 'stored' | 'done' | 'failed'>;
    storage_key: string | null;
    sidecar_key: string | null;
    file_id: string | null;
    error_code: string | null;
    error_message: string | null;
    updated_at: Timestamp;
  };
  'downloads.archive': {
    owner_id: string;
    media_key: string;
    file_id: string;
    sha256: string | null;
    archived_at: Timestamp;
  };
}
