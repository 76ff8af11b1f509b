/**
 * The hub's HTTP API as the CLI uses it: JSON requests with the API key, error bodies turned into ApiError,
 * unreachable hubs into one clear CliError, file bodies as streams and /api/events as parsed SSE frames.
 */
import type { Connection } from './config.js';
import { ApiError, CliError, EXIT } from './errors.js';
import { parseSse, type SseEvent } from './sse.js';

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

export interface HubClient {
  readonly url: string;
  json<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** A successful response whose body the caller streams (file content). */
  raw(path: string, options?: { signal?: AbortSignal }): Promise<Response>;
  /** The caller's live events until `signal` aborts; `onOpen` once the hub accepted the stream. */
  events(signal: AbortSignal, onOpen?: () => void): AsyncGenerator<SseEvent>;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export function buildUrl(base: string, path: string, query: Query = {}): string {
  const url = new URL(`${base}${path}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.href;
}

/** The `{error: {code, message}}` of an error response, or a sentence built from its status (pure). */
export function apiErrorFrom(status: number, bodyText: string): ApiError {
  let parsed: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  try {
    parsed = JSON.parse(bodyText) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const code = typeof parsed?.error?.code === 'string' ? parsed.error.code : `HTTP_${status}`;
  let message = typeof parsed?.error?.message === 'string' ? parsed.error.message : `The hub answered HTTP ${status}.`;
  if (status === 401)
    message = `The hub rejected the API key (${message.replace(/\.$/, '')}). Check SMH_API_KEY or --api-key.`;
  return new ApiError(status, code, message, parsed?.error?.details);
}

/** The error for a hub that could not be reached (pure). */
export function unreachable(base: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  let reason = cause?.code ?? cause?.message ?? (error as Error).message;
  // fetch refuses ports browsers block (1, 9, 6000, 10080 …) before connecting
  if (reason === 'bad port') reason = "Node's fetch refuses to connect to this port";
  return new CliError(
    `Cannot reach the hub at ${base} (${reason}). Is it running? Set SMH_URL or --url to its address.`,
    EXIT.connection,
    'UNREACHABLE',
  );
}

export function createHubClient(connection: Connection, fetchImpl: FetchLike = fetch): HubClient {
  const headers = { authorization: `Bearer ${connection.apiKey}` };

  async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers }, signal: options.signal };
    if (options.body !== undefined) {
      init.headers = { ...headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetchImpl(buildUrl(connection.url, path, options.query), init);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unreachable(connection.url, error);
    }
    if (!response.ok) throw apiErrorFrom(response.status, await response.text().catch(() => ''));
    return response;
  }

  return {
    url: connection.url,
    async json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
      const response = await send(method, path, options);
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
    raw: (path, options) => send('GET', path, options),
    async *events(signal, onOpen) {
      const response = await send('GET', '/api/events', { signal });
      if (!response.body) return;
      onOpen?.();
      try {
        yield* parseSse(response.body as AsyncIterable<Uint8Array>);
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    },
  };
}
