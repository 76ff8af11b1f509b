import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { t } from '../i18n/index.ts';
import { ApiError, HubUnreachableError, parseErrorBody } from './errors.ts';
import type { paths } from './schema';
import type { TokenStore } from './tokens.ts';

/** The hub's HTTP API typed from `paths` (schema.d.ts): a wrong path, method, parameter or body fails to compile. */
export type HubHttp = Client<paths>;

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface ApiClientOptions {
  tokens: TokenStore;
  /** Where the hub answers; empty means this page's origin. */
  baseUrl?: string;
  fetchFn?: (request: Request) => Promise<Response>;
  /** Called once the refresh token is rejected: the user must sign in again. */
  onSessionExpired?: () => void;
}

export interface DownloadedBlob {
  blob: Blob;
  filename: string | null;
}

/** What an openapi-fetch call resolves to: the success body, or the parsed error body. */
type CallResult<T> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/** The success body's type (openapi-fetch types `data` as optional because the error branch lacks it). */
type SuccessData<R> = Exclude<R extends { data: infer D } ? D : never, undefined>;

const REFRESH_PATH = '/api/auth/refresh';
/** Paths where a 401 means "wrong credentials", not "access token expired". */
const NO_REFRESH_PATHS: readonly string[] = ['/api/auth/login', REFRESH_PATH, '/api/auth/register', '/api/auth/logout'];

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? (path.includes('?') ? '&' : '?') + search : ''}`;
}

export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain form */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() ?? null;
}

/**
 * The typed client (openapi-fetch) with the session around it: the Bearer header, one refresh-and-retry on a 401
 * (concurrent 401s share one refresh), network failures as HubUnreachableError.
 */
export class ApiClient {
  readonly tokens: TokenStore;
  readonly http: HubHttp;
  private readonly baseUrl: string;
  private readonly onSessionExpired: () => void;
  private refreshing: Promise<boolean> | null = null;

  constructor(options: ApiClientOptions) {
    this.tokens = options.tokens;
    this.baseUrl = options.baseUrl ?? '';
    this.onSessionExpired = options.onSessionExpired ?? (() => {});
    const fetchFn = options.fetchFn ?? ((request: Request) => globalThis.fetch(request));
    this.http = createClient<paths>({
      // A Request needs an absolute URL outside a browser; in one, the page's origin is what '' meant.
      baseUrl: this.baseUrl || globalThis.location?.origin || '',
      fetch: reachingHub(fetchFn),
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    this.http.use(sessionMiddleware(this.tokens, () => this.refreshSession()));
  }

  /** URL for <img>/<video>/EventSource, which cannot send headers: the gateway accepts `?token=`. */
  authedUrl(path: string, query?: Query): string {
    return buildUrl(this.baseUrl, path, { ...query, token: this.tokens.accessToken });
  }

  /** Exchanges the refresh cookie (or a token an older version stored) for a new pair. Concurrent callers share one. */
  refreshSession(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    if (!this.tokens.mayHaveSession) return false;
    // The httpOnly cookie carries the refresh token; only a token stored by an older version goes in the body.
    const legacy = this.tokens.legacyRefreshToken;
    const result = await this.http.POST(REFRESH_PATH, { body: legacy ? { refreshToken: legacy } : {} });
    if (result.data) {
      this.tokens.set(result.data);
      return true;
    }
    if (result.response.status >= 500) throw errorOf(result.response, result.error);
    this.tokens.clear();
    this.onSessionExpired();
    return false;
  }
}

/** The success body of a call; an error answer is thrown as ApiError (HubUnreachableError for a proxy's page). */
export async function dataOf<R extends CallResult<unknown>>(call: Promise<R>): Promise<SuccessData<R>> {
  let result: R;
  try {
    result = await call;
  } catch (error) {
    // openapi-fetch parses a 2xx body as JSON; only such a body can fail to parse.
    if (error instanceof SyntaxError) {
      throw new ApiError(0, { code: 'BAD_RESPONSE', message: t('The hub sent an answer the app cannot read.') });
    }
    throw error;
  }
  if (!result.response.ok) throw errorOf(result.response, result.error);
  return result.data as SuccessData<R>;
}

/** A binary success answer (a ZIP archive) with the file name the hub gave it. */
export async function blobOf(call: Promise<CallResult<unknown>>): Promise<DownloadedBlob> {
  const result = await call;
  if (!result.response.ok) throw errorOf(result.response, result.error);
  const blob = result.data instanceof Blob ? result.data : new Blob([]);
  return { blob, filename: filenameFromDisposition(result.response.headers.get('content-disposition')) };
}

function errorOf(response: Response, body: unknown): Error {
  // openapi-fetch hands over the parsed JSON, or the raw text when it was not JSON, or nothing for an empty body.
  const parsed = body === undefined || typeof body === 'string' ? null : body;
  // A 5xx without the hub's JSON error body comes from a proxy (vite, nginx) with no hub behind it.
  if (parsed === null && response.status >= 500) return new HubUnreachableError(`HTTP ${response.status}`);
  return new ApiError(response.status, parseErrorBody(response.status, parsed));
}

/** fetch whose network failures (not aborts) become HubUnreachableError. */
function reachingHub(fetchFn: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await fetchFn(request);
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'AbortError') throw error;
      throw new HubUnreachableError(error);
    }
  };
}

/**
 * Adds the Bearer header; on a 401 (outside the sign-in paths) refreshes once and replays the request once with the
 * new token. A second 401 is the answer. The refresh request itself carries no Bearer header.
 */
export function sessionMiddleware(tokens: TokenStore, refresh: () => Promise<boolean>): Middleware {
  const replays = new Map<string, Request>();
  return {
    onRequest({ request, schemaPath, id }) {
      const access = tokens.accessToken;
      if (access && schemaPath !== REFRESH_PATH) request.headers.set('Authorization', `Bearer ${access}`);
      if (!NO_REFRESH_PATHS.includes(schemaPath)) replays.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const replay = replays.get(id);
      replays.delete(id);
      if (response.status !== 401 || !replay || !tokens.mayHaveSession) return undefined;
      if (!(await refresh())) return undefined;
      replay.headers.set('Authorization', `Bearer ${tokens.accessToken}`);
      return options.fetch(replay);
    },
    onError({ id }) {
      replays.delete(id);
      return undefined;
    },
  };
}
