/**
 * The storage account-service needs, and nothing more. Kept narrow on purpose: the PostgreSQL implementation
 * (sql-repository.ts) is the one in use; a MongoDB adapter would implement the same interface.
 * Every method is atomic on its own; the ones that enforce an invariant (first user admin, last active admin,
 * refresh-token rotation) do the check and the write in one step so concurrent requests cannot both pass.
 */
import type { Role } from '@smh/shared';

export type InstagramSessionStatus = 'active' | 'expired' | 'unverified';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  /** The UI language the user chose; null follows the browser. */
  locale: string | null;
}

export interface RefreshTokenInput {
  hash: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
}

/** What happened to a refresh token presented for rotation. */
export type RotationOutcome =
  | { kind: 'rotated'; userId: string; familyId: string }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  /** Already rotated or revoked: the family is now revoked. */
  | { kind: 'reused'; familyId: string };

export interface ApiKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface InstagramSessionRecord {
  id: string;
  ownerId: string;
  username: string | null;
  status: InstagramSessionStatus;
  statusReason: string | null;
  encryptedCookies: Buffer;
  createdAt: Date;
  lastCheckedAt: Date | null;
}

export interface SessionStatusChange {
  status: InstagramSessionStatus;
  username?: string | null;
  reason?: string | null;
  checkedAt?: Date;
}

/** `null` scope = any owner (admins, internal calls); a user id = only that owner's rows. */
export type OwnerScope = string | null;

export class LastAdminError extends Error {
  constructor() {
    super('The hub needs at least one active administrator.');
    this.name = 'LastAdminError';
  }
}

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`The username "${username}" is taken.`);
    this.name = 'UsernameTakenError';
  }
}

export interface AccountsRepository {
  /**
   * Inserts a user whose role depends on how many users exist, decided atomically: `chooseRole(count)` sees a
   * count no concurrent insert can change before this one commits. `chooseRole` may throw to refuse.
   */
  insertUser(
    input: { id: string; username: string; passwordHash: string },
    chooseRole: (existingUsers: number) => Role,
  ): Promise<UserRecord>;
  countUsers(): Promise<number>;
  findUserById(id: string): Promise<UserRecord | undefined>;
  findUserByUsername(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  /** Throws LastAdminError when the change would leave no active admin. */
  updateUser(id: string, patch: { role?: Role; disabled?: boolean }): Promise<UserRecord | undefined>;
  setLocale(id: string, locale: string | null): Promise<UserRecord | undefined>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;

  insertRefreshToken(token: RefreshTokenInput): Promise<void>;
  /** Marks `hash` rotated and stores `next` in its family, or reports why it cannot (revoking on reuse). */
  rotateRefreshToken(
    hash: string,
    next: Omit<RefreshTokenInput, 'familyId' | 'userId'>,
    now: Date,
  ): Promise<RotationOutcome>;
  /** Revokes the family the token belongs to; returns false when the token is unknown. */
  revokeFamilyOf(hash: string, now: Date): Promise<boolean>;
  revokeAllRefreshTokens(userId: string, now: Date): Promise<void>;

  insertApiKey(key: { id: string; ownerId: string; name: string; hash: string }): Promise<ApiKeyRecord>;
  listApiKeys(scope: OwnerScope): Promise<ApiKeyRecord[]>;
  deleteApiKey(id: string, scope: OwnerScope): Promise<boolean>;
  /** Resolves a key hash to its (enabled) owner and records the use. */
  useApiKey(hash: string, now: Date): Promise<UserRecord | undefined>;

  insertSession(
    session: Omit<InstagramSessionRecord, 'createdAt' | 'lastCheckedAt' | 'statusReason'> & {
      lastCheckedAt: Date | null;
    },
  ): Promise<InstagramSessionRecord>;
  listSessions(scope: OwnerScope): Promise<InstagramSessionRecord[]>;
  findSession(id: string, scope: OwnerScope): Promise<InstagramSessionRecord | undefined>;
  updateSessionStatus(id: string, change: SessionStatusChange): Promise<InstagramSessionRecord | undefined>;
  deleteSession(id: string, scope: OwnerScope): Promise<boolean>;
}
