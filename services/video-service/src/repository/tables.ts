/** The `videos` schema as Kysely sees it (written from migrations/; keep in step when a migration changes it). */
import type { ColumnType } from '@smh/shared';
import type { VideoOperation } from '../domain/job-request.js';
import type { ProbeResult } from '../ffmpeg/index.js';

/** jsonb: read as the parsed value, written as its JSON text (the same on PGlite and pg). */
type Json<Read> = ColumnType<Read, string | undefined, string>;
/** uuid[]: selected as `::text[]` (a plain string array on both engines), written as `${ids}::uuid[]`. */
type UuidArray = ColumnType<string[], unknown, unknown>;
type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface VideoTables {
  'videos.jobs': {
    id: string;
    owner_id: string;
    operation: VideoOperation;
    inputs: UuidArray;
    options: Json<Record<string, unknown>>;
    status: ColumnType<
      'queued' | 'running' | 'completed' | 'failed' | 'canceled',
      'queued' | undefined,
      'queued' | 'running' | 'completed' | 'failed' | 'canceled'
    >;
    progress: ColumnType<number, number | undefined, number>;
    output_file_ids: UuidArray;
    result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
    error_code: string | null;
    error_message: string | null;
    attempts: ColumnType<number, number | undefined, number>;
    cancel_requested_at: OptionalTimestamp;
    created_at: Timestamp;
    started_at: OptionalTimestamp;
    updated_at: Timestamp;
    finished_at: OptionalTimestamp;
  };
  'videos.probes': {
    file_id: string;
    sha256: string;
    probe: Json<ProbeResult>;
    probed_at: Timestamp;
  };
}
