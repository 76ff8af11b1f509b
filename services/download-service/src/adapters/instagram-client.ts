/** Builds the Instagram client download-service uses: configured bases, metrics on every request. */
import { InstagramClient, type InstagramClientOptions } from '../instagram/client.js';
import type { CookieMap } from '../instagram/cookies.js';
import type { RetryPolicy } from '../instagram/executor.js';
import { fetchTransport, type HttpTransport } from '../instagram/transport.js';

export interface InstagramSettings {
  webBaseUrl: string;
  apiBaseUrl: string;
  minIntervalMs: number;
  /** First wait after a rate limit without Retry-After (the client doubles it on repeats). */
  rateLimitBackoffMs: number;
  /** Cap of one rate-limit wait (Retry-After may ask for longer). */
  rateLimitMaxBackoffMs: number;
  /** Total time one request waits out rate limits before the download fails (retryable). */
  rateLimitMaxWaitMs: number;
  retryBaseDelayMs: number;
  timelineDocId: string;
  shortcodeDocId: string;
}

export interface InstagramClientHooks {
  onPushback?: (until: Date | null) => Promise<void> | void;
}

/** Tighter limits for quick questions (a profile lookup must answer in seconds, not wait out a rate limit). */
export interface InstagramClientLimits {
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
}

export type RequestCounter = (family: string, status: string) => void;

/** Which rate family a URL belongs to (the same split the client uses: iphone, graphql, api_v1, other). */
export function familyOfUrl(url: string, apiBaseUrl: string): string {
  if (url.startsWith(apiBaseUrl)) return 'iphone';
  const path = new URL(url).pathname;
  if (path.startsWith('/graphql') || path.startsWith('/api/graphql')) return 'graphql';
  return path.startsWith('/api/v1/') ? 'api_v1' : 'other';
}

export function countingTransport(base: HttpTransport, apiBaseUrl: string, count: RequestCounter): HttpTransport {
  return async (request) => {
    const family = familyOfUrl(request.url, apiBaseUrl);
    try {
      const response = await base(request);
      count(family, String(response.status));
      return response;
    } catch (error) {
      count(family, 'error');
      throw error;
    }
  };
}

export function createInstagramClient(
  settings: InstagramSettings,
  cookies: CookieMap | undefined,
  count: RequestCounter,
  hooks: InstagramClientHooks = {},
  limits: InstagramClientLimits = {},
): InstagramClient {
  const options: InstagramClientOptions = {
    webBaseUrl: settings.webBaseUrl,
    apiBaseUrl: settings.apiBaseUrl,
    minIntervalMs: settings.minIntervalMs,
    rateLimitBackoff: {
      initialMs: settings.rateLimitBackoffMs,
      factor: 2,
      maxMs: Math.max(settings.rateLimitBackoffMs, settings.rateLimitMaxBackoffMs),
    },
    retry: { baseDelayMs: settings.retryBaseDelayMs, maxRateLimitWaitMs: settings.rateLimitMaxWaitMs, ...limits.retry },
    ...(limits.requestTimeoutMs ? { requestTimeoutMs: limits.requestTimeoutMs } : {}),
    timelineDocId: settings.timelineDocId,
    shortcodeDocId: settings.shortcodeDocId,
    ...(hooks.onPushback ? { onPushback: hooks.onPushback } : {}),
    transport: countingTransport(fetchTransport, settings.apiBaseUrl, count),
    ...(cookies ? { cookies } : {}),
  };
  return new InstagramClient(options);
}
