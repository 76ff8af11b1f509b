/** The accounts repository on PostgreSQL (or PGlite) through the shared database layer, schema `accounts`. */
import { maybeOne, one, type Database, type Role, type Sql } from '@smh/shared';
import {
  LastAdminError,
  UsernameTakenError,
  type AccountsRepository,
  type ApiKeyRecord,
  type InstagramSessionRecord,
  type OwnerScope,
  type RotationOutcome,
  type UserRecord,
} from './types.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
  locale: string | null;
}
interface ApiKeyRow {
  id: string;
  owner_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}
interface SessionRow {
  id: string;
  owner_id: string;
  username: string | null;
  status: InstagramSessionRecord['status'];
  status_reason: string | null;
  encrypted_cookies: Uint8Array;
  created_at: Date;
  last_checked_at: Date | null;
}

const USER_COLUMNS = 'id, username, password_hash, role, disabled, created_at, locale';
const API_KEY_COLUMNS = 'id, owner_id, name, created_at, last_used_at';
const SESSION_COLUMNS = 'id, owner_id, username, status, status_reason, encrypted_cookies, created_at, last_checked_at';
/** Serialises the writes that check an invariant over all users (first admin, last admin). */
const USERS_LOCK = 'smh-accounts:users';

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  disabled: row.disabled,
  createdAt: toDate(row.created_at),
  locale: row.locale ?? null,
});
const toApiKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  name: row.name,
  createdAt: toDate(row.created_at),
  lastUsedAt: row.last_used_at ? toDate(row.last_used_at) : null,
});
const toSession = (row: SessionRow): InstagramSessionRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  username: row.username,
  status: row.status,
  statusReason: row.status_reason,
  encryptedCookies: Buffer.from(row.encrypted_cookies),
  createdAt: toDate(row.created_at),
  lastCheckedAt: row.last_checked_at ? toDate(row.last_checked_at) : null,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** `AND owner_id = $n` when the scope is one user. */
function scoped(scope: OwnerScope, params: unknown[]): string {
  if (scope === null) return '';
  params.push(scope);
  return ` AND owner_id = $${params.length}`;
}

async function countActiveAdmins(sql: Sql): Promise<number> {
  const row = await one<{ count: number }>(
    sql,
    `SELECT count(*)::int AS count FROM accounts.users WHERE role = 'admin' AND NOT disabled`,
  );
  return row.count;
}

export function createSqlAccountsRepository(db: Database): AccountsRepository {
  return {
    async insertUser(input, chooseRole) {
      try {
        return await db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [USERS_LOCK]);
          const { count } = await one<{ count: number }>(tx, 'SELECT count(*)::int AS count FROM accounts.users');
          const role = chooseRole(count);
          const row = await one<UserRow>(
            tx,
            `INSERT INTO accounts.users (id, username, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
            [input.id, input.username, input.passwordHash, role],
          );
          return toUser(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError(input.username);
        throw error;
      }
    },

    async countUsers() {
      return (await one<{ count: number }>(db, 'SELECT count(*)::int AS count FROM accounts.users')).count;
    },

    async findUserById(id) {
      const row = await maybeOne<UserRow>(db, `SELECT ${USER_COLUMNS} FROM accounts.users WHERE id = $1`, [id]);
      return row && toUser(row);
    },

    async findUserByUsername(username) {
      const row = await maybeOne<UserRow>(
        db,
        `SELECT ${USER_COLUMNS} FROM accounts.users WHERE lower(username) = lower($1)`,
        [username],
      );
      return row && toUser(row);
    },

    async listUsers() {
      const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM accounts.users ORDER BY created_at, id`);
      return rows.map(toUser);
    },

    async updateUser(id, patch) {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [USERS_LOCK]);
        const row = await maybeOne<UserRow>(
          tx,
          `UPDATE accounts.users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled), updated_at = now()
           WHERE id = $1 RETURNING ${USER_COLUMNS}`,
          [id, patch.role ?? null, patch.disabled ?? null],
        );
        if (!row) return undefined;
        // Checked after the write, inside the lock: throwing rolls the change back.
        if ((await countActiveAdmins(tx)) === 0) throw new LastAdminError();
        return toUser(row);
      });
    },

    async setLocale(id, locale) {
      const row = await maybeOne<UserRow>(
        db,
        `UPDATE accounts.users SET locale = $2, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [id, locale],
      );
      return row && toUser(row);
    },

    async setPasswordHash(id, passwordHash) {
      await db.query('UPDATE accounts.users SET password_hash = $2, updated_at = now() WHERE id = $1', [
        id,
        passwordHash,
      ]);
    },

    async insertRefreshToken(token) {
      await db.query(
        'INSERT INTO accounts.refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ($1, $2, $3, $4)',
        [token.hash, token.familyId, token.userId, token.expiresAt],
      );
    },

    async rotateRefreshToken(hash, next, now): Promise<RotationOutcome> {
      return db.transaction(async (tx) => {
        const current = await maybeOne<{
          family_id: string;
          user_id: string;
          expires_at: Date;
          rotated_at: Date | null;
          revoked_at: Date | null;
        }>(
          tx,
          'SELECT family_id, user_id, expires_at, rotated_at, revoked_at FROM accounts.refresh_tokens WHERE token_hash = $1 FOR UPDATE',
          [hash],
        );
        if (!current) return { kind: 'unknown' };
        if (current.rotated_at || current.revoked_at) {
          await tx.query(
            'UPDATE accounts.refresh_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE family_id = $1',
            [current.family_id, now],
          );
          return { kind: 'reused', familyId: current.family_id };
        }
        if (toDate(current.expires_at).getTime() <= now.getTime()) return { kind: 'expired' };
        await tx.query('UPDATE accounts.refresh_tokens SET rotated_at = $2 WHERE token_hash = $1', [hash, now]);
        await tx.query(
          'INSERT INTO accounts.refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ($1, $2, $3, $4)',
          [next.hash, current.family_id, current.user_id, next.expiresAt],
        );
        return { kind: 'rotated', userId: current.user_id, familyId: current.family_id };
      });
    },

    async revokeFamilyOf(hash, now) {
      const { rowCount } = await db.query(
        `UPDATE accounts.refresh_tokens SET revoked_at = COALESCE(revoked_at, $2)
         WHERE family_id = (SELECT family_id FROM accounts.refresh_tokens WHERE token_hash = $1)`,
        [hash, now],
      );
      return rowCount > 0;
    },

    async revokeAllRefreshTokens(userId, now) {
      await db.query('UPDATE accounts.refresh_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE user_id = $1', [
        userId,
        now,
      ]);
    },

    async insertApiKey(key) {
      const row = await one<ApiKeyRow>(
        db,
        `INSERT INTO accounts.api_keys (id, owner_id, name, key_hash) VALUES ($1, $2, $3, $4) RETURNING ${API_KEY_COLUMNS}`,
        [key.id, key.ownerId, key.name, key.hash],
      );
      return toApiKey(row);
    },

    async listApiKeys(scope) {
      const params: unknown[] = [];
      const { rows } = await db.query<ApiKeyRow>(
        `SELECT ${API_KEY_COLUMNS} FROM accounts.api_keys WHERE true${scoped(scope, params)} ORDER BY created_at, id`,
        params,
      );
      return rows.map(toApiKey);
    },

    async deleteApiKey(id, scope) {
      const params: unknown[] = [id];
      const { rowCount } = await db.query(
        `DELETE FROM accounts.api_keys WHERE id = $1${scoped(scope, params)}`,
        params,
      );
      return rowCount > 0;
    },

    async useApiKey(hash, now) {
      const row = await maybeOne<UserRow>(
        db,
        `UPDATE accounts.api_keys k SET last_used_at = $2 FROM accounts.users u
         WHERE k.key_hash = $1 AND u.id = k.owner_id AND NOT u.disabled
         RETURNING u.id, u.username, u.password_hash, u.role, u.disabled, u.created_at`,
        [hash, now],
      );
      return row && toUser(row);
    },

    async insertSession(session) {
      const row = await one<SessionRow>(
        db,
        `INSERT INTO accounts.instagram_sessions (id, owner_id, username, status, encrypted_cookies, last_checked_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SESSION_COLUMNS}`,
        [
          session.id,
          session.ownerId,
          session.username,
          session.status,
          session.encryptedCookies,
          session.lastCheckedAt,
        ],
      );
      return toSession(row);
    },

    async listSessions(scope) {
      const params: unknown[] = [];
      const { rows } = await db.query<SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM accounts.instagram_sessions WHERE true${scoped(scope, params)} ORDER BY created_at, id`,
        params,
      );
      return rows.map(toSession);
    },

    async findSession(id, scope) {
      const params: unknown[] = [id];
      const row = await maybeOne<SessionRow>(
        db,
        `SELECT ${SESSION_COLUMNS} FROM accounts.instagram_sessions WHERE id = $1${scoped(scope, params)}`,
        params,
      );
      return row && toSession(row);
    },

    async updateSessionStatus(id, change) {
      const row = await maybeOne<SessionRow>(
        db,
        `UPDATE accounts.instagram_sessions
         SET status = $2, status_reason = $3, username = CASE WHEN $4::boolean THEN $5 ELSE username END,
             last_checked_at = COALESCE($6, last_checked_at)
         WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
        [
          id,
          change.status,
          change.reason ?? null,
          change.username !== undefined,
          change.username ?? null,
          change.checkedAt ?? null,
        ],
      );
      return row && toSession(row);
    },

    async deleteSession(id, scope) {
      const params: unknown[] = [id];
      const { rowCount } = await db.query(
        `DELETE FROM accounts.instagram_sessions WHERE id = $1${scoped(scope, params)}`,
        params,
      );
      return rowCount > 0;
    },
  };
}
