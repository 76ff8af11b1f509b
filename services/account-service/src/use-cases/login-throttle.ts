/**
 * Login throttling through the shared RateLimiter (in memory when embedded, in Redis when distributed, so every
 * instance counts together). The lockout is keyed on (username, client address): guessing someone's password from
 * one address locks that address out of that account only, never the account for everyone (nor everyone behind the
 * same NAT). A wider per-address limit caps password spraying over many usernames. A successful login clears the
 * (username, address) counter, not the address's, so one valid account cannot reset it.
 */
import { AppError, describeWait, type RateLimiter } from '@smh/shared';

export interface LoginLimits {
  /** Attempts on one username from one address. */
  perUsername: number;
  perIp: number;
  windowMs: number;
}
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUsername: 10, perIp: 100, windowMs: 15 * 60 * 1000 };

const usernameKey = (username: string, ip: string) => `login:user:${username.trim().toLowerCase()}:${ip}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

export function createLoginThrottle(limiter: RateLimiter, limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
  return {
    /** Counts an attempt; throws 429 TOO_MANY_ATTEMPTS (with Retry-After) when over a limit. */
    async attempt(username: string, ip: string): Promise<void> {
      const [byUser, byIp] = await Promise.all([
        limiter.hit(usernameKey(username, ip), limits.perUsername, limits.windowMs),
        limiter.hit(ipKey(ip), limits.perIp, limits.windowMs),
      ]);
      const blocked = [byUser, byIp].filter((result) => !result.allowed);
      if (blocked.length === 0) return;
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil(Math.max(...blocked.map((result) => result.retryAfterMs)) / 1000),
      );
      throw new AppError(
        429,
        'TOO_MANY_ATTEMPTS',
        `Too many sign-in attempts. Try again in ${describeWait(retryAfterSeconds)}.`,
        { retryAfterSeconds },
      );
    },
    async succeeded(username: string, ip: string): Promise<void> {
      await limiter.reset(usernameKey(username, ip));
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
