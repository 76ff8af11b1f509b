-- The display name of the Instagram account a file came from (recorded with its profile picture), for profile pages.
ALTER TABLE files.files ADD COLUMN IF NOT EXISTS source_full_name text;
