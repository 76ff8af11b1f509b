/** The `files` schema as Kysely sees it (written from migrations/; keep in step when a migration changes it). */
import { type ColumnType, sql } from '@smh/shared/db/typed';

type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** jsonb: read as the parsed value, written as its JSON text (the same on PGlite and pg). */
type OptionalJson<Read> = ColumnType<Read | null, string | null | undefined, string | null>;
/** bigint: selected as `size::float8` (PGlite and pg disagree on int8); written as a number. */
type BigIntColumn = ColumnType<number, number, number>;
/** uuid[]: selected as `::text[]` (a plain string array on both engines), written as `${ids}::uuid[]`. */
type UuidArray = ColumnType<string[], unknown, unknown>;

export interface FileTables {
  'files.files': {
    id: string;
    owner_id: string;
    name: string;
    mime: string;
    type: 'image' | 'video' | 'audio' | 'other';
    size: BigIntColumn;
    sha256: string;
    width: number | null;
    height: number | null;
    duration: number | null;
    probe: OptionalJson<Record<string, unknown>>;
    source_platform: string | null;
    source_username: string | null;
    source_code: string | null;
    source_taken_at: OptionalTimestamp;
    source_caption: string | null;
    source_url: string | null;
    source_media_id: string | null;
    source_full_name: string | null;
    storage_key: string;
    sidecar_key: string | null;
    thumbnail_key: string | null;
    origin_kind: 'download' | 'upload' | 'video-job';
    origin_id: string | null;
    derived_from: UuidArray;
    created_at: Timestamp;
    /** GENERATED ALWAYS: coalesce(source_taken_at, created_at). */
    dated_at: ColumnType<Date, never, never>;
    /** GENERATED ALWAYS full-text vector; never selected. */
    search: ColumnType<string, never, never>;
  };
}

/** Every column but the search vector, the bigint and uuid[] read the same on both engines. */
export const FILE_COLUMNS = [
  'id',
  'owner_id',
  'name',
  'mime',
  'type',
  sql<number>`size::float8`.as('size'),
  'sha256',
  'width',
  'height',
  'duration',
  'probe',
  'source_platform',
  'source_username',
  'source_code',
  'source_taken_at',
  'source_caption',
  'source_url',
  'source_media_id',
  'source_full_name',
  'storage_key',
  'sidecar_key',
  'thumbnail_key',
  'origin_kind',
  'origin_id',
  sql<string[]>`derived_from::text[]`.as('derived_from'),
  'created_at',
  'dated_at',
] as const;
