/** scheduler.notification_targets and notification_deliveries: every query notifications run. */
import { decodeCursor, encodeCursor } from '@smh/shared/contracts/common';
import type { Sql } from '@smh/shared/db/types';
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

interface TargetRow {
  id: string;
  owner_id: string;
  type: TargetType;
  name: string;
  config: Record<string, unknown>;
  secret: string | null;
  events: NotificationEvent[];
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  target_id: string;
  owner_id: string;
  event: DeliveryEvent;
  payload: NotificationMessage;
  status: DeliveryStatus;
  http_status: number | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

const toTarget = (row: TargetRow): Target => ({
  id: row.id,
  ownerId: row.owner_id,
  type: row.type,
  name: row.name,
  config: row.config,
  secret: row.secret,
  events: row.events,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
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
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

export async function insertTarget(sql: Sql, target: Target): Promise<Target> {
  const { rows } = await sql.query<TargetRow>(
    `INSERT INTO scheduler.notification_targets (id, owner_id, type, name, config, secret, events, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::text[], $8::timestamptz, $8::timestamptz) RETURNING *`,
    [
      target.id,
      target.ownerId,
      target.type,
      target.name,
      JSON.stringify(target.config),
      target.secret,
      target.events,
      target.createdAt.toISOString(),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return toTarget(row);
}

/** `ownerId` null: any owner (admins). */
export async function findTarget(sql: Sql, id: string, ownerId: string | null): Promise<Target | undefined> {
  const { rows } = await sql.query<TargetRow>(
    `SELECT * FROM scheduler.notification_targets WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)`,
    [id, ownerId],
  );
  return rows[0] && toTarget(rows[0]);
}

export async function listTargets(
  sql: Sql,
  ownerId: string | null,
  page: { limit: number; cursor?: string },
): Promise<{ items: Target[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const { rows } = await sql.query<TargetRow>(
    `SELECT * FROM scheduler.notification_targets
      WHERE ($1::text IS NULL OR owner_id = $1) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [ownerId, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map(toTarget);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The owner's targets that receive `event` (`ownerId` null: every owner's, for hub-wide events). */
export async function targetsForEvent(sql: Sql, ownerId: string | null, event: NotificationEvent): Promise<Target[]> {
  const { rows } = await sql.query<TargetRow>(
    `SELECT * FROM scheduler.notification_targets WHERE ($1::text IS NULL OR owner_id = $1) AND $2 = ANY(events) ORDER BY created_at`,
    [ownerId, event],
  );
  return rows.map(toTarget);
}

export async function updateTarget(
  sql: Sql,
  id: string,
  changes: { name: string; config: Record<string, unknown>; events: NotificationEvent[] },
  now: Date,
): Promise<Target | undefined> {
  const { rows } = await sql.query<TargetRow>(
    `UPDATE scheduler.notification_targets SET name = $2, config = $3::jsonb, events = $4::text[], updated_at = $5::timestamptz
      WHERE id = $1 RETURNING *`,
    [id, changes.name, JSON.stringify(changes.config), changes.events, now.toISOString()],
  );
  return rows[0] && toTarget(rows[0]);
}

export async function deleteTarget(sql: Sql, id: string, ownerId: string | null): Promise<boolean> {
  const { rowCount } = await sql.query(
    `DELETE FROM scheduler.notification_targets WHERE id = $1 AND ($2::text IS NULL OR owner_id = $2)`,
    [id, ownerId],
  );
  return rowCount > 0;
}

/**
 * Records a pending delivery. With a dedupe key, a second insert for the same target and key (another instance
 * heard the same event) is a no-op and returns undefined.
 */
export async function insertDelivery(
  sql: Sql,
  delivery: { id: string; target: Target; message: NotificationMessage; dedupeKey: string | null; now: Date },
): Promise<Delivery | undefined> {
  const { rows } = await sql.query<DeliveryRow>(
    `INSERT INTO scheduler.notification_deliveries (id, target_id, owner_id, event, payload, status, attempts, dedupe_key, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, 'pending', 0, $6, $7::timestamptz, $7::timestamptz)
     ON CONFLICT (target_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
     RETURNING *`,
    [
      delivery.id,
      delivery.target.id,
      delivery.target.ownerId,
      delivery.message.event,
      JSON.stringify(delivery.message),
      delivery.dedupeKey,
      delivery.now.toISOString(),
    ],
  );
  return rows[0] && toDelivery(rows[0]);
}

export async function findDelivery(sql: Sql, id: string): Promise<Delivery | undefined> {
  const { rows } = await sql.query<DeliveryRow>(`SELECT * FROM scheduler.notification_deliveries WHERE id = $1`, [id]);
  return rows[0] && toDelivery(rows[0]);
}

/** Records one attempt of a pending delivery (attempts + 1) and its result. */
export async function recordAttempt(
  sql: Sql,
  id: string,
  result: { status: DeliveryStatus; httpStatus: number | null; error: string | null },
  now: Date,
): Promise<Delivery | undefined> {
  const { rows } = await sql.query<DeliveryRow>(
    `UPDATE scheduler.notification_deliveries
        SET status = $2, http_status = coalesce($3, http_status), last_error = $4, attempts = attempts + 1, updated_at = $5::timestamptz
      WHERE id = $1 AND status = 'pending' RETURNING *`,
    [id, result.status, result.httpStatus, result.error, now.toISOString()],
  );
  return rows[0] && toDelivery(rows[0]);
}

export async function listDeliveries(
  sql: Sql,
  filter: { ownerId: string | null; targetId?: string },
  page: { limit: number; cursor?: string },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  const after = decodeCursor(page.cursor);
  const { rows } = await sql.query<DeliveryRow>(
    `SELECT * FROM scheduler.notification_deliveries
      WHERE ($1::text IS NULL OR owner_id = $1) AND ($2::uuid IS NULL OR target_id = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [filter.ownerId, filter.targetId ?? null, after?.[0] ?? null, after?.[1] ?? null, page.limit + 1],
  );
  const items = rows.slice(0, page.limit).map(toDelivery);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** The files a subscription run brought into the archive for the first time. */
export async function newFilesOfRun(sql: Sql, runId: string): Promise<string[]> {
  const { rows } = await sql.query<{ file_id: string }>(
    `SELECT file_id FROM scheduler.seen_files WHERE first_run_id = $1 ORDER BY file_id`,
    [runId],
  );
  return rows.map((row) => row.file_id);
}

export async function subscriptionFacts(
  sql: Sql,
  subscriptionId: string,
): Promise<{ username: string; flaggedReason: string | null; pausedReason: string | null } | undefined> {
  const { rows } = await sql.query<{ username: string; flagged_reason: string | null; paused_reason: string | null }>(
    `SELECT username, flagged_reason, paused_reason FROM scheduler.subscriptions WHERE id = $1`,
    [subscriptionId],
  );
  const row = rows[0];
  return row && { username: row.username, flaggedReason: row.flagged_reason, pausedReason: row.paused_reason };
}

export async function isSubscriptionDownload(sql: Sql, downloadId: string): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM scheduler.runs WHERE download_id = $1`, [downloadId]);
  return rows.length > 0;
}
