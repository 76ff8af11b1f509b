/**
 * The `videos.jobs` table: the one source of truth for a video job's state. Every status change is a guarded
 * UPDATE (… WHERE status IN …) so two processes, a cancel and a worker, can never both win.
 */
import { type ExpressionBuilder, type Selectable, type Sql, sql, typed } from '@smh/shared';
import type { VideoOperation } from '../domain/job-request.js';
import type { VideoTables } from './tables.js';

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

const COLUMNS = [
  'id',
  'owner_id',
  'operation',
  sql<string[]>`inputs::text[]`.as('inputs'),
  'options',
  'status',
  'progress',
  sql<string[]>`output_file_ids::text[]`.as('output_file_ids'),
  'result',
  'error_code',
  'error_message',
  'attempts',
  'cancel_requested_at',
  'created_at',
  'started_at',
  'finished_at',
] as const;

type JobRow = Omit<Selectable<VideoTables['videos.jobs']>, 'inputs' | 'output_file_ids' | 'updated_at'> & {
  inputs: string[];
  output_file_ids: string[];
};

function toJob(row: JobRow): VideoJob {
  return {
    id: row.id,
    ownerId: row.owner_id,
    operation: row.operation,
    inputs: row.inputs,
    options: row.options,
    status: row.status,
    progress: row.progress,
    outputFileIds: row.output_file_ids,
    result: row.result,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    attempts: row.attempts,
    cancelRequestedAt: row.cancel_requested_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
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

const OPEN: JobStatus[] = ['queued', 'running'];

export function createJobRepository(db: Sql) {
  const q = typed<VideoTables>(db);
  const first = (row: JobRow | undefined) => (row === undefined ? undefined : toJob(row));
  const owned = (ownerId: string | null) => (eb: ExpressionBuilder<VideoTables, 'videos.jobs'>) =>
    ownerId === null ? eb.lit(true) : eb('owner_id', '=', ownerId);

  return {
    /** Queued plus running jobs of one user (the per-user cap). */
    async openCount(ownerId: string): Promise<number> {
      const row = await q
        .selectFrom('videos.jobs')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('owner_id', '=', ownerId)
        .where('status', 'in', OPEN)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    async insert(job: NewJob): Promise<VideoJob> {
      const created = await q
        .insertInto('videos.jobs')
        .values({
          id: job.id,
          owner_id: job.ownerId,
          operation: job.operation,
          inputs: sql`${job.inputs}::uuid[]`,
          options: JSON.stringify(job.options),
          created_at: job.createdAt,
          updated_at: job.createdAt,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return toJob(created);
    },

    /** One job; `ownerId` null for admins. */
    async get(id: string, ownerId: string | null = null): Promise<VideoJob | undefined> {
      return first(
        await q.selectFrom('videos.jobs').select(COLUMNS).where('id', '=', id).where(owned(ownerId)).executeTakeFirst(),
      );
    },

    async list(query: ListJobsQuery): Promise<VideoJob[]> {
      const { status, after } = query;
      const rows = await q
        .selectFrom('videos.jobs')
        .select(COLUMNS)
        .where(owned(query.ownerId))
        .where((eb) => (status ? eb('status', '=', status) : eb.lit(true)))
        .where((eb) =>
          after ? sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : eb.lit(true),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return rows.map(toJob);
    },

    /** queued/running → running (a rerun after a crash takes a job that is still `running`). */
    async claim(id: string, now: Date): Promise<VideoJob | undefined> {
      const row = await q
        .updateTable('videos.jobs')
        .set((eb) => ({
          status: 'running',
          attempts: eb('attempts', '+', 1),
          started_at: sql<Date>`coalesce(started_at, ${now})`,
          updated_at: now,
          progress: sql<number>`CASE WHEN status = 'queued' THEN 0 ELSE progress END`,
        }))
        .where('id', '=', id)
        .where('status', 'in', OPEN)
        .returning(COLUMNS)
        .executeTakeFirst();
      return first(row);
    },

    /** Writes progress (never backwards) of a running job; answers whether a cancel was asked for meanwhile. */
    async setProgress(id: string, progress: number, now: Date): Promise<{ cancelRequested: boolean }> {
      const row = await q
        .updateTable('videos.jobs')
        .set({ progress: sql<number>`greatest(progress, ${progress})`, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returning(sql<boolean>`cancel_requested_at IS NOT NULL`.as('cancel_requested'))
        .executeTakeFirst();
      return { cancelRequested: row?.cancel_requested ?? false };
    },

    /** Completes a running job with its outputs, in one statement: a crash leaves it running or complete. */
    async complete(
      id: string,
      result: Record<string, unknown>,
      now: Date,
      outputFileIds?: readonly string[],
    ): Promise<VideoJob | undefined> {
      const row = await q
        .updateTable('videos.jobs')
        .set({
          status: 'completed',
          progress: 1,
          result: JSON.stringify(result),
          updated_at: now,
          finished_at: now,
          ...(outputFileIds === undefined ? {} : { output_file_ids: sql`${[...outputFileIds]}::uuid[]` }),
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returning(COLUMNS)
        .executeTakeFirst();
      return first(row);
    },

    async fail(id: string, error: { code: string; message: string }, now: Date): Promise<VideoJob | undefined> {
      const row = await q
        .updateTable('videos.jobs')
        .set({
          status: 'failed',
          error_code: error.code,
          error_message: error.message,
          updated_at: now,
          finished_at: now,
        })
        .where('id', '=', id)
        .where('status', 'in', OPEN)
        .returning(COLUMNS)
        .executeTakeFirst();
      return first(row);
    },

    /** A queued job is canceled at once; a running one is marked so its worker stops it. */
    async requestCancel(id: string, ownerId: string | null, now: Date): Promise<VideoJob | undefined> {
      const row = await q
        .updateTable('videos.jobs')
        .set({
          status: sql<'canceled' | 'running'>`CASE WHEN status = 'queued' THEN 'canceled' ELSE status END`,
          finished_at: sql<Date | null>`CASE WHEN status = 'queued' THEN ${now}::timestamptz ELSE finished_at END`,
          cancel_requested_at: sql<Date>`coalesce(cancel_requested_at, ${now}::timestamptz)`,
          updated_at: now,
        })
        .where('id', '=', id)
        .where(owned(ownerId))
        .where('status', 'in', OPEN)
        .returning(COLUMNS)
        .executeTakeFirst();
      return first(row);
    },

    /** The worker stopped a running job because of a cancel. */
    async markCanceled(id: string, now: Date): Promise<VideoJob | undefined> {
      const row = await q
        .updateTable('videos.jobs')
        .set({ status: 'canceled', updated_at: now, finished_at: now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .returning(COLUMNS)
        .executeTakeFirst();
      return first(row);
    },

    async unfinished(): Promise<{ id: string; ownerId: string }[]> {
      const rows = await q
        .selectFrom('videos.jobs')
        .select(['id', 'owner_id'])
        .where('status', 'in', OPEN)
        .orderBy('created_at')
        .execute();
      return rows.map((row) => ({ id: row.id, ownerId: row.owner_id }));
    },
  };
}
