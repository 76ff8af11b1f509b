/**
 * Thin executor: sends built requests through the transport under the rate controller, classifies answers,
 * retries what is worth retrying (rate limits after backoff, 5xx and network errors with jittered backoff)
 * and counts every request actually sent.
 */
import { retryDelay } from '@smh/shared/backoff';
import { classifyResponse, InstagramError } from './errors.js';
import type { RateController } from './rate-controller.js';
import type { EndpointFamily, InstagramRequest } from './requests.js';
import type { Clock, HttpTransport } from './transport.js';

export interface RetryPolicy {
  /** Retries after 5xx, network errors and non-JSON answers. */
  maxRetries: number;
  /** Retries after a rate limit (each waits for the family's backoff first); unbounded by default. */
  maxRateLimitRetries: number;
  /** Total time one request may wait out rate limits before it gives up with RATE_LIMITED. */
  maxRateLimitWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  maxRateLimitRetries: Number.POSITIVE_INFINITY,
  maxRateLimitWaitMs: 24 * 3_600_000,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
};

export interface ExecutorOptions {
  transport: HttpTransport;
  clock: Clock;
  rateController: RateController;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  random?: () => number;
  /** Sees every response's headers (used to rotate the X-IG-WWW-Claim). */
  onResponseHeaders?: (headers: { get(name: string): string | null }) => void;
  /**
   * Told when a request starts waiting out Instagram's pushback (the time it will try again) and when the wait is
   * over (null), so the caller can show and persist it.
   */
  onPushback?: (until: Date | null) => Promise<void> | void;
}

export interface RequestStats {
  total: number;
  byFamily: Record<EndpointFamily, number>;
  byEndpoint: Record<string, number>;
}

export class RequestExecutor {
  private readonly options: ExecutorOptions;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  readonly stats: RequestStats = { total: 0, byFamily: { graphql: 0, api_v1: 0, iphone: 0, other: 0 }, byEndpoint: {} };

  constructor(options: ExecutorOptions) {
    this.options = options;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  /** Sends `request` and resolves with its JSON body, or rejects with an InstagramError. */
  async send(request: InstagramRequest, signal?: AbortSignal): Promise<unknown> {
    let failures = 0;
    let rateLimits = 0;
    let waitedMs = 0;
    for (;;) {
      signal?.throwIfAborted();
      await this.options.rateController.acquire(request.family, signal);
      const outcome = await this.attempt(request, signal);
      if (rateLimits > 0 && !(outcome instanceof InstagramError && outcome.code === 'RATE_LIMITED'))
        await this.options.onPushback?.(null);
      if (!(outcome instanceof InstagramError)) {
        this.options.rateController.noteSuccess(request.family);
        return outcome;
      }
      if (!outcome.retryable) throw outcome;
      if (outcome.code === 'RATE_LIMITED') {
        const delay = this.options.rateController.noteRateLimited(request.family, outcome.retryAfterMs);
        rateLimits += 1;
        waitedMs += delay;
        if (rateLimits > this.retry.maxRateLimitRetries || waitedMs > this.retry.maxRateLimitWaitMs) {
          await this.options.onPushback?.(null);
          throw outcome;
        }
        await this.options.onPushback?.(new Date(this.options.clock.now() + delay));
        continue;
      }
      failures += 1;
      if (failures > this.retry.maxRetries) throw outcome;
      const delay = retryDelay(
        { baseMs: this.retry.baseDelayMs, maxMs: this.retry.maxDelayMs, jitter: 0.5 },
        failures,
        {
          retryAfterMs: outcome.retryAfterMs,
          random: this.random,
        },
      );
      await this.options.clock.sleep(delay, signal);
    }
  }

  private count(request: InstagramRequest): void {
    this.stats.total += 1;
    this.stats.byFamily[request.family] += 1;
    this.stats.byEndpoint[request.endpoint] = (this.stats.byEndpoint[request.endpoint] ?? 0) + 1;
  }

  /** One HTTP exchange: the JSON body on success, otherwise the classified error (never throws one). */
  private async attempt(request: InstagramRequest, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 60_000);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    this.count(request);
    let status: number;
    let text: string;
    let headers: { get(name: string): string | null };
    try {
      const response = await this.options.transport({
        method: request.method,
        url: request.url,
        headers: request.headers,
        signal: combined,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const reason = timeout.aborted ? 'timed out' : error instanceof Error ? error.message : String(error);
      return new InstagramError({
        code: 'NETWORK_ERROR',
        retryable: true,
        cause: error,
        message: `Could not reach Instagram (${request.endpoint}): ${reason}`,
      });
    }
    this.options.onResponseHeaders?.(headers);
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const error = classifyResponse(
      {
        status,
        json,
        text,
        location: headers.get('location'),
        retryAfter: headers.get('retry-after'),
        withSession: /(?:^|;\s*)sessionid=[^;]+/.test(request.headers['Cookie'] ?? ''),
      },
      this.options.clock.now(),
    );
    return error ?? json;
  }
}
