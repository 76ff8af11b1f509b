/** account-service: users, sign-in, API keys and linked Instagram sessions (schema `accounts`). */
import { createServiceApp, loadMigrations, migrate, type ServiceFactory } from '@smh/shared';
import { createInstagramSessionValidator, type SessionValidator } from './adapters/instagram-validator.js';
import { argon2PasswordHasher, type PasswordHasher } from './adapters/passwords.js';
import { createCredentialHasher } from './domain/credentials.js';
import { createSessionCipher } from './domain/session-crypto.js';
import { createSqlAccountsRepository } from './repository/sql-repository.js';
import { registerApiKeyRoutes } from './routes/api-keys.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerInstagramSessionRoutes } from './routes/instagram-sessions.js';
import { registerInternalRoutes } from './routes/internal.js';
import { registerUserRoutes } from './routes/users.js';
import { createApiKeys } from './use-cases/api-keys.js';
import { createIdentity } from './use-cases/identity.js';
import { createInstagramSessions } from './use-cases/instagram-sessions.js';
import { createLoginThrottle, DEFAULT_LOGIN_LIMITS, type LoginLimits } from './use-cases/login-throttle.js';
import {
  createRegistrationThrottle,
  DEFAULT_REGISTRATION_LIMITS,
  type RegistrationLimits,
} from './use-cases/registration-throttle.js';

export interface AccountServiceOverrides {
  /** Replaces the Instagram check (tests of Instagram being unreachable use the real one against a closed port). */
  validateSession?: SessionValidator;
  passwords?: PasswordHasher;
  loginLimits?: LoginLimits;
  registrationLimits?: RegistrationLimits;
}

/** The factory with its adapters open to replacement; `createAccountService` is this with the real ones. */
export function accountServiceFactory(overrides: AccountServiceOverrides = {}): ServiceFactory {
  return async ({ config, db, events, rateLimiter, tokens, secret, clock, logger, metrics }) => {
    await migrate(db, 'account-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
    const repo = createSqlAccountsRepository(db);
    const hasher = createCredentialHasher(secret);
    const identity = createIdentity({
      repo,
      passwords: overrides.passwords ?? argon2PasswordHasher,
      hasher,
      tokens,
      throttle: createLoginThrottle(rateLimiter, overrides.loginLimits ?? DEFAULT_LOGIN_LIMITS),
      registrationThrottle: createRegistrationThrottle(
        rateLimiter,
        overrides.registrationLimits ?? DEFAULT_REGISTRATION_LIMITS,
      ),
      clock,
      events,
      openRegistration: config.openRegistration,
    });
    const apiKeys = createApiKeys({ repo, hasher, clock, events });
    const sessions = createInstagramSessions({
      repo,
      cipher: createSessionCipher(secret),
      validate:
        overrides.validateSession ??
        createInstagramSessionValidator({
          webUrl: config.instagram.webUrl,
          queryHash: config.instagram.currentUserQueryHash,
        }),
      events,
      clock,
    });

    const app = await createServiceApp({
      service: 'account-service',
      logger,
      metrics,
      tokens,
      readiness: [{ name: 'database', check: () => db.ping() }],
      openapi: { title: 'account-service', description: 'Users, sign-in, API keys and linked Instagram sessions' },
    });
    registerAuthRoutes(app, identity);
    registerUserRoutes(app, identity);
    registerApiKeyRoutes(app, apiKeys);
    await registerInstagramSessionRoutes(app, sessions);
    registerInternalRoutes(app, { apiKeys, sessions, identity });
    return { name: 'account-service', app, jobHandlers: {} };
  };
}

export const createAccountService: ServiceFactory = accountServiceFactory();
