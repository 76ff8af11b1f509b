/** Users, sign-in and refresh-token families: what the /api/auth and /api/users routes do. */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AppError,
  conflict,
  forbidden,
  notFound,
  unauthorized,
  type Clock,
  type EventBus,
  type Identity,
  type Role,
  type TokenService,
} from '@smh/shared';
import type { PasswordHasher } from '../adapters/passwords.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  newRefreshToken,
  REFRESH_TOKEN_TTL_MS,
  type CredentialHasher,
} from '../domain/credentials.js';
import { LastAdminError, UsernameTakenError, type AccountsRepository, type UserRecord } from '../repository/types.js';
import type { AuthResult, PublicUser } from '../routes/schemas.js';
import type { LoginThrottle } from './login-throttle.js';
import type { RegistrationThrottle } from './registration-throttle.js';

export interface IdentityDeps {
  repo: AccountsRepository;
  passwords: PasswordHasher;
  hasher: CredentialHasher;
  tokens: TokenService;
  throttle: LoginThrottle;
  registrationThrottle: RegistrationThrottle;
  clock: Clock;
  events: EventBus;
  openRegistration: boolean;
}

export const toPublicUser = (user: UserRecord): PublicUser => ({
  id: user.id,
  username: user.username,
  role: user.role,
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
  ...(user.locale ? { locale: user.locale } : {}),
});
export const toIdentity = (user: UserRecord): Identity => ({
  userId: user.id,
  username: user.username,
  role: user.role,
});

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'Wrong username or password.');
const invalidRefresh = (why: string) =>
  new AppError(401, 'INVALID_REFRESH_TOKEN', `The refresh token ${why}. Sign in again.`);

export function createIdentity(deps: IdentityDeps) {
  const { repo, passwords, hasher, tokens, clock } = deps;
  /** Compared against when the username does not exist, so both cases take as long. */
  let decoyHash: Promise<string> | undefined;

  async function insertUser(
    username: string,
    password: string,
    chooseRole: (existingUsers: number) => Role,
  ): Promise<UserRecord> {
    const passwordHash = await passwords.hash(password);
    try {
      return await repo.insertUser({ id: randomUUID(), username, passwordHash }, chooseRole);
    } catch (error) {
      if (error instanceof UsernameTakenError) throw conflict(error.message, { field: 'username' });
      throw error;
    }
  }

  async function issueTokens(user: UserRecord, familyId: string = randomUUID()): Promise<AuthResult> {
    const refreshToken = newRefreshToken();
    await repo.insertRefreshToken({
      hash: hasher.hashRefreshToken(refreshToken),
      familyId,
      userId: user.id,
      expiresAt: new Date(clock.now().getTime() + REFRESH_TOKEN_TTL_MS),
    });
    return {
      accessToken: await tokens.signAccess(toIdentity(user), ACCESS_TOKEN_TTL_SECONDS),
      refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: toPublicUser(user),
    };
  }

  async function activeUser(identity: Identity): Promise<UserRecord> {
    const user = await repo.findUserById(identity.userId);
    if (!user || user.disabled) throw unauthorized('This account no longer exists or is disabled.');
    return user;
  }

  return {
    async status() {
      return { hasUsers: (await repo.countUsers()) > 0, openRegistration: deps.openRegistration };
    },

    /** Self-registration: the first user becomes admin; later ones only when registration is open. */
    async register(username: string, password: string, ip: string): Promise<PublicUser> {
      const closed = () =>
        new AppError(403, 'REGISTRATION_CLOSED', 'Registration is closed: ask an administrator for an account.');
      // Refuse before any costly work (the password hash); the insert checks again, atomically, for the race.
      if (!deps.openRegistration && (await repo.countUsers()) > 0) throw closed();
      await deps.registrationThrottle.attempt(ip);
      const user = await insertUser(username, password, (existing) => {
        if (existing === 0) return 'admin';
        if (!deps.openRegistration) throw closed();
        return 'user';
      });
      return toPublicUser(user);
    },

    async login(username: string, password: string, ip: string): Promise<AuthResult> {
      await deps.throttle.attempt(username, ip);
      const user = await repo.findUserByUsername(username);
      if (!user) {
        decoyHash ??= passwords.hash(randomBytes(16).toString('hex'));
        await passwords.verify(await decoyHash, password);
        throw invalidCredentials();
      }
      if (!(await passwords.verify(user.passwordHash, password))) throw invalidCredentials();
      if (user.disabled) throw new AppError(403, 'ACCOUNT_DISABLED', 'This account is disabled.');
      await deps.throttle.succeeded(username, ip);
      return issueTokens(user);
    },

    async refresh(refreshToken: string): Promise<AuthResult> {
      const now = clock.now();
      const next = newRefreshToken();
      const outcome = await repo.rotateRefreshToken(
        hasher.hashRefreshToken(refreshToken),
        { hash: hasher.hashRefreshToken(next), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS) },
        now,
      );
      if (outcome.kind === 'unknown') throw invalidRefresh('is not valid');
      if (outcome.kind === 'expired') throw invalidRefresh('has expired');
      if (outcome.kind === 'reused')
        throw invalidRefresh('was already used; every session of this sign-in was ended for safety');
      const user = await repo.findUserById(outcome.userId);
      if (!user || user.disabled) {
        await repo.revokeFamilyOf(hasher.hashRefreshToken(next), now);
        throw invalidRefresh('belongs to a disabled account');
      }
      return {
        accessToken: await tokens.signAccess(toIdentity(user), ACCESS_TOKEN_TTL_SECONDS),
        refreshToken: next,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
        user: toPublicUser(user),
      };
    },

    async logout(refreshToken: string): Promise<void> {
      await repo.revokeFamilyOf(hasher.hashRefreshToken(refreshToken), clock.now());
    },

    /** The user's identity as it is now, or null when disabled or deleted (asked by gateways, cached briefly). */
    async standing(userId: string): Promise<Identity | null> {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return null;
      const user = await repo.findUserById(userId);
      return user && !user.disabled ? toIdentity(user) : null;
    },

    async me(identity: Identity): Promise<PublicUser> {
      return toPublicUser(await activeUser(identity));
    },

    /** Remembers the UI language of the signed-in user (null: follow the browser again). */
    async setLocale(identity: Identity, locale: string | null): Promise<PublicUser> {
      const user = await repo.setLocale((await activeUser(identity)).id, locale);
      if (!user) throw unauthorized('This account no longer exists or is disabled.');
      return toPublicUser(user);
    },

    /** Changes the password, ends every other sign-in and returns a fresh pair for this one. */
    async changePassword(identity: Identity, currentPassword: string, newPassword: string): Promise<AuthResult> {
      const user = await activeUser(identity);
      if (!(await passwords.verify(user.passwordHash, currentPassword)))
        throw new AppError(400, 'WRONG_PASSWORD', 'The current password is wrong.');
      await repo.setPasswordHash(user.id, await passwords.hash(newPassword));
      await repo.revokeAllRefreshTokens(user.id, clock.now());
      return issueTokens(user);
    },

    async createUser(username: string, password: string, role: Role): Promise<PublicUser> {
      return toPublicUser(await insertUser(username, password, () => role));
    },

    async listUsers(): Promise<PublicUser[]> {
      return (await repo.listUsers()).map(toPublicUser);
    },

    async updateUser(id: string, patch: { role?: Role; disabled?: boolean }): Promise<PublicUser> {
      try {
        const user = await repo.updateUser(id, patch);
        if (!user) throw notFound('User');
        if (user.disabled) await repo.revokeAllRefreshTokens(user.id, clock.now());
        // Gateways re-check this user's standing at once: a demoted or disabled user's tokens, API keys and open
        // event streams stop carrying the old rights now, not when the access token expires.
        if (patch.role !== undefined || patch.disabled !== undefined)
          await deps.events.publish('credentials.revoked', { id: user.id, ownerId: user.id });
        return toPublicUser(user);
      } catch (error) {
        if (error instanceof LastAdminError) throw forbidden(`${error.message} Make another user admin first.`);
        throw error;
      }
    },
  };
}
export type IdentityUseCases = ReturnType<typeof createIdentity>;
