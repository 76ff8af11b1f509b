/** The `scheduler` schema as Kysely sees it (written from migrations/; keep in step when a migration changes it). */
import type { ColumnType, Generated } from '@smh/shared/db/typed';
import type { Include } from '@smh/shared/contracts/downloads';
import type { ScheduleInput } from '../domain/schedule.js';
import type { RunStatus, RunTrigger } from '../domain/types.js';
import type { NotificationMessage } from '../notifications/repository.js';
import type { DeliveryEvent, NotificationEvent, TargetType } from '../notifications/schemas.js';

/** timestamptz: read as a Date on both engines, written as a Date. */
type Timestamp = ColumnType<Date, Date, Date>;
type OptionalTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** jsonb: read as the parsed value, written as its JSON text (the same on PGlite and pg). */
type Json<Read> = ColumnType<Read, string, string>;
/** text[]: read as a string array on both engines, written as `${values}::text[]`. */
type TextArray<Read extends string> = ColumnType<Read[], unknown, unknown>;

export interface SchedulerTables {
  'scheduler.subscriptions': {
    id: string;
    owner_id: string;
    username: string;
    source_url: string | null;
    include: TextArray<Include>;
    schedule: Json<ScheduleInput>;
    session_id: string | null;
    enabled: Generated<boolean>;
    next_run_at: Timestamp;
    last_run_at: OptionalTimestamp;
    consecutive_failures: Generated<number>;
    flagged_at: OptionalTimestamp;
    flagged_reason: string | null;
    paused_at: OptionalTimestamp;
    paused_reason: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  'scheduler.runs': {
    id: string;
    subscription_id: string;
    owner_id: string;
    trigger: RunTrigger;
    scheduled_for: OptionalTimestamp;
    status: RunStatus;
    download_id: string | null;
    new_files: number | null;
    error_code: string | null;
    error_message: string | null;
    dispatch_attempts: Generated<number>;
    lease_until: OptionalTimestamp;
    checked_at: OptionalTimestamp;
    started_at: Timestamp;
    finished_at: OptionalTimestamp;
  };
  'scheduler.seen_files': {
    subscription_id: string;
    file_id: string;
    first_run_id: string;
  };
  'scheduler.notification_targets': {
    id: string;
    owner_id: string;
    type: TargetType;
    name: string;
    config: Json<Record<string, unknown>>;
    secret: string | null;
    events: TextArray<NotificationEvent>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  'scheduler.notification_deliveries': {
    id: string;
    target_id: string;
    owner_id: string;
    event: DeliveryEvent;
    payload: Json<NotificationMessage>;
    status: 'pending' | 'delivered' | 'failed';
    http_status: number | null;
    attempts: Generated<number>;
    last_error: string | null;
    dedupe_key: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
}
