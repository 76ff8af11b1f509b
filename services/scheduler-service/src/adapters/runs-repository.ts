/**
 * scheduler.runs: the history of each subscription and, for open runs, the scheduler's own outbox. A run is
 * recorded `pending` in the same transaction that advances its subscription, then sent to download-service by
 * whoever holds its lease; every status change is conditional on the previous status, so concurrent instances
 * (and duplicated events) change a run at most once.
 */
import { decodeKeysetCursor, encodeCursor } from '@smh/shared/contracts/common';
import { type Selectable, sql, typed } from '@smh/shared/db/typed';
import type { Sql } from '@smh/shared/db/types';
import type { RunOutcome } from '../domain/outcomes.js';
import type { Run, RunError, RunStatus, RunTrigger } from '../domain/types.js';
import type { SchedulerTables } from './tables.js';

type RunRow = Selectable<SchedulerTables['scheduler.runs']>;

const toRun = (row: RunRow): Run => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  ownerId: row.owner_id,
  trigger: row.trigger,
  scheduledFor: row.scheduled_for,
  status: row.status,
  downloadId: row.download_id,
  newFiles: row.new_files,
  errorCode: row.error_code,
  errorMessage: row.error_message,
  dispatchAttempts: row.dispatch_attempts,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

const first = (row: RunRow | undefined) => row && toRun(row);
const OPEN: RunStatus[] = ['pending', 'running'];

export interface NewRun {
  id: string;
  subscriptionId: string;
  ownerId: string;
  trigger: RunTrigger;
  scheduledFor: Date | null;
  status: 'pending' | 'skipped';
  startedAt: Date;
  /** Until when the recording instance alone may dispatch it. */
  leaseUntil: Date | null;
  /** 1 when the recorder sends it right away. */
  dispatchAttempts: number;
  error?: RunError;
}

/** Records a run; returns undefined when this scheduled slot already has one. */
export async function insertRun(db: Sql, run: NewRun): Promise<Run | undefined> {
  const row = await typed<SchedulerTables>(db)
    .insertInto('scheduler.runs')
    .values({
      id: run.id,
      subscription_id: run.subscriptionId,
      owner_id: run.ownerId,
      trigger: run.trigger,
      scheduled_for: run.scheduledFor,
      status: run.status,
      lease_until: run.leaseUntil,
      started_at: run.startedAt,
      finished_at: run.status === 'skipped' ? run.startedAt : null,
      error_code: run.error?.code ?? null,
      error_message: run.error?.message ?? null,
      dispatch_attempts: run.dispatchAttempts,
    })
    .onConflict((conflict) =>
      conflict.columns(['subscription_id', 'scheduled_for']).where('trigger', '=', sql.lit('schedule')).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  return first(row);
}

/** The subscription's run that is still pending or running, if any. */
export async function findOpenRun(db: Sql, subscriptionId: string): Promise<Run | undefined> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.runs')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', OPEN)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return first(row);
}

/**
 * Takes the lease of pending runs nobody holds (their recorder crashed or gave up for now) and counts the
 * attempt.
 */
export async function leasePendingRuns(db: Sql, now: Date, leaseMs: number, limit: number): Promise<Run[]> {
  const rows = await typed<SchedulerTables>(db)
    .updateTable('scheduler.runs')
    .set((eb) => ({
      lease_until: new Date(now.getTime() + leaseMs),
      dispatch_attempts: eb('dispatch_attempts', '+', 1),
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('scheduler.runs')
        .select('id')
        .where('status', '=', 'pending')
        .where((inner) => inner.or([inner('lease_until', 'is', null), inner('lease_until', '<=', now)]))
        .orderBy('started_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.map(toRun);
}

/** Download-service took the run. */
export async function markRunRunning(db: Sql, runId: string, downloadId: string, now: Date): Promise<Run | undefined> {
  const row = await typed<SchedulerTables>(db)
    .updateTable('scheduler.runs')
    .set({ status: 'running', download_id: downloadId, lease_until: null, checked_at: now })
    .where('id', '=', runId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return first(row);
}

/** Download-service could not be reached: let the lease run out at `retryAt`, then anyone may try again. */
export async function releaseRunUntil(db: Sql, runId: string, retryAt: Date): Promise<void> {
  await typed<SchedulerTables>(db)
    .updateTable('scheduler.runs')
    .set({ lease_until: retryAt })
    .where('id', '=', runId)
    .where('status', '=', 'pending')
    .execute();
}

/** Closes an open run once; undefined when it was already closed (by another instance or an earlier event). */
export async function finishRun(
  db: Sql,
  where: { runId: string } | { downloadId: string },
  outcome: RunOutcome,
  now: Date,
): Promise<Run | undefined> {
  const error = outcome.status === 'failed' ? outcome.error : null;
  const row = await typed<SchedulerTables>(db)
    .updateTable('scheduler.runs')
    .set({
      status: outcome.status,
      error_code: error?.code ?? null,
      error_message: error?.message ?? null,
      finished_at: now,
      lease_until: null,
    })
    .where((eb) => ('runId' in where ? eb('id', '=', where.runId) : eb('download_id', '=', where.downloadId)))
    .where('status', 'in', OPEN)
    .returningAll()
    .executeTakeFirst();
  return first(row);
}

/**
 * Remembers the files a completed run reported and stores how many of them the subscription had not seen
 * before as the run's newFiles.
 */
export async function recordRunFiles(db: Sql, run: Run, fileIds: readonly string[]): Promise<Run> {
  const q = typed<SchedulerTables>(db);
  const unique = [...new Set(fileIds)];
  const inserted =
    unique.length === 0
      ? 0n
      : ((
          await q
            .insertInto('scheduler.seen_files')
            .values(
              unique.map((fileId) => ({ subscription_id: run.subscriptionId, file_id: fileId, first_run_id: run.id })),
            )
            .onConflict((conflict) => conflict.columns(['subscription_id', 'file_id']).doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows ?? 0n);
  const row = await q
    .updateTable('scheduler.runs')
    .set({ new_files: Number(inserted) })
    .where('id', '=', run.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new Error(`run ${run.id} vanished while being finished`);
  return toRun(row);
}

/** Running runs not checked since `before` (no outcome event arrived): to ask download-service about. */
export async function runsToReconcile(db: Sql, before: Date | null, limit: number): Promise<Run[]> {
  const rows = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.runs')
    .selectAll()
    .where('status', '=', 'running')
    .$if(before !== null, (query) => query.where(sql<boolean>`coalesce(checked_at, started_at) <= ${before}`))
    .orderBy('started_at')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

export async function markRunChecked(db: Sql, runId: string, now: Date): Promise<void> {
  await typed<SchedulerTables>(db)
    .updateTable('scheduler.runs')
    .set({ checked_at: now })
    .where('id', '=', runId)
    .execute();
}

export async function findRunByDownload(db: Sql, downloadId: string): Promise<Run | undefined> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.runs')
    .selectAll()
    .where('download_id', '=', downloadId)
    .executeTakeFirst();
  return first(row);
}

export async function listRuns(
  db: Sql,
  subscriptionId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: Run[]; nextCursor: string | null }> {
  const after = decodeKeysetCursor(page.cursor);
  const rows = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.runs')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .$if(after !== undefined, (query) =>
      query.where(sql<boolean>`(started_at, id) < (${after?.at}::timestamptz, ${after?.id}::uuid)`),
    )
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(toRun);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.startedAt.toISOString(), last.id]) : null,
  };
}
