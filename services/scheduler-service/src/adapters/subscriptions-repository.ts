/** scheduler.subscriptions: every query the service runs against it. Times are passed in (the Clock's), never now(). */
import { decodeKeysetCursor, encodeCursor } from '@smh/shared/contracts/common';
import type { Sql } from '@smh/shared/db/types';
import type { Include } from '@smh/shared/contracts/downloads';
import type { ScheduleInput } from '../domain/schedule.js';
import type { Subscription, SubscriptionChanges } from '../domain/types.js';

export type { SubscriptionChanges };

interface SubscriptionRow {
  id: string;
  owner_id: string;
  username: string;
  source_url: string | null;
  include: Include[];
  schedule: ScheduleInput;
  session_id: string | null;
  enabled: boolean;
  next_run_at: Date;
  last_run_at: Date | null;
  consecutive_failures: number;
  flagged_at: Date | null;
  flagged_reason: string | null;
  paused_at: Date | null;
  paused_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const toSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  ownerId: row.owner_id,
  username: row.username,
  sourceUrl: row.source_url,
  include: row.include,
  schedule: row.schedule,
  sessionId: row.session_id,
  enabled: row.enabled,
  nextRunAt: new Date(row.next_run_at),
  lastRunAt: row.last_run_at && new Date(row.last_run_at),
  consecutiveFailures: row.consecutive_failures,
  flaggedAt: row.flagged_at && new Date(row.flagged_at),
  flaggedReason: row.flagged_reason,
  pausedAt: row.paused_at && new Date(row.paused_at),
  pausedReason: row.paused_reason,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function insertSubscription(sql: Sql, subscription: Subscription): Promise<Subscription | undefined> {
  const { rows } = await sql.query<SubscriptionRow>(
    `INSERT INTO scheduler.subscriptions (id, owner_id, username, source_url, include, schedule, session_id, enabled, next_run_at, consecutive_failures, created_at, updated_at)
     VALUES ($1, $2, $3, $10, $4::text[], $5::jsonb, $6, $7, $8::timestamptz, 0, $9::timestamptz, $9::timestamptz)
     ON CONFLICT (owner_id, username) DO NOTHING
     RETURNING *`,
    [
      subscription.id,
      subscription.ownerId,
      subscription.username,
      subscription.include,
      JSON.stringify(subscription.schedule),
      subscription.sessionId,
      subscription.enabled,
      iso(subscription.nextRunAt),
      iso(subscription.createdAt),
      subscription.sourceUrl,
    ],
  );
  return rows[0] && toSubscription(rows[0]);
}

/** A subscription the caller may see: `ownerId` null (admin) sees every owner's. */
export async function findSubscription(
  sql: Sql,
  id: string,
  ownerId: string | null,
  options: { forUpdate?: boolean } = {},
): Promise<Subscription | undefined> {
  const { rows } = await sql.query<SubscriptionRow>(
    `SELECT * FROM scheduler.subscriptions WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, ownerId],
  );
  return rows[0] && toSubscription(rows[0]);
}

export async function listSubscriptions(
  sql: Sql,
  ownerId: string | null,
  page: { limit: number; cursor?: string },
): Promise<{ items: Subscription[]; nextCursor: string | null }> {
  const after = decodeKeysetCursor(page.cursor);
  const { rows } = await sql.query<SubscriptionRow>(
    `SELECT * FROM scheduler.subscriptions
      WHERE ($1::text IS NULL OR owner_id = $1)
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [ownerId, after?.at ?? null, after?.id ?? null, page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map(toSubscription);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

const COLUMNS: Record<keyof SubscriptionChanges, { column: string; cast: string; encode?: (value: never) => unknown }> =
  {
    include: { column: 'include', cast: 'text[]' },
    schedule: { column: 'schedule', cast: 'jsonb', encode: (value: ScheduleInput) => JSON.stringify(value) },
    sessionId: { column: 'session_id', cast: 'uuid' },
    enabled: { column: 'enabled', cast: 'boolean' },
    nextRunAt: { column: 'next_run_at', cast: 'timestamptz', encode: iso },
    consecutiveFailures: { column: 'consecutive_failures', cast: 'int' },
    flaggedAt: { column: 'flagged_at', cast: 'timestamptz', encode: iso },
    flaggedReason: { column: 'flagged_reason', cast: 'text' },
    pausedAt: { column: 'paused_at', cast: 'timestamptz', encode: iso },
    pausedReason: { column: 'paused_reason', cast: 'text' },
    lastRunAt: { column: 'last_run_at', cast: 'timestamptz', encode: iso },
  };

export async function updateSubscription(
  sql: Sql,
  id: string,
  changes: SubscriptionChanges,
  now: Date,
): Promise<Subscription | undefined> {
  const sets: string[] = [];
  const params: unknown[] = [id, now.toISOString()];
  for (const [key, value] of Object.entries(changes) as [keyof SubscriptionChanges, unknown][]) {
    if (value === undefined) continue;
    const { column, cast, encode } = COLUMNS[key];
    params.push(encode ? (encode as (v: unknown) => unknown)(value) : value);
    sets.push(`${column} = $${params.length}::${cast}`);
  }
  const { rows } = await sql.query<SubscriptionRow>(
    `UPDATE scheduler.subscriptions SET ${[...sets, 'updated_at = $2::timestamptz'].join(', ')} WHERE id = $1 RETURNING *`,
    params,
  );
  return rows[0] && toSubscription(rows[0]);
}

export async function deleteSubscription(sql: Sql, id: string, ownerId: string | null): Promise<boolean> {
  const { rowCount } = await sql.query(
    `DELETE FROM scheduler.subscriptions WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)`,
    [id, ownerId],
  );
  return rowCount > 0;
}

/**
 * Locks up to `limit` due, active subscriptions for the calling transaction. SKIP LOCKED: rows another instance
 * holds are passed over, so two schedulers never claim the same subscription in the same moment.
 */
export async function lockDueSubscriptions(tx: Sql, now: Date, limit: number): Promise<Subscription[]> {
  const { rows } = await tx.query<SubscriptionRow>(
    `SELECT * FROM scheduler.subscriptions
      WHERE enabled AND paused_reason IS NULL AND next_run_at <= $1::timestamptz
      ORDER BY next_run_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  return rows.map(toSubscription);
}

/** Pauses the active subscriptions that use this Instagram session (an id, a UUID); returns the ones it paused. */
export async function pauseSubscriptionsUsingSession(
  sql: Sql,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<Subscription[]> {
  const { rows } = await sql.query<SubscriptionRow>(
    `UPDATE scheduler.subscriptions SET paused_reason = $2, paused_at = $3::timestamptz, updated_at = $3::timestamptz
      WHERE session_id = $1 AND paused_reason IS NULL RETURNING *`,
    [sessionId, reason, now.toISOString()],
  );
  return rows.map(toSubscription);
}
