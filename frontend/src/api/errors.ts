/** Errors from the hub, turned into sentences a person can act on (never raw JSON). */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

/** Thrown when the hub cannot be reached at all (network down, server stopped, proxy error page). */
export class HubUnreachableError extends Error {
  constructor(cause?: unknown) {
    super('The hub did not answer. Check that it is running, then try again.');
    this.name = 'HubUnreachableError';
    this.cause = cause;
  }
}

const FALLBACK_BY_STATUS: Record<number, string> = {
  400: 'The request was not accepted.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'That item no longer exists, or it is not yours.',
  409: 'That conflicts with something that already exists.',
  413: 'That file is too large.',
  429: 'Too many attempts. Wait a moment, then try again.',
  500: 'The hub hit an internal error. Try again later.',
  502: 'A hub service is not responding. Try again later.',
  503: 'The hub is starting or overloaded. Try again shortly.',
  504: 'A hub service took too long to answer. Try again later.',
};

export function fallbackMessage(status: number): string {
  return (
    FALLBACK_BY_STATUS[status] ??
    (status >= 500 ? FALLBACK_BY_STATUS[500] : undefined) ??
    `The request failed (HTTP ${status}).`
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `{"error": {"code", "message", "details"}}`; anything else becomes a message chosen by status. */
export function parseErrorBody(status: number, body: unknown): ApiErrorBody {
  const error = isRecord(body) ? body['error'] : undefined;
  if (isRecord(error) && typeof error['message'] === 'string' && error['message'].trim() !== '') {
    return {
      code: typeof error['code'] === 'string' ? error['code'] : `HTTP_${status}`,
      message: error['message'],
      details: error['details'],
    };
  }
  return { code: `HTTP_${status}`, message: fallbackMessage(status) };
}

/** Validation details such as `[{path: ["url"], message: "…"}]` or `{url: "…"}` → "url: …" lines. */
export function describeDetails(details: unknown): string[] {
  if (Array.isArray(details)) {
    return details.flatMap((issue) => {
      if (typeof issue === 'string') return [issue];
      if (!isRecord(issue) || typeof issue['message'] !== 'string') return [];
      const rawPath = issue['path'] ?? issue['field'] ?? issue['instancePath'];
      const path = Array.isArray(rawPath)
        ? rawPath.join('.')
        : typeof rawPath === 'string'
          ? rawPath.replace(/^\//, '')
          : '';
      return [path ? `${path}: ${issue['message']}` : issue['message']];
    });
  }
  if (isRecord(details)) {
    return Object.entries(details).flatMap(([key, value]) => (typeof value === 'string' ? [`${key}: ${value}`] : []));
  }
  return [];
}

/** One sentence (plus validation details, if any) for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // Only a list of issues describes the problem; an object is context (the URL, a request id…) already in the sentence.
    const issues = Array.isArray(error.details) ? describeDetails(error.details) : [];
    const lines = issues.filter((line) => !error.message.includes(line));
    return lines.length > 0 ? `${error.message} (${lines.join('; ')})` : error.message;
  }
  if (error instanceof HubUnreachableError) return error.message;
  if (error instanceof DOMException && error.name === 'AbortError') return 'The request was canceled.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
