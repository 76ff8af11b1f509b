-- Streaming listing: items are planned page by page while transfers run. `listing` is where the profile listing
-- stopped ({"feed": "posts", "cursor": "..."}; null before the first page and once planned), so a restarted
-- process continues from there; `scanned` counts the posts found so far ("scanning: N posts found").
ALTER TABLE downloads.downloads ADD COLUMN listing jsonb;
ALTER TABLE downloads.downloads ADD COLUMN scanned int NOT NULL DEFAULT 0;
CREATE INDEX downloads_open_owner ON downloads.downloads (owner_id, kind) WHERE status IN ('queued', 'running');
