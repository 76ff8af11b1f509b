/**
 * The gate in front of /api/*: drops identity headers a client may have forged, authenticates the caller,
 * refuses anonymous calls to non-public routes, and applies the per-address and per-user rate limits.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  describeWait,
  CLIENT_ADDRESS_HEADER,
  IDENTITY_HEADER,
  SERVICE_TOKEN_HEADER,
  unauthorized,
  type RateLimiter,
  type ServiceApp,
} from '@smh/shared';
import { credentialOf, type Authenticator } from './authenticate.js';
import { checkedPath } from './path-check.js';
import { isPublicRoute } from './routing.js';

export interface RateLimits {
  /** Requests per window from one client address. */
  perIp: number;
  /** Requests per window from one signed-in user (all their addresses together). */
  perUser: number;
  windowMs: number;
}
export const DEFAULT_RATE_LIMITS: RateLimits = { perIp: 1200, perUser: 1200, windowMs: 60_000 };

/*
 * Hand-written on the shared RateLimiter rather than @fastify/rate-limit (11.2.0), deliberately: one request here
 * takes two counters with different keys at two moments (the address before authentication, the user after it),
 * while the plugin keeps one counter per registration and keys it before handlers run; the login throttle needs a
 * reset on success and (username, address) keys; and the same RateLimiter already serves embedded (memory) and
 * distributed (Redis, shared by every gateway) modes. Not yet measured against the plugin with bench/gateway.ts.
 */
async function enforce(limiter: RateLimiter, key: string, limit: number, windowMs: number): Promise<void> {
  const result = await limiter.hit(key, limit, windowMs);
  if (!result.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    throw new AppError(429, 'RATE_LIMITED', `Too many requests. Try again in ${describeWait(retryAfterSeconds)}.`, {
      retryAfterSeconds,
    });
  }
}

export function registerGuard(
  app: ServiceApp,
  options: { authenticate: Authenticator; rateLimiter: RateLimiter; limits: RateLimits },
): void {
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    delete request.headers[IDENTITY_HEADER];
    delete request.headers[SERVICE_TOKEN_HEADER];
    delete request.headers[CLIENT_ADDRESS_HEADER];
    const path = checkedPath(request.url);
    if (!path.startsWith('/api/') || request.method === 'OPTIONS') return;
    const isPublic = isPublicRoute(request.method, path);
    if (path !== '/api/health')
      await enforce(options.rateLimiter, `gateway:ip:${request.ip}`, options.limits.perIp, options.limits.windowMs);
    try {
      const credential = credentialOf(request);
      if (credential) request.identity = await options.authenticate(credential, request.id);
    } catch (error) {
      // A stale token must not stop someone from signing in again.
      if (!isPublic || !(error instanceof AppError) || error.status !== 401) throw error;
    }
    if (!request.identity) {
      if (isPublic) return;
      throw unauthorized('Sign in to continue (send "Authorization: Bearer <access token or API key>").');
    }
    await enforce(
      options.rateLimiter,
      `gateway:user:${request.identity.userId}`,
      options.limits.perUser,
      options.limits.windowMs,
    );
  });

  // Internal routes of the services are never reachable from outside.
  app.all('/internal/*', { schema: { hide: true } }, async () => {
    throw new AppError(404, 'NOT_FOUND', 'Not found.');
  });
}
