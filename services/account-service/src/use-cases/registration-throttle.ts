/**
 * Self-registration throttling through the shared RateLimiter: account creation is costly (a password hash) and a
 * flood of accounts is abuse, so each client address may register only a few times per window.
 */
import { AppError, type RateLimiter } from '@smh/shared';

export interface RegistrationLimits {
  perIp: number;
  windowMs: number;
}
export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = { perIp: 10, windowMs: 60 * 60 * 1000 };

export function createRegistrationThrottle(
  limiter: RateLimiter,
  limits: RegistrationLimits = DEFAULT_REGISTRATION_LIMITS,
) {
  return {
    /** Counts a registration attempt from `ip`; throws 429 TOO_MANY_REGISTRATIONS (with Retry-After) over the limit. */
    async attempt(ip: string): Promise<void> {
      const result = await limiter.hit(`register:ip:${ip}`, limits.perIp, limits.windowMs);
      if (result.allowed) return;
      const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      throw new AppError(
        429,
        'TOO_MANY_REGISTRATIONS',
        `Too many accounts were registered from this address. Try again in ${retryAfterSeconds} seconds.`,
        { retryAfterSeconds },
      );
    },
  };
}
export type RegistrationThrottle = ReturnType<typeof createRegistrationThrottle>;
