-- account-service: users, refresh-token families, API keys and linked Instagram sessions.
CREATE SCHEMA IF NOT EXISTS accounts;

CREATE TABLE accounts.users (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'user')),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Usernames are unique regardless of case.
CREATE UNIQUE INDEX users_username_key ON accounts.users (lower(username));

-- Refresh tokens are stored as keyed hashes. Each login starts a family; a refresh rotates the token inside its
-- family (rotated_at set on the old one). Presenting a rotated token again revokes the whole family.
CREATE TABLE accounts.refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  rotated_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON accounts.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON accounts.refresh_tokens (user_id);

CREATE TABLE accounts.api_keys (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX api_keys_owner_idx ON accounts.api_keys (owner_id);

-- The cookie map is encrypted (AES-256-GCM): version byte | 12-byte IV | 16-byte tag | ciphertext.
CREATE TABLE accounts.instagram_sessions (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
  username text,
  status text NOT NULL CHECK (status IN ('active', 'expired', 'unverified')),
  status_reason text,
  encrypted_cookies bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_checked_at timestamptz
);
CREATE INDEX instagram_sessions_owner_idx ON accounts.instagram_sessions (owner_id, created_at);
