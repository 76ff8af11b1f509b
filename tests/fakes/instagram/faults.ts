/** One-shot (or N-shot) faults injected into the fake's next matching requests. */

export type FakeFault =
  /** 429 with Retry-After. */
  | { type: 'rate_limit'; retryAfterSec?: number }
  /** 401 "Please wait a few minutes before you try again." */
  | { type: 'please_wait' }
  | { type: 'checkpoint' }
  | { type: 'challenge' }
  | { type: 'feedback' }
  /** 302 to /accounts/login/?next=..., /challenge/... or the home page. */
  | { type: 'login_redirect' }
  | { type: 'challenge_redirect' }
  | { type: 'home_redirect' }
  /** Any status (500, 502, 560, 572, 403, ...) with an optional body. */
  | { type: 'status'; status: number; body?: string }
  /** HTTP 200 with GraphQL `errors` (what a stale doc_id/query_hash returns). */
  | { type: 'graphql_error' }
  /** CDN: send the headers and `afterBytes` of the body, then destroy the socket. */
  | { type: 'reset_mid_body'; afterBytes?: number }
  /** CDN: chunked answer that ends cleanly after `bytes` bytes (no Content-Length to notice it by). */
  | { type: 'truncated_body'; bytes?: number }
  /** CDN: a Content-Length that is `delta` bytes off the real body (positive = promises more than sent). */
  | { type: 'wrong_content_length'; delta?: number }
  /** Delay this answer by `ms`. */
  | { type: 'delay'; ms: number };

interface Armed {
  pattern: string | RegExp;
  fault: FakeFault;
  remaining: number;
}

export class FaultInjector {
  private readonly armed: Armed[] = [];

  /**
   * Arms `fault` for the next `times` requests whose "METHOD /path?query" matches `pattern`
   * (a substring, or a RegExp). The first armed match wins.
   */
  next(pattern: string | RegExp, fault: FakeFault, options: { times?: number } = {}): void {
    const times = options.times ?? 1;
    if (!(times >= 1)) throw new Error(`Fake Instagram: fault times must be >= 1, got ${times}`);
    this.armed.push({ pattern, fault, remaining: times });
  }

  /** Consumes and returns the fault for this request, if one is armed. */
  take(method: string, pathWithQuery: string): FakeFault | undefined {
    const subject = `${method} ${pathWithQuery}`;
    const index = this.armed.findIndex(({ pattern }) =>
      typeof pattern === 'string' ? subject.includes(pattern) : pattern.test(subject),
    );
    if (index < 0) return undefined;
    const armed = this.armed[index]!;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.armed.splice(index, 1);
    return armed.fault;
  }

  get pending(): number {
    return this.armed.reduce((sum, armed) => sum + armed.remaining, 0);
  }

  clear(): void {
    this.armed.length = 0;
  }
}
