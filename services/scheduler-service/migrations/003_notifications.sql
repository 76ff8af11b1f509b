-- scheduler-service: where users want to hear about events (notification targets), and every message sent to one.
CREATE TABLE scheduler.notification_targets (
  id uuid PRIMARY KEY,
  owner_id text NOT NULL,
  -- webhook, ntfy, gotify, discord, slack, telegram, email
  type text NOT NULL,
  name text NOT NULL,
  -- The type's fields (url, chatId, host…) including its tokens/passwords; never returned by the API.
  config jsonb NOT NULL,
  -- Webhook signing secret (HMAC-SHA256), shown once when the target is created.
  secret text,
  -- The events this target receives.
  events text[] NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX notification_targets_owner ON scheduler.notification_targets (owner_id, created_at DESC, id DESC);

-- One message for one target. The row is the source of truth of its state; the notification.deliver job only
-- carries its id.
CREATE TABLE scheduler.notification_deliveries (
  id uuid PRIMARY KEY,
  target_id uuid NOT NULL REFERENCES scheduler.notification_targets (id) ON DELETE CASCADE,
  owner_id text NOT NULL,
  event text NOT NULL,
  -- {event, occurredAt, data}: the webhook body; push/e-mail messages are built from it.
  payload jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  http_status int,
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  -- Set for deliveries of an event: every instance hears each event, only one delivery per target is recorded.
  dedupe_key text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX notification_deliveries_target ON scheduler.notification_deliveries (target_id, created_at DESC, id DESC);
CREATE INDEX notification_deliveries_owner ON scheduler.notification_deliveries (owner_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX notification_deliveries_once ON scheduler.notification_deliveries (target_id, dedupe_key)
  WHERE dedupe_key IS NOT NULL;
