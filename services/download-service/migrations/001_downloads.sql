-- download-service owns the schema "downloads": what was asked, what each media resource became, and the
-- per-owner archive index used for incremental sync and de-duplication.
CREATE SCHEMA IF NOT EXISTS downloads;

CREATE TABLE downloads.downloads (
  id uuid PRIMARY KEY,
  owner_id text NOT NULL,
  url text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('profile', 'post', 'reel', 'story', 'highlight', 'direct')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'canceled')),
  include jsonb NOT NULL DEFAULT '[]',
  item_limit int,
  session_id uuid,
  subscription_id uuid,
  incremental boolean NOT NULL DEFAULT false,
  -- true once the URL was resolved into download_items (a resume then skips the Instagram API)
  planned boolean NOT NULL DEFAULT false,
  files_done int NOT NULL DEFAULT 0,
  files_total int NOT NULL DEFAULT 0,
  bytes_done bigint NOT NULL DEFAULT 0,
  bytes_total bigint NOT NULL DEFAULT 0,
  error_code text,
  error_message text,
  error_retryable boolean,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX downloads_owner_created ON downloads.downloads (owner_id, created_at DESC, id DESC);
CREATE INDEX downloads_open ON downloads.downloads (status) WHERE status IN ('queued', 'running');

-- One row per media resource (a carousel child, a video, a profile picture, a direct file).
CREATE TABLE downloads.download_items (
  download_id uuid NOT NULL REFERENCES downloads.downloads (id) ON DELETE CASCADE,
  position int NOT NULL,
  -- archive key: "instagram:<post pk>_<index>", "instagram:profile_pic:<user id>:<name>", "direct:<url>"
  media_key text NOT NULL,
  platform_media_id text,
  resource_index int NOT NULL DEFAULT 0,
  kind text NOT NULL CHECK (kind IN ('image', 'video', 'other')),
  url text NOT NULL,
  -- everything needed to name the file and write the sidecar (username, shortcode, taken at, caption ...)
  meta jsonb NOT NULL DEFAULT '{}',
  expected_size bigint,
  bytes_done bigint NOT NULL DEFAULT 0,
  temp_path text,
  sha256 text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'stored', 'done', 'failed')),
  storage_key text,
  sidecar_key text,
  file_id text,
  error_code text,
  error_message text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (download_id, media_key)
);
CREATE INDEX download_items_position ON downloads.download_items (download_id, position);

CREATE TABLE downloads.archive (
  owner_id text NOT NULL,
  media_key text NOT NULL,
  file_id text NOT NULL,
  sha256 text,
  archived_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, media_key)
);
CREATE INDEX archive_sha256 ON downloads.archive (owner_id, sha256);
