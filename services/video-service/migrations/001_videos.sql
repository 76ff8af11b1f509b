-- Video jobs: one row per FFmpeg operation a user asked for. The row is the job's state; the queue only carries its id.
CREATE SCHEMA IF NOT EXISTS videos;

CREATE TABLE videos.jobs (
  id                  uuid PRIMARY KEY,
  owner_id            text NOT NULL,
  operation           text NOT NULL CHECK (operation IN ('merge', 'transcode', 'thumbnail', 'extract-audio', 'trim', 'probe')),
  -- Input file ids in the order the user gave them (a merge joins them in this order).
  inputs              uuid[] NOT NULL CHECK (cardinality(inputs) >= 1),
  options             jsonb NOT NULL DEFAULT '{}'::jsonb,
  status              text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),
  progress            double precision NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  output_file_ids     uuid[] NOT NULL DEFAULT '{}',
  result              jsonb,
  error_code          text,
  error_message       text,
  attempts            integer NOT NULL DEFAULT 0,
  -- Set by POST /cancel while the job runs; the process running it aborts ffmpeg (event, or its next progress write).
  cancel_requested_at timestamptz,
  -- Written by the service with millisecond precision, so keyset cursors round-trip through JavaScript dates.
  created_at          timestamptz NOT NULL,
  started_at          timestamptz,
  updated_at          timestamptz NOT NULL,
  finished_at         timestamptz
);

CREATE INDEX jobs_owner_created_idx ON videos.jobs (owner_id, created_at DESC, id DESC);
CREATE INDEX jobs_created_idx ON videos.jobs (created_at DESC, id DESC);
CREATE INDEX jobs_unfinished_idx ON videos.jobs (created_at) WHERE status IN ('queued', 'running');
