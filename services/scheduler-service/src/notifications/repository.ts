/** scheduler.notification_targets and notification_deliveries: every query notifications run. */
import { decodeCursor, encodeCursor } from '@smh/shared/contracts/common';
import {
  type Expression,
  type ExpressionBuilder,
  type Selectable,
  type SqlBool,
  sql,
  typed,
} from '@smh/shared/db/typed';
import type { Sql } from '@smh/shared/db/types';
import type { SchedulerTables } from '../adapters/tables.js';
import type { DeliveryEvent, NotificationEvent, TargetType } from './schemas.js';

export interface Target {
  id: string;
  ownerId: string;
  type: TargetType;
  name: string;
  config: Record<string, unknown>;
  secret: string | null;
  events: NotificationEvent[];
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** What every target type is sent: the webhook body, from which push and e-mail messages are built. */
export interface NotificationMessage {
  event: DeliveryEvent;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  targetId: string;
  ownerId: string;
  event: DeliveryEvent;
  payload: NotificationMessage;
  status: DeliveryStatus;
  httpStatus: number | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type TargetRow = Selectable<SchedulerTables['scheduler.notification_targets']>;
type DeliveryRow = Selectable<SchedulerTables['scheduler.notification_deliveries']>;

const toTarget = (row: TargetRow): Target => ({
  id: row.id,
  ownerId: row.owner_id,
  type: row.type,
  name: row.name,
  config: row.config,
  secret: row.secret,
  events: row.events,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  targetId: row.target_id,
  ownerId: row.owner_id,
  event: row.event,
  payload: row.payload,
  status: row.status,
  httpStatus: row.http_status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const TARGETS = 'scheduler.notification_targets';
const DELIVERIES = 'scheduler.notification_deliveries';
const textArray = (values: readonly string[]) => sql`${values}::text[]`;
/** `ownerId` null (an admin, or a hub-wide event) matches every owner. */
const ownedBy =
  (ownerId: string | null) =>
  (eb: ExpressionBuilder<SchedulerTables, typeof TARGETS | typeof DELIVERIES>): Expression<SqlBool> =>
    ownerId === null ? eb.lit(true) : eb('owner_id', '=', ownerId);
/** Keyset paging by (created_at, id) descending, from an opaque cursor this module issued. */
const before = (after: (string | number)[] | undefined) =>
  sql<boolean>`(created_at, id) < (${after?.[0] ?? null}::timestamptz, ${after?.[1] ?? null}::uuid)`;

export async function insertTarget(db: Sql, target: Target): Promise<Target> {
  const row = await typed<SchedulerTables>(db)
    .insertInto(TARGETS)
    .values({
      id: target.id,
      owner_id: target.ownerId,
      type: target.type,
      name: target.name,
      config: JSON.stringify(target.config),
      secret: target.secret,
      events: textArray(target.events),
      created_at: target.createdAt,
      updated_at: target.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTarget(row);
}

/** `ownerId` null: any owner (admins). */
export async function findTarget(db: Sql, id: string, ownerId: string | null): Promise<Target | undefined> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom(TARGETS)
    .selectAll()
    .where('id', '=', id)
    .where(ownedBy(ownerId))
    .executeTakeFirst();
  return row && toTarget(row);
}

export async function listTargets(
  db: Sql,
  ownerId: string | null,
  page: { limit: number; cursor?: string },
): Promise<{ items: Target[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const rows = await typed<SchedulerTables>(db)
    .selectFrom(TARGETS)
    .selectAll()
    .where(ownedBy(ownerId))
    .$if(after !== undefined, (query) => query.where(before(after)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(toTarget);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The owner's targets that receive `event` (`ownerId` null: every owner's, for hub-wide events). */
export async function targetsForEvent(db: Sql, ownerId: string | null, event: NotificationEvent): Promise<Target[]> {
  const rows = await typed<SchedulerTables>(db)
    .selectFrom(TARGETS)
    .selectAll()
    .where(ownedBy(ownerId))
    .where(sql<boolean>`${event} = ANY(events)`)
    .orderBy('created_at')
    .execute();
  return rows.map(toTarget);
}

export async function updateTarget(
  db: Sql,
  id: string,
  changes: { name: string; config: Record<string, unknown>; events: NotificationEvent[] },
  now: Date,
): Promise<Target | undefined> {
  const row = await typed<SchedulerTables>(db)
    .updateTable(TARGETS)
    .set({
      name: changes.name,
      config: JSON.stringify(changes.config),
      events: textArray(changes.events),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toTarget(row);
}

export async function deleteTarget(db: Sql, id: string, ownerId: string | null): Promise<boolean> {
  const result = await typed<SchedulerTables>(db)
    .deleteFrom(TARGETS)
    .where('id', '=', id)
    .where(ownedBy(ownerId))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Records a pending delivery. With a dedupe key, a second insert for the same target and key (another instance
 * heard the same event) is a no-op and returns undefined.
 */
export async function insertDelivery(
  db: Sql,
  delivery: { id: string; target: Target; message: NotificationMessage; dedupeKey: string | null; now: Date },
): Promise<Delivery | undefined> {
  const row = await typed<SchedulerTables>(db)
    .insertInto(DELIVERIES)
    .values({
      id: delivery.id,
      target_id: delivery.target.id,
      owner_id: delivery.target.ownerId,
      event: delivery.message.event,
      payload: JSON.stringify(delivery.message),
      status: 'pending',
      attempts: 0,
      dedupe_key: delivery.dedupeKey,
      created_at: delivery.now,
      updated_at: delivery.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['target_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  return row && toDelivery(row);
}

export async function findDelivery(db: Sql, id: string): Promise<Delivery | undefined> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom(DELIVERIES)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDelivery(row);
}

/** Records one attempt of a pending delivery (attempts + 1) and its result. */
export async function recordAttempt(
  db: Sql,
  id: string,
  result: { status: DeliveryStatus; httpStatus: number | null; error: string | null },
  now: Date,
): Promise<Delivery | undefined> {
  const row = await typed<SchedulerTables>(db)
    .updateTable(DELIVERIES)
    .set((eb) => ({
      status: result.status,
      http_status: result.httpStatus ?? eb.ref('http_status'),
      last_error: result.error,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  return row && toDelivery(row);
}

export async function listDeliveries(
  db: Sql,
  filter: { ownerId: string | null; targetId?: string },
  page: { limit: number; cursor?: string },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const { targetId } = filter;
  const rows = await typed<SchedulerTables>(db)
    .selectFrom(DELIVERIES)
    .selectAll()
    .where(ownedBy(filter.ownerId))
    .where((eb) => (targetId === undefined ? eb.lit(true) : eb('target_id', '=', targetId)))
    .$if(after !== undefined, (query) => query.where(before(after)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(toDelivery);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The files a subscription run brought into the archive for the first time. */
export async function newFilesOfRun(db: Sql, runId: string): Promise<string[]> {
  const rows = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.seen_files')
    .select('file_id')
    .where('first_run_id', '=', runId)
    .orderBy('file_id')
    .execute();
  return rows.map((row) => row.file_id);
}

export async function subscriptionFacts(
  db: Sql,
  subscriptionId: string,
): Promise<{ username: string; flaggedReason: string | null; pausedReason: string | null } | undefined> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.subscriptions')
    .select(['username', 'flagged_reason', 'paused_reason'])
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  return row && { username: row.username, flaggedReason: row.flagged_reason, pausedReason: row.paused_reason };
}

export async function isSubscriptionDownload(db: Sql, downloadId: string): Promise<boolean> {
  const row = await typed<SchedulerTables>(db)
    .selectFrom('scheduler.runs')
    .select(sql<number>`1`.as('one'))
    .where('download_id', '=', downloadId)
    .executeTakeFirst();
  return row !== undefined;
}
