/**
 * The `videos.jobs` table: the one source of truth for a video job's state. Every status change is a guarded
 * UPDATE (… WHERE status IN …) so two processes, a cancel and a worker, can never both win.
 */
import type { Sql } from '@smh/shared';
import type { VideoOperation } from '../domain/job-request.js';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'completed', 'failed', 'canceled'];
export const FINISHED_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'canceled'];

export interface VideoJob {
  id: string;
  ownerId: string;
  operation: VideoOperation;
  inputs: string[];
  options: Record<string, unknown>;
  status: JobStatus;
  progress: number;
  outputFileIds: string[];
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  attempts: number;
  cancelRequestedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface JobRow {
  id: string;
  owner_id: string;
  operation: VideoOperation;
  inputs: string[];
  options: Record<string, unknown> | string;
  status: JobStatus;
  progress: number;
  output_file_ids: string[];
  result: Record<string, unknown> | string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  cancel_requested_at: Date | string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const COLUMNS = `id::text AS id, owner_id, operation, inputs::text[] AS inputs, options, status, progress,
  output_file_ids::text[] AS output_file_ids, result, error_code, error_message, attempts, cancel_requested_at,
  created_at, started_at, finished_at`;

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const optionalDate = (value: Date | string | null) => (value === null ? null : date(value));
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function toJob(row: JobRow): VideoJob {
  return {
    id: row.id,
    ownerId: row.owner_id,
    operation: row.operation,
    inputs: row.inputs,
    options: json(row.options),
    status: row.status,
    progress: Number(row.progress),
    outputFileIds: row.output_file_ids,
    result: row.result === null ? null : json(row.result),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    attempts: row.attempts,
    cancelRequestedAt: optionalDate(row.cancel_requested_at),
    createdAt: date(row.created_at),
    startedAt: optionalDate(row.started_at),
    finishedAt: optionalDate(row.finished_at),
  };
}

export interface NewJob {
  id: string;
  ownerId: string;
  operation: VideoOperation;
  inputs: readonly string[];
  options: Record<string, unknown>;
  createdAt: Date;
}

export interface ListJobsQuery {
  /** null: every owner (admins). */
  ownerId: string | null;
  status?: JobStatus;
  limit: number;
  /** Keyset: the (createdAt, id) of the last row of the previous page. */
  after?: { createdAt: Date; id: string };
}

export type JobRepository = ReturnType<typeof createJobRepository>;

export function createJobRepository(sql: Sql) {
  async function one(text: string, params: readonly unknown[]): Promise<VideoJob | undefined> {
    const { rows } = await sql.query<JobRow>(text, params);
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  }

  return {
    /** Queued plus running jobs of one user (the per-user cap). */
    async openCount(ownerId: string): Promise<number> {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM videos.jobs WHERE owner_id = $1 AND status IN ('queued', 'running')`,
        [ownerId],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async insert(job: NewJob): Promise<VideoJob> {
      const created = await one(
        `INSERT INTO videos.jobs (id, owner_id, operation, inputs, options, created_at, updated_at)
         VALUES ($1, $2, $3, $4::uuid[], $5::jsonb, $6, $6) RETURNING ${COLUMNS}`,
        [job.id, job.ownerId, job.operation, job.inputs, JSON.stringify(job.options), job.createdAt],
      );
      if (!created) throw new Error('insert returned no row');
      return created;
    },

    /** One job; `ownerId` null for admins. */
    get(id: string, ownerId: string | null = null): Promise<VideoJob | undefined> {
      return one(`SELECT ${COLUMNS} FROM videos.jobs WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)`, [
        id,
        ownerId,
      ]);
    },

    async list(query: ListJobsQuery): Promise<VideoJob[]> {
      const { rows } = await sql.query<JobRow>(
        `SELECT ${COLUMNS} FROM videos.jobs
         WHERE ($1::text IS NULL OR owner_id = $1)
           AND ($2::text IS NULL OR status = $2)
           AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
         ORDER BY created_at DESC, id DESC LIMIT $5`,
        [query.ownerId, query.status ?? null, query.after?.createdAt ?? null, query.after?.id ?? null, query.limit],
      );
      return rows.map(toJob);
    },

    /** queued/running → running (a rerun after a crash takes a job that is still `running`). */
    claim(id: string, now: Date): Promise<VideoJob | undefined> {
      return one(
        `UPDATE videos.jobs SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, $2), updated_at = $2,
           progress = CASE WHEN status = 'queued' THEN 0 ELSE progress END
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
        [id, now],
      );
    },

    /** Writes progress (never backwards) of a running job; answers whether a cancel was asked for meanwhile. */
    async setProgress(id: string, progress: number, now: Date): Promise<{ cancelRequested: boolean }> {
      const { rows } = await sql.query<{ cancel_requested: boolean }>(
        `UPDATE videos.jobs SET progress = greatest(progress, $2), updated_at = $3 WHERE id = $1 AND status = 'running'
         RETURNING cancel_requested_at IS NOT NULL AS cancel_requested`,
        [id, progress, now],
      );
      return { cancelRequested: rows[0]?.cancel_requested ?? false };
    },

    /** Remembers an output as soon as it is registered, so a rerun after a crash does not register it twice. */
    async addOutput(id: string, fileId: string, now: Date): Promise<void> {
      await sql.query(
        `UPDATE videos.jobs SET output_file_ids = array_append(output_file_ids, $2::uuid), updated_at = $3 WHERE id = $1 AND NOT ($2::uuid = ANY(output_file_ids))`,
        [id, fileId, now],
      );
    },

    complete(id: string, result: Record<string, unknown>, now: Date): Promise<VideoJob | undefined> {
      return one(
        `UPDATE videos.jobs SET status = 'completed', progress = 1, result = $2::jsonb, updated_at = $3, finished_at = $3
         WHERE id = $1 AND status = 'running' RETURNING ${COLUMNS}`,
        [id, JSON.stringify(result), now],
      );
    },

    fail(id: string, error: { code: string; message: string }, now: Date): Promise<VideoJob | undefined> {
      return one(
        `UPDATE videos.jobs SET status = 'failed', error_code = $2, error_message = $3, updated_at = $4, finished_at = $4
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
        [id, error.code, error.message, now],
      );
    },

    /** A queued job is canceled at once; a running one is marked so its worker stops it. */
    async requestCancel(id: string, ownerId: string | null, now: Date): Promise<VideoJob | undefined> {
      return one(
        `UPDATE videos.jobs SET
           status = CASE WHEN status = 'queued' THEN 'canceled' ELSE status END,
           finished_at = CASE WHEN status = 'queued' THEN $3::timestamptz ELSE finished_at END,
           cancel_requested_at = coalesce(cancel_requested_at, $3::timestamptz), updated_at = $3
         WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2) AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
        [id, ownerId, now],
      );
    },

    /** The worker stopped a running job because of a cancel. */
    markCanceled(id: string, now: Date): Promise<VideoJob | undefined> {
      return one(
        `UPDATE videos.jobs SET status = 'canceled', updated_at = $2, finished_at = $2 WHERE id = $1 AND status = 'running' RETURNING ${COLUMNS}`,
        [id, now],
      );
    },

    async unfinished(): Promise<{ id: string; ownerId: string }[]> {
      const { rows } = await sql.query<{ id: string; owner_id: string }>(
        `SELECT id::text AS id, owner_id FROM videos.jobs WHERE status IN ('queued', 'running') ORDER BY created_at`,
      );
      return rows.map((row) => ({ id: row.id, ownerId: String(row.owner_id) }));
    },
  };
}
