-- Downloads of other sites' pages (through yt-dlp): a new kind.
ALTER TABLE downloads.downloads DROP CONSTRAINT downloads_kind_check;
ALTER TABLE downloads.downloads ADD CONSTRAINT downloads_kind_check
  CHECK (kind IN ('profile', 'post', 'reel', 'story', 'highlight', 'direct', 'site'));
