-- The media library catalog: one row per stored media file (downloaded, uploaded, produced by a video job).
CREATE SCHEMA IF NOT EXISTS files;

CREATE TABLE files.files (
  id              uuid PRIMARY KEY,
  owner_id        text NOT NULL,
  name            text NOT NULL,
  mime            text NOT NULL,
  type            text NOT NULL CHECK (type IN ('image', 'video', 'audio', 'other')),
  size            bigint NOT NULL CHECK (size >= 0),
  sha256          text NOT NULL CHECK (sha256 ~ '^[a-f0-9]{64}$'),
  width           integer,
  height          integer,
  duration        double precision,
  probe           jsonb,
  source_platform text,
  source_username text,
  source_code     text,
  source_taken_at timestamptz,
  source_caption  text,
  source_url      text,
  source_media_id text,
  storage_key     text NOT NULL UNIQUE,
  sidecar_key     text,
  thumbnail_key   text,
  origin_kind     text NOT NULL CHECK (origin_kind IN ('download', 'upload', 'video-job')),
  origin_id       text,
  derived_from    uuid[] NOT NULL DEFAULT '{}',
  -- Written by the service with millisecond precision, so keyset cursors round-trip through JavaScript dates.
  created_at      timestamptz NOT NULL,
  -- The date a user filters and sorts by: when the post was published, else when the file arrived.
  dated_at        timestamptz GENERATED ALWAYS AS (coalesce(source_taken_at, created_at)) STORED,
  -- Full-text search over the name (split at _ . -), the caption and the author; 'simple' = no stemming,
  -- so it behaves the same for every language and on PostgreSQL 15 and PGlite (PostgreSQL 18).
  search          tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig,
      regexp_replace(name, '[_.-]+', ' ', 'g') || ' ' || coalesce(source_caption, '') || ' ' || coalesce(source_username, ''))
  ) STORED
);

CREATE INDEX files_owner_dated_idx ON files.files (owner_id, dated_at, id);
CREATE INDEX files_dated_idx ON files.files (dated_at, id);
CREATE INDEX files_owner_name_idx ON files.files (owner_id, name, id);
CREATE INDEX files_owner_size_idx ON files.files (owner_id, size, id);
CREATE INDEX files_owner_username_idx ON files.files (owner_id, lower(source_username));
CREATE INDEX files_owner_sha256_idx ON files.files (owner_id, sha256);
CREATE INDEX files_search_idx ON files.files USING gin (search);
CREATE INDEX files_sidecar_idx ON files.files (sidecar_key) WHERE sidecar_key IS NOT NULL;
CREATE INDEX files_thumbnail_idx ON files.files (thumbnail_key) WHERE thumbnail_key IS NOT NULL;
-- One catalog row per platform media item and owner: concurrent downloads of one post cannot both register it.
CREATE UNIQUE INDEX files_owner_media_idx ON files.files (owner_id, source_platform, source_media_id) WHERE source_media_id IS NOT NULL;
