/** Instagram client settings from the environment (INSTAGRAM_WEB_URL, INSTAGRAM_API_URL, INSTAGRAM_MIN_INTERVAL_MS). */
import { z } from 'zod';
import { DEFAULT_MIN_INTERVAL_MS } from './rate-controller.js';

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

export const instagramEnvSchema = z.object({
  INSTAGRAM_WEB_URL: httpUrl.default('https://www.instagram.com'),
  INSTAGRAM_API_URL: httpUrl.default('https://i.instagram.com'),
  INSTAGRAM_MIN_INTERVAL_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be >= 0 (0 disables pacing)')
    .default(DEFAULT_MIN_INTERVAL_MS),
});

export interface InstagramEndpointsConfig {
  webBaseUrl: string;
  apiBaseUrl: string;
  minIntervalMs: number;
}

/** Reads the three variables; throws one message naming every bad variable. */
export function readInstagramConfig(env: Record<string, string | undefined>): InstagramEndpointsConfig {
  const picked = {
    INSTAGRAM_WEB_URL: env['INSTAGRAM_WEB_URL'] || undefined,
    INSTAGRAM_API_URL: env['INSTAGRAM_API_URL'] || undefined,
    INSTAGRAM_MIN_INTERVAL_MS: env['INSTAGRAM_MIN_INTERVAL_MS'] || undefined,
  };
  const result = instagramEnvSchema.safeParse(picked);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(`Invalid Instagram configuration: ${problems.join('; ')}`);
  }
  return {
    webBaseUrl: result.data.INSTAGRAM_WEB_URL,
    apiBaseUrl: result.data.INSTAGRAM_API_URL,
    minIntervalMs: result.data.INSTAGRAM_MIN_INTERVAL_MS,
  };
}
