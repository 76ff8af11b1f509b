/** scheduler.subscriptions: every query the service runs against it. Times are passed in (the Clock's), never now(). */
import { decodeKeysetCursor, encodeCursor } from '@smh/shared/contracts/common';
import { type ExpressionBuilder, type Selectable, sql, typed, type Updateable } from '@smh/shared/db/typed';
import type { Sql } from '@smh/shared/db/types';
import type { Subscription, SubscriptionChanges } from '../domain/types.js';
import type { SchedulerTables } from './tables.js';

export type { SubscriptionChanges };

type SubscriptionTable = SchedulerTables['scheduler.subscriptions'];
type SubscriptionRow = Selectable<SubscriptionTable>;

const toSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  ownerId: row.owner_id,
  username: row.username,
  sourceUrl: row.source_url,
  include: row.include,
  schedule: row.schedule,
  sessionId: row.session_id,
  enabled: row.enabled,
  nextRunAt: row.next_run_at,
  lastRunAt: row.last_run_at,
  consecutiveFailures: row.consecutive_failures,
  flaggedAt: row.flagged_at,
  flaggedReason: row.flagged_reason,
  pausedAt: row.paused_at,
  pausedReason: row.paused_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const first = (row: SubscriptionRow | undefined) => row && toSubscription(row);
const textArray = (values: readonly string[]) => sql`${values}::text[]`;
/** `ownerId` null (an admin) matches every owner. */
const ownedBy = (ownerId: string | null) => (eb: ExpressionBuilder<SchedulerTables, 'scheduler.subscriptions'>) =>
  ownerId === null ? eb.lit(true) : eb('owner_id', '=', ownerId);

export async function insertSubscription(db: Sql, subscription: Subscription): Promise<Subscription | undefined> {
  const row = await typed<SchedulerTables>(db)
    .insertInto('scheduler.subscriptions')
    .values({
      id: subscription.id,
      owner_id: subscription.ownerId,
      username: subscription.username,
      source_url: subscription.sourceUrl,
      include: textArray(subscription.include),
      schedule: JSON.stringify(subscription.schedule),
      session_id: subscription.sessionId,
      enabled: subscription.enabled,
      next_run_at: subscription.nextRunAt,
      consecutive_failures: 0,
      created_at: subscription.createdAt,
      updated_at: subscription.createdAt,
    })
    .onConflict((conflict) => conflict.columns(['owner_id', 'username']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return first(row);
}

/** A subscription the caller may see: `ownerId` null (admin) sees every owner's. */
export async function findSubscription(
  db: Sql,
  id: string,
  ownerId: string | null,
  options: { forUpdate?: boolean } = {},
): Promise<Subscription | undefined> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where(ownedBy(ownerId))
    .$if(options.forUpdate === true, (query) => query.forUpdate())
    .executeTakeFirst();
  return first(row);
}

export async function listSubscriptions(
  db: Sql,
  ownerId: string | null,
  page: { limit: number; cursor?: string },
): Promise<{ items: Subscription[]; nextCursor: string | null }> {
  const after = decodeKeysetCursor(page.cursor);
  const rows = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.subscriptions')
    .selectAll()
    .where(ownedBy(ownerId))
    .$if(after !== undefined, (query) =>
      query.where(sql<boolean>`(created_at, id) < (${after?.at}::timestamptz, ${after?.id}::uuid)`),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(toSubscription);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The columns of the given changes (undefined leaves a column alone, null clears it). */
export function subscriptionColumns(changes: SubscriptionChanges): Updateable<SubscriptionTable> {
  const columns: Updateable<SubscriptionTable> = {};
  if (changes.include !== undefined) columns.include = textArray(changes.include);
  if (changes.schedule !== undefined) columns.schedule = JSON.stringify(changes.schedule);
  if (changes.sessionId !== undefined) columns.session_id = changes.sessionId;
  if (changes.enabled !== undefined) columns.enabled = changes.enabled;
  if (changes.nextRunAt !== undefined) columns.next_run_at = changes.nextRunAt;
  if (changes.consecutiveFailures !== undefined) columns.consecutive_failures = changes.consecutiveFailures;
  if (changes.flaggedAt !== undefined) columns.flagged_at = changes.flaggedAt;
  if (changes.flaggedReason !== undefined) columns.flagged_reason = changes.flaggedReason;
  if (changes.pausedAt !== undefined) columns.paused_at = changes.pausedAt;
  if (changes.pausedReason !== undefined) columns.paused_reason = changes.pausedReason;
  if (changes.lastRunAt !== undefined) columns.last_run_at = changes.lastRunAt;
  return columns;
}

export async function updateSubscription(
  db: Sql,
  id: string,
  changes: SubscriptionChanges,
  now: Date,
): Promise<Subscription | undefined> {
  const row = await typed<SchedulerTables>(db)
    .updateTable('scheduler.subscriptions')
    .set({ ...subscriptionColumns(changes), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return first(row);
}

export async function deleteSubscription(db: Sql, id: string, ownerId: string | null): Promise<boolean> {
  const result = await typed<SchedulerTables>(db)
    .deleteFrom('scheduler.subscriptions')
    .where('id', '=', id)
    .where(ownedBy(ownerId))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Locks up to `limit` due, active subscriptions for the calling transaction. SKIP LOCKED: rows another instance
 * holds are passed over, so two schedulers never claim the same subscription in the same moment.
 */
export async function lockDueSubscriptions(db: Sql, now: Date, limit: number): Promise<Subscription[]> {
  const rows = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.subscriptions')
    .selectAll()
    .where((eb) => eb.ref('enabled'))
    .where('paused_reason', 'is', null)
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map(toSubscription);
}

/** Pauses the active subscriptions that use this Instagram session (an id, a UUID); returns the ones it paused. */
export async function pauseSubscriptionsUsingSession(
  db: Sql,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<Subscription[]> {
  const rows = await typed<SchedulerTables>(db)
    .updateTable('scheduler.subscriptions')
    .set({ paused_reason: reason, paused_at: now, updated_at: now })
    .where('session_id', '=', sessionId)
    .where('paused_reason', 'is', null)
    .returningAll()
    .execute();
  return rows.map(toSubscription);
}
