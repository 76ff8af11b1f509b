-- Notices a download carries besides its status: warnings about what Instagram did not show (e.g. the rest of a
-- profile behind the login wall) and, while Instagram pushes back, when the download resumes by itself.
ALTER TABLE downloads.downloads ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';
ALTER TABLE downloads.downloads ADD COLUMN waiting_until timestamptz;
