/**
 * scheduler.runs: the history of each subscription and, for open runs, the scheduler's own outbox. A run is
 * recorded `pending` in the same transaction that advances its subscription, then sent to download-service by
 * whoever holds its lease; every status change is conditional on the previous status, so concurrent instances
 * (and duplicated events) change a run at most once.
 */
import { decodeKeysetCursor, encodeCursor } from '@smh/shared/contracts/common';
import type { Sql } from '@smh/shared/db/types';
import type { RunOutcome } from '../domain/outcomes.js';
import type { Run, RunError, RunStatus, RunTrigger } from '../domain/types.js';

interface RunRow {
  id: string;
  subscription_id: string;
  owner_id: string;
  trigger: RunTrigger;
  scheduled_for: Date | null;
  status: RunStatus;
  download_id: string | null;
  new_files: number | null;
  error_code: string | null;
  error_message: string | null;
  dispatch_attempts: number;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (row: RunRow): Run => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  ownerId: row.owner_id,
  trigger: row.trigger,
  scheduledFor: row.scheduled_for && new Date(row.scheduled_for),
  status: row.status,
  downloadId: row.download_id,
  newFiles: row.new_files,
  errorCode: row.error_code,
  errorMessage: row.error_message,
  dispatchAttempts: row.dispatch_attempts,
  startedAt: new Date(row.started_at),
  finishedAt: row.finished_at && new Date(row.finished_at),
});

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
export async function insertRun(sql: Sql, run: NewRun): Promise<Run | undefined> {
  const finished = run.status === 'skipped' ? run.startedAt.toISOString() : null;
  const { rows } = await sql.query<RunRow>(
    `INSERT INTO scheduler.runs (id, subscription_id, owner_id, trigger, scheduled_for, status, lease_until, started_at, finished_at, error_code, error_message, dispatch_attempts)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7::timestamptz, $8::timestamptz, $9::timestamptz, $10, $11, $12)
     ON CONFLICT (subscription_id, scheduled_for) WHERE trigger = 'schedule' DO NOTHING
     RETURNING *`,
    [
      run.id,
      run.subscriptionId,
      run.ownerId,
      run.trigger,
      run.scheduledFor?.toISOString() ?? null,
      run.status,
      run.leaseUntil?.toISOString() ?? null,
      run.startedAt.toISOString(),
      finished,
      run.error?.code ?? null,
      run.error?.message ?? null,
      run.dispatchAttempts,
    ],
  );
  return rows[0] && toRun(rows[0]);
}

/** The subscription's run that is still pending or running, if any. */
export async function findOpenRun(sql: Sql, subscriptionId: string): Promise<Run | undefined> {
  const { rows } = await sql.query<RunRow>(
    `SELECT * FROM scheduler.runs WHERE subscription_id = $1 AND status IN ('pending', 'running') ORDER BY started_at DESC LIMIT 1`,
    [subscriptionId],
  );
  return rows[0] && toRun(rows[0]);
}

/**
 * Takes the lease of pending runs nobody holds (their recorder crashed or gave up for now) and counts the
 * attempt.
 */
export async function leasePendingRuns(sql: Sql, now: Date, leaseMs: number, limit: number): Promise<Run[]> {
  const { rows } = await sql.query<RunRow>(
    `UPDATE scheduler.runs SET lease_until = $1::timestamptz + make_interval(secs => $2::float8 / 1000), dispatch_attempts = dispatch_attempts + 1
      WHERE id IN (SELECT id FROM scheduler.runs
                    WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
                    ORDER BY started_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [now.toISOString(), leaseMs, limit],
  );
  return rows.map(toRun);
}

/** Download-service took the run. */
export async function markRunRunning(sql: Sql, runId: string, downloadId: string, now: Date): Promise<Run | undefined> {
  const { rows } = await sql.query<RunRow>(
    `UPDATE scheduler.runs SET status = 'running', download_id = $2, lease_until = NULL, checked_at = $3::timestamptz
      WHERE id = $1 AND status = 'pending' RETURNING *`,
    [runId, downloadId, now.toISOString()],
  );
  return rows[0] && toRun(rows[0]);
}

/** Download-service could not be reached: let the lease run out at `retryAt`, then anyone may try again. */
export async function releaseRunUntil(sql: Sql, runId: string, retryAt: Date): Promise<void> {
  await sql.query(`UPDATE scheduler.runs SET lease_until = $2::timestamptz WHERE id = $1 AND status = 'pending'`, [
    runId,
    retryAt.toISOString(),
  ]);
}

/** Closes an open run once; undefined when it was already closed (by another instance or an earlier event). */
export async function finishRun(
  sql: Sql,
  where: { runId: string } | { downloadId: string },
  outcome: RunOutcome,
  now: Date,
): Promise<Run | undefined> {
  const [column, value] = 'runId' in where ? ['id', where.runId] : ['download_id', where.downloadId];
  const error = outcome.status === 'failed' ? outcome.error : null;
  const { rows } = await sql.query<RunRow>(
    `UPDATE scheduler.runs SET status = $2, error_code = $3, error_message = $4, finished_at = $5::timestamptz, lease_until = NULL
      WHERE ${column} = $1 AND status IN ('pending', 'running') RETURNING *`,
    [value, outcome.status, error?.code ?? null, error?.message ?? null, now.toISOString()],
  );
  return rows[0] && toRun(rows[0]);
}

/**
 * Remembers the files a completed run reported and stores how many of them the subscription had not seen
 * before as the run's newFiles.
 */
export async function recordRunFiles(sql: Sql, run: Run, fileIds: readonly string[]): Promise<Run> {
  const { rowCount } = await sql.query(
    `INSERT INTO scheduler.seen_files (subscription_id, file_id, first_run_id)
     SELECT $1, file_id, $3 FROM unnest($2::text[]) AS file_id
     ON CONFLICT (subscription_id, file_id) DO NOTHING`,
    [run.subscriptionId, [...new Set(fileIds)], run.id],
  );
  const { rows } = await sql.query<RunRow>(`UPDATE scheduler.runs SET new_files = $2 WHERE id = $1 RETURNING *`, [
    run.id,
    rowCount,
  ]);
  const [row] = rows;
  if (!row) throw new Error(`run ${run.id} vanished while being finished`);
  return toRun(row);
}

/** Running runs not checked since `before` (no outcome event arrived): to ask download-service about. */
export async function runsToReconcile(sql: Sql, before: Date | null, limit: number): Promise<Run[]> {
  const { rows } = await sql.query<RunRow>(
    `SELECT * FROM scheduler.runs WHERE status = 'running' AND ($1::timestamptz IS NULL OR coalesce(checked_at, started_at) <= $1::timestamptz)
      ORDER BY started_at LIMIT $2`,
    [before?.toISOString() ?? null, limit],
  );
  return rows.map(toRun);
}

export async function markRunChecked(sql: Sql, runId: string, now: Date): Promise<void> {
  await sql.query(`UPDATE scheduler.runs SET checked_at = $2::timestamptz WHERE id = $1`, [runId, now.toISOString()]);
}

export async function findRunByDownload(sql: Sql, downloadId: string): Promise<Run | undefined> {
  const { rows } = await sql.query<RunRow>(`SELECT * FROM scheduler.runs WHERE download_id = $1`, [downloadId]);
  return rows[0] && toRun(rows[0]);
}

export async function listRuns(
  sql: Sql,
  subscriptionId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: Run[]; nextCursor: string | null }> {
  const after = decodeKeysetCursor(page.cursor);
  const { rows } = await sql.query<RunRow>(
    `SELECT * FROM scheduler.runs
      WHERE subscription_id = $1 AND ($2::timestamptz IS NULL OR (started_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY started_at DESC, id DESC LIMIT $4`,
    [subscriptionId, after?.at ?? null, after?.id ?? null, page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map(toRun);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.startedAt.toISOString(), last.id]) : null,
  };
}
