-- What ffprobe said about a library file, so a job does not probe the same input again (a 20-clip merge would
-- otherwise spend longer in ffprobe than in ffmpeg). Keyed by file id AND content hash: a changed file is re-probed.
CREATE TABLE videos.probes (
  file_id   uuid PRIMARY KEY,
  sha256    text NOT NULL,
  probe     jsonb NOT NULL,
  probed_at timestamptz NOT NULL
);
