/** Errors from the hub, turned into sentences a person can act on (never raw JSON), in the reader's language. */
import { activeLocale, msg, t } from '../i18n/index.ts';

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
    super(t('The hub did not answer. Check that it is running, then try again.'));
    this.name = 'HubUnreachableError';
    this.cause = cause;
  }
}

const FALLBACK_BY_STATUS: Record<number, string> = {
  400: msg('The request was not accepted.'),
  401: msg('Your session has ended. Please sign in again.'),
  403: msg('You are not allowed to do that.'),
  404: msg('That item no longer exists, or it is not yours.'),
  409: msg('That conflicts with something that already exists.'),
  413: msg('That file is too large.'),
  429: msg('Too many attempts. Wait a moment, then try again.'),
  500: msg('The hub hit an internal error. Try again later.'),
  502: msg('A hub service is not responding. Try again later.'),
  503: msg('The hub is starting or overloaded. Try again shortly.'),
  504: msg('A hub service took too long to answer. Try again later.'),
};

export function fallbackMessage(status: number): string {
  const known = FALLBACK_BY_STATUS[status] ?? (status >= 500 ? FALLBACK_BY_STATUS[500] : undefined);
  return known ? t(known) : t('The request failed (HTTP {{status}}).', { status });
}

/**
 * One sentence per stable error `code` the hub sends (services and shared/src/http). English readers see the API's
 * own message, which names the item; other languages see this sentence translated, and the API's message only for
 * a code missing here. frontend/src/i18n/errorCodes.test.ts fails when a code of the services has no entry.
 */
export const ERROR_CODE_MESSAGES: Record<string, string> = {
  ACCOUNT_DISABLED: msg('This account is disabled. Ask an administrator.'),
  API_KEY_CANNOT_MINT: msg('An API key cannot create other API keys. Sign in with your password to do that.'),
  BAD_REQUEST: msg('The request was not accepted.'),
  CANCELED: msg('The job was canceled.'),
  CHALLENGE_REQUIRED: msg(
    'Instagram wants this account to pass a security challenge. Open Instagram in a browser, then add the session again.',
  ),
  CHECKPOINT_REQUIRED: msg(
    'Instagram stopped this session at a checkpoint. Open Instagram in a browser, then add the session again.',
  ),
  CONFLICT: msg('That conflicts with something that already exists.'),
  DATABASE_UNAVAILABLE: msg('The database is restarting. Try again in a moment.'),
  CONTENT_MISMATCH: msg('The downloaded file does not match what Instagram announced. Try again.'),
  CONTENT_MISSING: msg('The content is no longer there.'),
  CONTENT_UNAVAILABLE: msg('This content is not available (deleted, private or restricted).'),
  DISPATCH_FAILED: msg('The notification could not be delivered.'),
  DOWNLOAD_FAILED: msg('The download failed.'),
  DOWNLOAD_MISSING: msg('That download no longer exists.'),
  ENOTFOUND: msg('The server name could not be found.'),
  FEEDBACK_REQUIRED: msg('Instagram is limiting this account for now. Wait a while, then try again.'),
  FFMPEG_FAILED: msg('FFmpeg could not process the video.'),
  FFMPEG_TIMEOUT: msg('FFmpeg took too long and was stopped.'),
  FFMPEG_UNAVAILABLE: msg('FFmpeg is not installed on the hub.'),
  FORBIDDEN: msg('You are not allowed to do that.'),
  INPUT_UNUSABLE: msg('An input file cannot be used for this operation.'),
  INTERNAL_ERROR: msg('The hub hit an internal error. Try again later.'),
  INVALID_API_KEY: msg('That API key is not valid.'),
  INVALID_CHARACTERS: msg('The name contains characters that are not allowed.'),
  INVALID_COOKIES: msg('The cookies could not be read.'),
  INVALID_CREDENTIALS: msg('Wrong username or password.'),
  INVALID_CURSOR: msg('The list position is out of date. Reload the page.'),
  INVALID_INPUT: msg('Some of the input is not valid.'),
  INVALID_PATH: msg('That path is not allowed.'),
  INVALID_QUERY: msg('The search or filter is not valid.'),
  INVALID_REFRESH_TOKEN: msg('Your session has ended. Please sign in again.'),
  INVALID_RESPONSE: msg('Instagram sent an answer the hub cannot read. Try again later.'),
  INVALID_TOKEN: msg('Your session has ended. Please sign in again.'),
  LOGIN_REQUIRED: msg('Instagram asks to sign in for this content. Add an Instagram session, then try again.'),
  NETWORK_ERROR: msg('The network failed. Try again.'),
  NOT_FOUND: msg('That item no longer exists, or it is not yours.'),
  NOT_MEDIA: msg('That file is not a photo, video or audio file.'),
  NO_FILE: msg('No file was sent.'),
  PROFILE_NOT_FOUND: msg(
    'Instagram has no profile by that name. Check the spelling, or choose an Instagram session if it is only shown to signed-in accounts.',
  ),
  NO_THUMBNAIL: msg('There is no thumbnail for this file.'),
  OPTION_OUT_OF_RANGE: msg('An option is out of its allowed range.'),
  OUTPUT_REJECTED: msg('The result could not be stored.'),
  PAYLOAD_TOO_LARGE: msg('That file is too large.'),
  PREVIOUS_RUN_OPEN: msg('The previous run of this subscription has not finished yet.'),
  PRIVATE_ADDRESS: msg('That address points into a private network, which the hub does not contact.'),
  PRIVATE_PROFILE: msg('This profile is private. Add a session of an account that follows it.'),
  QUEUE_UNAVAILABLE: msg('The job queue is not available. Try again shortly.'),
  RATE_LIMITED: msg('Instagram is rate-limiting the hub. It retries by itself later.'),
  REGISTRATION_CLOSED: msg('This hub does not accept new accounts.'),
  SERVICE_UNAVAILABLE: msg('A hub service is not responding. Try again later.'),
  SESSION_INVALID: msg('Instagram no longer accepts this session. Add it again.'),
  SESSION_REQUIRED: msg('This needs an Instagram session. Add one on the Sessions page.'),
  STALE_QUERY_ID: msg('Instagram changed how it answers; the hub needs an update.'),
  THUMBNAIL_FAILED: msg('The thumbnail could not be made.'),
  THUMBNAIL_NOT_READY: msg('The thumbnail is not ready yet.'),
  TOO_MANY_ATTEMPTS: msg('Too many attempts. Wait a moment, then try again.'),
  TOO_MANY_DOWNLOADS: msg('You have too many downloads running. Wait for some to finish.'),
  UNSUPPORTED_SITE: msg('The hub found no video or photo it can download on that page.'),
  NOT_A_PAGE: msg('That link is a single file or an Instagram link, not a page of another site.'),
  TOO_MANY_JOBS: msg('You have too many video jobs running. Wait for some to finish.'),
  TOO_MANY_REGISTRATIONS: msg('Too many accounts were created from here. Try again later.'),
  UNAUTHORIZED: msg('Your session has ended. Please sign in again.'),
  UNAVAILABLE: msg('This is not available right now. Try again later.'),
  UNKNOWN_INPUT: msg('An input file was not found.'),
  UNSUPPORTED_INPUT: msg('This file type cannot be used here.'),
  UNSUPPORTED_MEDIA_TYPE: msg('This file type is not supported.'),
  UNSUPPORTED_URL: msg('This link is not supported.'),
  UPSTREAM_ERROR: msg('Instagram answered with an error. Try again later.'),
  VALIDATION_ERROR: msg('Some of the input is not valid.'),
  WRONG_PASSWORD: msg('The current password is wrong.'),
};

/** The sentence shown for an API error: the API's own English message, or the code's sentence in the active locale. */
export function apiErrorSentence(error: Pick<ApiError, 'code' | 'message'>, locale: string = activeLocale()): string {
  if (locale === 'en') return error.message;
  const known = ERROR_CODE_MESSAGES[error.code];
  if (known) return t(known, { lng: locale });
  const status = /^HTTP_(\d{3})$/.exec(error.code)?.[1];
  return status ? t(fallbackMessage(Number(status)), { lng: locale }) : error.message;
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
    const sentence = apiErrorSentence(error);
    const issues = Array.isArray(error.details) ? describeDetails(error.details) : [];
    const lines = issues.filter((line) => !sentence.includes(line));
    return lines.length > 0 ? `${sentence} (${lines.join('; ')})` : sentence;
  }
  if (error instanceof HubUnreachableError)
    return t('The hub did not answer. Check that it is running, then try again.');
  if (error instanceof DOMException && error.name === 'AbortError') return t('The request was canceled.');
  if (error instanceof Error && error.message) return error.message;
  return t('Something went wrong. Try again.');
}
