-- scheduler-service: a subscription may follow a channel, playlist or profile page of another site (yt-dlp).
-- source_url is that page's canonical URL (null for an Instagram profile). The page's subscription keeps the same
-- URL in username, the subscription's key, so UNIQUE (owner_id, username) also holds for site pages.
ALTER TABLE scheduler.subscriptions ADD COLUMN source_url text;
ALTER TABLE scheduler.subscriptions
  ADD CONSTRAINT subscriptions_site_key CHECK (source_url IS NULL OR username = source_url);
