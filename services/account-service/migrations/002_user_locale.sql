-- account-service: the UI language a user chose (NULL: follow the browser). Validated by the API; the length cap
-- keeps a bad writer from storing junk.
ALTER TABLE accounts.users ADD COLUMN locale text CHECK (locale IS NULL OR char_length(locale) BETWEEN 2 AND 35);
