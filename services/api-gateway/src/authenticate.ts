/**
 * Who is calling: an access token (JWT from account-service) or an API key (`smh_…`, resolved by account-service
 * and cached briefly), from `Authorization: Bearer` or — on the few GET routes that allow it — `?token=`.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  AppError,
  verifyApiKeyResponseSchema,
  verifyUserResponseSchema,
  type EventBus,
  type Identity,
  type ServiceClient,
  type TokenService,
} from '@smh/shared';
import { acceptsQueryToken } from './routing.js';

export const API_KEY_PREFIX = 'smh_';

export interface AuthenticatorOptions {
  tokens: TokenService;
  call: ServiceClient;
  /** Where revocations are announced (credentials.revoked). */
  events?: EventBus;
  /** How long a resolved API key is trusted without asking account-service again. */
  apiKeyCacheMs?: number;
  /**
   * How long a user's standing (current role, not disabled) is trusted before account-service is asked again.
   * `credentials.revoked` (role change, disabling, key revocation) forgets it at once on every gateway.
   */
  standingCacheMs?: number;
  now?: () => number;
}

export type Credential = { kind: 'access-token' | 'api-key'; value: string };

/** The credential a request carries, if any (pure). */
export function credentialOf(
  request: Pick<FastifyRequest, 'headers' | 'method' | 'url' | 'query'>,
): Credential | undefined {
  const header = request.headers.authorization;
  let value: string | undefined;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match)
      throw new AppError(401, 'INVALID_TOKEN', 'The Authorization header must be "Bearer <access token or API key>".');
    value = match[1];
  } else if (acceptsQueryToken(request.method, request.url)) {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string' && token !== '') value = token;
  }
  if (!value) return undefined;
  return { kind: value.startsWith(API_KEY_PREFIX) ? 'api-key' : 'access-token', value };
}

export function createAuthenticator(options: AuthenticatorOptions) {
  const cacheMs = options.apiKeyCacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  /** sha256(key) -> identity (or null for a refused key), so the map never holds the keys themselves. */
  const cache = new Map<string, { identity: Identity | null; until: number }>();
  const standingMs = options.standingCacheMs ?? 30_000;
  /** userId -> the user's identity as account-service last described it (null: disabled or gone). */
  const standings = new Map<string, { identity: Identity | null; until: number }>();
  // A revoked key, a disabled or demoted user must stop working at once, on every gateway: forget what was cached.
  options.events?.subscribe((event) => {
    if (event.name !== 'credentials.revoked') return;
    cache.clear();
    standings.delete(event.data.ownerId);
  });

  /** An access token carries the role it was signed with; the user's role and status now are what count. */
  async function standingOf(userId: string, requestId: string): Promise<Identity | null> {
    const cached = standings.get(userId);
    if (cached && cached.until > now()) return cached.identity;
    const { identity } = await options.call('account-service', {
      method: 'POST',
      path: '/internal/auth/verify-user',
      body: { userId },
      response: verifyUserResponseSchema,
      requestId,
      timeoutMs: 5000,
    });
    if (standings.size >= 10_000) standings.clear();
    standings.set(userId, { identity, until: now() + standingMs });
    return identity;
  }

  async function resolveApiKey(key: string, requestId: string): Promise<Identity | null> {
    const cacheKey = createHash('sha256').update(key).digest('hex');
    const cached = cache.get(cacheKey);
    if (cached && cached.until > now()) return cached.identity;
    const { identity } = await options.call('account-service', {
      method: 'POST',
      path: '/internal/auth/verify-api-key',
      body: { key },
      response: verifyApiKeyResponseSchema,
      requestId,
      timeoutMs: 5000,
    });
    if (cache.size >= 10_000) cache.clear();
    cache.set(cacheKey, { identity, until: now() + cacheMs });
    return identity;
  }

  /** The identity behind a credential; throws 401 when the credential is not valid. */
  return async function authenticate(credential: Credential, requestId: string): Promise<Identity> {
    if (credential.kind === 'api-key') {
      const identity = await resolveApiKey(credential.value, requestId);
      if (!identity)
        throw new AppError(401, 'INVALID_API_KEY', 'The API key is not valid (revoked, or its user is disabled).');
      return { ...identity, via: 'api-key' };
    }
    let claimed: Identity;
    try {
      claimed = await options.tokens.verifyAccess(credential.value);
    } catch {
      throw new AppError(401, 'INVALID_TOKEN', 'The access token is invalid or expired: refresh it or sign in again.');
    }
    const current = await standingOf(claimed.userId, requestId);
    if (!current)
      throw new AppError(401, 'INVALID_TOKEN', 'This account is disabled or no longer exists: sign in again.');
    return current;
  };
}
export type Authenticator = ReturnType<typeof createAuthenticator>;
