/** The accounts repository on PostgreSQL (or PGlite) through the shared database layer, schema `accounts`. */
import { type Database, type Kysely, type Selectable, type Sql, sql, typed } from '@smh/shared';
import type { AccountTables } from './tables.js';
import {
  type AccountsRepository,
  type ApiKeyRecord,
  type InstagramSessionRecord,
  LastAdminError,
  type OwnerScope,
  type RotationOutcome,
  type UserRecord,
  UsernameTakenError,
} from './types.js';

type Query = Kysely<AccountTables>;
type UserRow = Selectable<AccountTables['accounts.users']>;

const USER_COLUMNS = ['id', 'username', 'password_hash', 'role', 'disabled', 'created_at', 'locale'] as const;
const API_KEY_COLUMNS = ['id', 'owner_id', 'name', 'created_at', 'last_used_at'] as const;
const SESSION_COLUMNS = [
  'id',
  'owner_id',
  'username',
  'status',
  'status_reason',
  'encrypted_cookies',
  'created_at',
  'last_checked_at',
] as const;
/** Serialises the writes that check an invariant over all users (first admin, last admin). */
const USERS_LOCK = 'smh-accounts:users';

const toUser = (row: Pick<UserRow, (typeof USER_COLUMNS)[number]>): UserRecord => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  disabled: row.disabled,
  createdAt: row.created_at,
  locale: row.locale ?? null,
});
const toApiKey = (
  row: Pick<Selectable<AccountTables['accounts.api_keys']>, (typeof API_KEY_COLUMNS)[number]>,
): ApiKeyRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});
const toSession = (
  row: Pick<Selectable<AccountTables['accounts.instagram_sessions']>, (typeof SESSION_COLUMNS)[number]>,
): InstagramSessionRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  username: row.username,
  status: row.status,
  statusReason: row.status_reason,
  encryptedCookies: Buffer.from(row.encrypted_cookies),
  createdAt: row.created_at,
  lastCheckedAt: row.last_checked_at,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
const countAll = sql<number>`count(*)::int`.as('count');

async function lockUsers(q: Query): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${USERS_LOCK}))`.execute(q);
}

async function countActiveAdmins(q: Query): Promise<number> {
  const row = await q
    .selectFrom('accounts.users')
    .select(countAll)
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .executeTakeFirstOrThrow();
  return row.count;
}

export function createSqlAccountsRepository(db: Database): AccountsRepository {
  const q = typed<AccountTables>(db);
  const inTransaction = <T>(fn: (tx: Query) => Promise<T>): Promise<T> =>
    db.transaction((tx: Sql) => fn(typed<AccountTables>(tx)));

  return {
    async insertUser(input, chooseRole) {
      try {
        return await inTransaction(async (tx) => {
          await lockUsers(tx);
          const { count } = await tx.selectFrom('accounts.users').select(countAll).executeTakeFirstOrThrow();
          const row = await tx
            .insertInto('accounts.users')
            .values({
              id: input.id,
              username: input.username,
              password_hash: input.passwordHash,
              role: chooseRole(count),
            })
            .returning(USER_COLUMNS)
            .executeTakeFirstOrThrow();
          return toUser(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new UsernameTakenError(input.username);
        throw error;
      }
    },

    async countUsers() {
      return (await q.selectFrom('accounts.users').select(countAll).executeTakeFirstOrThrow()).count;
    },

    async findUserById(id) {
      const row = await q.selectFrom('accounts.users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },

    async findUserByUsername(username) {
      const row = await q
        .selectFrom('accounts.users')
        .select(USER_COLUMNS)
        .where(sql<boolean>`lower(username) = lower(${username})`)
        .executeTakeFirst();
      return row && toUser(row);
    },

    async listUsers() {
      const rows = await q
        .selectFrom('accounts.users')
        .select(USER_COLUMNS)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toUser);
    },

    async updateUser(id, patch) {
      return inTransaction(async (tx) => {
        await lockUsers(tx);
        const row = await tx
          .updateTable('accounts.users')
          .set({
            ...(patch.role !== undefined ? { role: patch.role } : {}),
            ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .returning(USER_COLUMNS)
          .executeTakeFirst();
        if (!row) return undefined;
        // Checked after the write, inside the lock: throwing rolls the change back.
        if ((await countActiveAdmins(tx)) === 0) throw new LastAdminError();
        return toUser(row);
      });
    },

    async setLocale(id, locale) {
      const row = await q
        .updateTable('accounts.users')
        .set({ locale, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .returning(USER_COLUMNS)
        .executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    async setPasswordHash(id, passwordHash) {
      await q
        .updateTable('accounts.users')
        .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },

    async insertRefreshToken(token) {
      await q
        .insertInto('accounts.refresh_tokens')
        .values({
          token_hash: token.hash,
          family_id: token.familyId,
          user_id: token.userId,
          expires_at: token.expiresAt,
        })
        .execute();
    },

    async rotateRefreshToken(hash, next, now): Promise<RotationOutcome> {
      return inTransaction(async (tx) => {
        const current = await tx
          .selectFrom('accounts.refresh_tokens')
          .select(['family_id', 'user_id', 'expires_at', 'rotated_at', 'revoked_at'])
          .where('token_hash', '=', hash)
          .forUpdate()
          .executeTakeFirst();
        if (!current) return { kind: 'unknown' };
        if (current.rotated_at || current.revoked_at) {
          await tx
            .updateTable('accounts.refresh_tokens')
            .set({ revoked_at: sql<Date>`COALESCE(revoked_at, ${now})` })
            .where('family_id', '=', current.family_id)
            .execute();
          return { kind: 'reused', familyId: current.family_id };
        }
        if (current.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
        await tx
          .updateTable('accounts.refresh_tokens')
          .set({ rotated_at: now })
          .where('token_hash', '=', hash)
          .execute();
        await tx
          .insertInto('accounts.refresh_tokens')
          .values({
            token_hash: next.hash,
            family_id: current.family_id,
            user_id: current.user_id,
            expires_at: next.expiresAt,
          })
          .execute();
        return { kind: 'rotated', userId: current.user_id, familyId: current.family_id };
      });
    },

    async revokeFamilyOf(hash, now) {
      const result = await q
        .updateTable('accounts.refresh_tokens')
        .set({ revoked_at: sql<Date>`COALESCE(revoked_at, ${now})` })
        .where('family_id', '=', (eb) =>
          eb.selectFrom('accounts.refresh_tokens').select('family_id').where('token_hash', '=', hash),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async revokeAllRefreshTokens(userId, now) {
      await q
        .updateTable('accounts.refresh_tokens')
        .set({ revoked_at: sql<Date>`COALESCE(revoked_at, ${now})` })
        .where('user_id', '=', userId)
        .execute();
    },

    async insertApiKey(key) {
      const row = await q
        .insertInto('accounts.api_keys')
        .values({ id: key.id, owner_id: key.ownerId, name: key.name, key_hash: key.hash })
        .returning(API_KEY_COLUMNS)
        .executeTakeFirstOrThrow();
      return toApiKey(row);
    },

    async listApiKeys(scope) {
      const rows = await q
        .selectFrom('accounts.api_keys')
        .select(API_KEY_COLUMNS)
        .where((eb) => (scope === null ? eb.lit(true) : eb('owner_id', '=', scope)))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toApiKey);
    },

    async deleteApiKey(id, scope) {
      const result = await q
        .deleteFrom('accounts.api_keys')
        .where('id', '=', id)
        .where((eb) => (scope === null ? eb.lit(true) : eb('owner_id', '=', scope)))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async useApiKey(hash, now) {
      const row = await q
        .updateTable('accounts.api_keys as k')
        .from('accounts.users as u')
        .set({ last_used_at: now })
        .whereRef('u.id', '=', 'k.owner_id')
        .where('k.key_hash', '=', hash)
        .where('u.disabled', '=', false)
        .returning(['u.id', 'u.username', 'u.password_hash', 'u.role', 'u.disabled', 'u.created_at', 'u.locale'])
        .executeTakeFirst();
      return row && toUser(row);
    },

    async insertSession(session) {
      const row = await q
        .insertInto('accounts.instagram_sessions')
        .values({
          id: session.id,
          owner_id: session.ownerId,
          username: session.username,
          status: session.status,
          encrypted_cookies: session.encryptedCookies,
          last_checked_at: session.lastCheckedAt,
        })
        .returning(SESSION_COLUMNS)
        .executeTakeFirstOrThrow();
      return toSession(row);
    },

    async listSessions(scope: OwnerScope) {
      const rows = await q
        .selectFrom('accounts.instagram_sessions')
        .select(SESSION_COLUMNS)
        .where((eb) => (scope === null ? eb.lit(true) : eb('owner_id', '=', scope)))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toSession);
    },

    async findSession(id, scope) {
      const row = await q
        .selectFrom('accounts.instagram_sessions')
        .select(SESSION_COLUMNS)
        .where('id', '=', id)
        .where((eb) => (scope === null ? eb.lit(true) : eb('owner_id', '=', scope)))
        .executeTakeFirst();
      return row && toSession(row);
    },

    async updateSessionStatus(id, change) {
      const row = await q
        .updateTable('accounts.instagram_sessions')
        .set({
          status: change.status,
          status_reason: change.reason ?? null,
          ...(change.username !== undefined ? { username: change.username } : {}),
          ...(change.checkedAt ? { last_checked_at: change.checkedAt } : {}),
        })
        .where('id', '=', id)
        .returning(SESSION_COLUMNS)
        .executeTakeFirst();
      return row && toSession(row);
    },

    async deleteSession(id, scope) {
      const result = await q
        .deleteFrom('accounts.instagram_sessions')
        .where('id', '=', id)
        .where((eb) => (scope === null ? eb.lit(true) : eb('owner_id', '=', scope)))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
