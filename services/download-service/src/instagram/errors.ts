/** Instagram failures, classified into stable codes the rest of the system can act on. */
import { parseRetryAfter } from '@smh/shared/backoff';

// Re-exported for the callers that read Retry-After next to the classification.
export { parseRetryAfter };

export type InstagramErrorCode =
  | 'RATE_LIMITED'
  | 'LOGIN_REQUIRED'
  | 'SESSION_INVALID'
  | 'CHECKPOINT_REQUIRED'
  | 'CHALLENGE_REQUIRED'
  | 'FEEDBACK_REQUIRED'
  | 'NOT_FOUND'
  | 'PRIVATE_PROFILE'
  | 'STALE_QUERY_ID'
  | 'UPSTREAM_ERROR'
  | 'INVALID_RESPONSE'
  | 'NETWORK_ERROR';

export interface InstagramErrorInit {
  code: InstagramErrorCode;
  message: string;
  retryable: boolean;
  status?: number;
  /** Delay Instagram asked for (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** URL the user must open in a browser (checkpoint / challenge). */
  actionUrl?: string;
  cause?: unknown;
}

export class InstagramError extends Error {
  override readonly name = 'InstagramError';
  readonly code: InstagramErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly actionUrl?: string;

  constructor(init: InstagramErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.actionUrl !== undefined) this.actionUrl = init.actionUrl;
  }

  toJSON(): { code: InstagramErrorCode; message: string; retryable: boolean; status?: number } {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.status ? { status: this.status } : {}),
    };
  }
}

export function isInstagramError(value: unknown, code?: InstagramErrorCode): value is InstagramError {
  return value instanceof InstagramError && (code === undefined || value.code === code);
}

export interface ResponseFacts {
  status: number;
  /** Location header of a redirect (the transport never follows redirects). */
  location: string | null;
  retryAfter: string | null;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  json: unknown;
  text: string;
  /** Whether the request carried a `sessionid` cookie. */
  withSession: boolean;
}

const PLEASE_WAIT = /please wait a few minutes/i;
const PRIVATE_MESSAGE = /not authorized to view user|this account is private/i;
const NOT_FOUND_MESSAGE = /not found|unavailable|invalid media_id|does not exist/i;

function field(json: unknown, key: string): unknown {
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
}

function stringField(json: unknown, key: string): string | undefined {
  const value = field(json, key);
  return typeof value === 'string' ? value : undefined;
}

function loginError(facts: ResponseFacts, what: string): InstagramError {
  return facts.withSession
    ? new InstagramError({
        code: 'SESSION_INVALID',
        retryable: false,
        status: facts.status,
        message: `Instagram ${what}: the session cookies are expired or logged out; import fresh cookies`,
      })
    : new InstagramError({
        code: 'LOGIN_REQUIRED',
        retryable: false,
        status: facts.status,
        message: `Instagram ${what}: this content needs a logged-in session (add Instagram cookies)`,
      });
}

function classifyRedirect(facts: ResponseFacts): InstagramError {
  let path = facts.location ?? '';
  let instagramHost = true;
  try {
    const target = new URL(path, 'https://www.instagram.com');
    path = target.pathname;
    instagramHost = target.hostname === 'instagram.com' || target.hostname.endsWith('.instagram.com');
  } catch {
    /* keep the raw value */
  }
  if (path.startsWith('/accounts/login')) return loginError(facts, 'redirected to the login page');
  if (path.startsWith('/challenge')) {
    return new InstagramError({
      code: 'CHALLENGE_REQUIRED',
      retryable: false,
      status: facts.status,
      actionUrl: facts.location ?? undefined,
      message:
        'Instagram redirected to a challenge page; open instagram.com in a browser with this account to clear it',
    });
  }
  if (instagramHost && (path === '/' || path === '')) {
    return facts.withSession
      ? new InstagramError({
          code: 'UPSTREAM_ERROR',
          retryable: false,
          status: facts.status,
          message: 'Instagram redirected this endpoint to the home page (the endpoint was probably retired)',
        })
      : loginError(facts, 'redirected to the home page');
  }
  return new InstagramError({
    code: 'UPSTREAM_ERROR',
    retryable: false,
    status: facts.status,
    message: `Instagram answered with an unexpected redirect to "${facts.location ?? '?'}"`,
  });
}

function classifyFailBody(facts: ResponseFacts, message: string): InstagramError | undefined {
  const { status } = facts;
  if (message === 'checkpoint_required' || field(facts.json, 'checkpoint_url') !== undefined) {
    return new InstagramError({
      code: 'CHECKPOINT_REQUIRED',
      retryable: false,
      status,
      actionUrl: stringField(facts.json, 'checkpoint_url'),
      message:
        'Instagram requires a security checkpoint for this account; open the checkpoint URL in a browser, then retry',
    });
  }
  if (message === 'challenge_required') {
    return new InstagramError({
      code: 'CHALLENGE_REQUIRED',
      retryable: false,
      status,
      actionUrl: stringField(field(facts.json, 'challenge'), 'url'),
      message: 'Instagram requires a challenge for this account; open instagram.com in a browser to resolve it',
    });
  }
  if (message === 'feedback_required') {
    return new InstagramError({
      code: 'FEEDBACK_REQUIRED',
      retryable: false,
      status,
      message: `Instagram blocked the action (${stringField(facts.json, 'feedback_title') ?? 'feedback required'}); stop and try again much later`,
    });
  }
  if (PLEASE_WAIT.test(message)) {
    return new InstagramError({
      code: 'RATE_LIMITED',
      retryable: true,
      status,
      message: `Instagram rate limit: ${message}`,
    });
  }
  if (message === 'login_required' || field(facts.json, 'require_login') === true)
    return loginError(facts, 'requires login');
  if (PRIVATE_MESSAGE.test(message)) {
    return new InstagramError({
      code: 'PRIVATE_PROFILE',
      retryable: false,
      status,
      message: 'This Instagram profile is private; use a session of an account that follows it',
    });
  }
  if (NOT_FOUND_MESSAGE.test(message)) {
    return new InstagramError({ code: 'NOT_FOUND', retryable: false, status, message: `Instagram: ${message}` });
  }
  return undefined;
}

/** Maps an HTTP answer to an InstagramError, or undefined when it is a usable success. */
export function classifyResponse(facts: ResponseFacts, now: number): InstagramError | undefined {
  const { status } = facts;
  if (status >= 300 && status < 400) return classifyRedirect(facts);
  const message = stringField(facts.json, 'message') ?? '';
  const failed = status >= 400 || field(facts.json, 'status') === 'fail';
  const fromBody = failed ? classifyFailBody(facts, message) : undefined;
  if (status === 429 || fromBody?.code === 'RATE_LIMITED') {
    const retryAfterMs = parseRetryAfter(facts.retryAfter, now);
    return new InstagramError({
      code: 'RATE_LIMITED',
      retryable: true,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      message: `Instagram rate limit (HTTP ${status}${message ? `: ${message}` : ''}); backing off`,
    });
  }
  if (fromBody) return fromBody;
  if (status === 401 || status === 403) return loginError(facts, `refused the request (HTTP ${status})`);
  if (status === 404)
    return new InstagramError({
      code: 'NOT_FOUND',
      retryable: false,
      status,
      message: 'Instagram: not found (HTTP 404)',
    });
  if (status >= 500) {
    return new InstagramError({
      code: 'UPSTREAM_ERROR',
      retryable: true,
      status,
      message: `Instagram server error (HTTP ${status})`,
    });
  }
  if (failed) {
    return new InstagramError({
      code: 'UPSTREAM_ERROR',
      retryable: false,
      status,
      message: `Instagram refused the request (HTTP ${status}${message ? `: ${message}` : ''})`,
    });
  }
  if (Array.isArray(field(facts.json, 'errors'))) {
    return new InstagramError({
      code: 'STALE_QUERY_ID',
      retryable: false,
      status,
      message: 'Instagram rejected the GraphQL query id (it was probably rotated); configure a current one',
    });
  }
  if (facts.json === undefined) {
    return new InstagramError({
      code: 'INVALID_RESPONSE',
      retryable: true,
      status,
      message: `Instagram answered HTTP ${status} with a body that is not JSON`,
    });
  }
  return undefined;
}

/**
 * Whether an answer means the endpoint itself changed (so another path may still work): a 404 on a known route,
 * a body of another shape, a retired GraphQL id, or a redirect of the endpoint to the home page.
 */
export function endpointChanged(error: unknown): boolean {
  if (!(error instanceof InstagramError)) return false;
  if (error.code === 'INVALID_RESPONSE' || error.code === 'STALE_QUERY_ID') return true;
  if (error.code === 'NOT_FOUND') return error.status === 404;
  return error.code === 'UPSTREAM_ERROR' && error.status !== undefined && error.status >= 300 && error.status < 400;
}
