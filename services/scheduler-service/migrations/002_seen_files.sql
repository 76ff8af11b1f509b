-- The files each subscription has already brought into the archive. A sync's download lists every file it
-- matched, including ones archived before (the profile picture, de-duplicated media); a run's newFiles counts
-- only those this subscription had not seen.
CREATE TABLE scheduler.seen_files (
  subscription_id uuid NOT NULL REFERENCES scheduler.subscriptions (id) ON DELETE CASCADE,
  file_id text NOT NULL,
  first_run_id uuid NOT NULL,
  PRIMARY KEY (subscription_id, file_id)
);
