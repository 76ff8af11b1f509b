import { t } from '../i18n/index.ts';
import { ApiError, HubUnreachableError, parseErrorBody } from './errors.ts';
import type { TokenPair, TokenStore } from './tokens.ts';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  /** A plain value is sent as JSON; FormData is sent as multipart. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  tokens: TokenStore;
  baseUrl?: string;
  fetchFn?: typeof fetch;
  /** Called once the refresh token is rejected: the user must sign in again. */
  onSessionExpired?: () => void;
}

export interface DownloadedBlob {
  blob: Blob;
  filename: string | null;
}

/** Paths where a 401 means "wrong credentials", not "access token expired". */
const NO_REFRESH_PATHS = ['/api/auth/login', '/api/auth/refresh', '/api/auth/register', '/api/auth/logout'];

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

/** Thin HTTP executor: auth header, JSON in/out, error body → ApiError, one refresh-and-retry on 401. */
export class ApiClient {
  readonly tokens: TokenStore;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly onSessionExpired: () => void;
  private refreshing: Promise<boolean> | null = null;

  constructor(options: ApiClientOptions) {
    this.tokens = options.tokens;
    this.baseUrl = options.baseUrl ?? '';
    this.fetchFn = options.fetchFn ?? ((input, init) => globalThis.fetch(input, init));
    this.onSessionExpired = options.onSessionExpired ?? (() => {});
  }

  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.json<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.json<T>('POST', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.json<T>('PATCH', path, { ...options, body });
  }
  delete<T = void>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.json<T>('DELETE', path, options);
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, {
        code: 'BAD_RESPONSE',
        message: t('The hub sent an answer the app cannot read.'),
      });
    }
  }

  /** For binary answers such as a ZIP archive. */
  async blob(method: string, path: string, options: RequestOptions = {}): Promise<DownloadedBlob> {
    const response = await this.send(method, path, options);
    return {
      blob: await response.blob(),
      filename: filenameFromDisposition(response.headers.get('content-disposition')),
    };
  }

  /** URL for <img>/<video>/EventSource, which cannot send headers: the gateway accepts `?token=`. */
  authedUrl(path: string, query?: Query): string {
    return buildUrl(this.baseUrl, path, { ...query, token: this.tokens.accessToken });
  }

  /** Sends a request; on a 401 refreshes the access token once and retries once. Resolves only for 2xx. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let response = await this.fetchOnce(method, path, options);
    if (response.status === 401 && this.mayRefresh(path)) {
      if (await this.refreshSession()) response = await this.fetchOnce(method, path, options);
    }
    if (!response.ok) throw await this.toError(response);
    return response;
  }

  /** Exchanges the stored refresh token for a new pair. Concurrent callers share one request. */
  refreshSession(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private mayRefresh(path: string): boolean {
    return this.tokens.mayHaveSession && !NO_REFRESH_PATHS.some((p) => path.startsWith(p));
  }

  private async doRefresh(): Promise<boolean> {
    if (!this.tokens.mayHaveSession) return false;
    // The httpOnly cookie carries the refresh token; only a token stored by an older version goes in the body.
    const legacy = this.tokens.legacyRefreshToken;
    const response = await this.fetchOnce(
      'POST',
      '/api/auth/refresh',
      legacy ? { body: { refreshToken: legacy } } : {},
      false,
    );
    if (!response.ok) {
      if (response.status >= 500) throw await this.toError(response);
      this.tokens.clear();
      this.onSessionExpired();
      return false;
    }
    this.tokens.set((await response.json()) as TokenPair);
    return true;
  }

  private async fetchOnce(method: string, path: string, options: RequestOptions, withAuth = true): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const access = this.tokens.accessToken;
    if (withAuth && access) headers['Authorization'] = `Bearer ${access}`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) {
      body = options.body;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) init.body = body;
    if (options.signal) init.signal = options.signal;
    try {
      return await this.fetchFn(buildUrl(this.baseUrl, path, options.query), init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new HubUnreachableError(error);
    }
  }

  private async toError(response: Response): Promise<Error> {
    const text = await response.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    // A 5xx without the hub's JSON error body comes from a proxy (vite, nginx) with no hub behind it.
    if (parsed === null && response.status >= 500) {
      return new HubUnreachableError(`HTTP ${response.status}`);
    }
    return new ApiError(response.status, parseErrorBody(response.status, parsed));
  }
}
