/** The `accounts` schema as Kysely sees it (written from migrations/; keep in step when a migration changes it). */
import type { ColumnType, Generated, Role } from '@smh/shared';
import type { InstagramSessionRecord } from './types.js';

/** A timestamptz both engines return as a Date. */
type Timestamp = ColumnType<Date, Date | undefined, Date>;
type OptionalTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface AccountTables {
  'accounts.users': {
    id: string;
    username: string;
    password_hash: string;
    role: Role;
    disabled: Generated<boolean>;
    created_at: Timestamp;
    updated_at: Timestamp;
    locale: ColumnType<string | null, string | null | undefined, string | null>;
  };
  'accounts.refresh_tokens': {
    token_hash: string;
    family_id: string;
    user_id: string;
    created_at: Timestamp;
    expires_at: Date;
    rotated_at: OptionalTimestamp;
    revoked_at: OptionalTimestamp;
  };
  'accounts.api_keys': {
    id: string;
    owner_id: string;
    name: string;
    key_hash: string;
    created_at: Timestamp;
    last_used_at: OptionalTimestamp;
  };
  'accounts.instagram_sessions': {
    id: string;
    owner_id: string;
    username: string | null;
    status: InstagramSessionRecord['status'];
    status_reason: string | null;
    /** bytea: PGlite returns a Uint8Array, pg a Buffer. */
    encrypted_cookies: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
    created_at: Timestamp;
    last_checked_at: OptionalTimestamp;
  };
}
