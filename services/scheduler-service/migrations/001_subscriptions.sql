-- scheduler-service: subscriptions that keep a profile's archive up to date, and the history of their runs.
CREATE SCHEMA IF NOT EXISTS scheduler;

CREATE TABLE scheduler.subscriptions (
  id uuid PRIMARY KEY,
  owner_id text NOT NULL,
  -- Instagram username, lower-cased (usernames are case-insensitive).
  username text NOT NULL,
  include text[] NOT NULL,
  -- {"every": "6h"} or {"cron": "0 */6 * * *", "timezone": "UTC"}, as the user gave it.
  schedule jsonb NOT NULL,
  session_id uuid,
  enabled boolean NOT NULL DEFAULT true,
  next_run_at timestamptz NOT NULL,
  last_run_at timestamptz,
  consecutive_failures int NOT NULL DEFAULT 0,
  flagged_at timestamptz,
  flagged_reason text,
  paused_at timestamptz,
  paused_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (owner_id, username)
);
-- The scheduler's question, every tick: which active subscriptions are due?
CREATE INDEX subscriptions_due ON scheduler.subscriptions (next_run_at) WHERE enabled AND paused_reason IS NULL;
CREATE INDEX subscriptions_session ON scheduler.subscriptions (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX subscriptions_owner_list ON scheduler.subscriptions (owner_id, created_at DESC, id DESC);

CREATE TABLE scheduler.runs (
  id uuid PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES scheduler.subscriptions (id) ON DELETE CASCADE,
  owner_id text NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  -- The slot a scheduled run was due at (the subscription's next_run_at when it was claimed).
  scheduled_for timestamptz,
  -- pending: recorded, download not asked for yet (an outbox row); running: download-service has it.
  status text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'skipped')),
  download_id text,
  new_files int,
  error_code text,
  error_message text,
  dispatch_attempts int NOT NULL DEFAULT 0,
  -- Who may (re)send a pending run to download-service, and when it was last checked while running.
  lease_until timestamptz,
  checked_at timestamptz,
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
-- A scheduled slot of a subscription produces at most one run, whichever instance claims it.
CREATE UNIQUE INDEX runs_one_per_slot ON scheduler.runs (subscription_id, scheduled_for) WHERE trigger = 'schedule';
CREATE UNIQUE INDEX runs_download ON scheduler.runs (download_id) WHERE download_id IS NOT NULL;
CREATE INDEX runs_history ON scheduler.runs (subscription_id, started_at DESC, id DESC);
CREATE INDEX runs_open ON scheduler.runs (status) WHERE status IN ('pending', 'running');
