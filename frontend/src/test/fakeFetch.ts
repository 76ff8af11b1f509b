/** A scripted stand-in for the hub over fetch: routes by "METHOD /path", records every request. */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export type RouteReply = { status?: number; body?: unknown; headers?: Record<string, string> } | Response;
export type RouteHandler = (request: RecordedRequest) => RouteReply | Promise<RouteReply>;

export function json(status: number, body: unknown): RouteReply {
  return { status, body };
}

export function apiError(status: number, code: string, message: string, details?: unknown): RouteReply {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, RouteHandler[]>();

  /** Adds a handler; several handlers for one route answer in turn, the last one repeats. */
  on(route: string, handler: RouteHandler | RouteReply): this {
    const list = this.routes.get(route) ?? [];
    list.push(typeof handler === 'function' ? handler : () => handler);
    this.routes.set(route, list);
    return this;
  }

  calls(route: string): RecordedRequest[] {
    const [method, path] = route.split(' ');
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Takes a Request (what openapi-fetch sends) or a URL with its init. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const sent = input instanceof Request ? input : new Request(new URL(String(input), 'http://hub.test'), init);
    const url = new URL(sent.url);
    const method = sent.method.toUpperCase();
    const headers = new Headers(sent.headers);
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: await bodyOf(sent),
    };
    this.requests.push(request);
    const key = `${method} ${url.pathname}`;
    const handlers = this.routes.get(key);
    if (!handlers || handlers.length === 0) {
      return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: `No fake route for ${key}` } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    const handler = handlers.length > 1 ? handlers.shift()! : handlers[0]!;
    const reply = await handler(request);
    if (reply instanceof Response) return reply;
    const status = reply.status ?? 200;
    const payload = reply.body === undefined || status === 204 ? null : JSON.stringify(reply.body);
    return new Response(payload, { status, headers: { 'content-type': 'application/json', ...reply.headers } });
  };
}

/** The body as the hub would read it: JSON parsed, multipart as FormData, text as text, none as null. */
async function bodyOf(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) return request.formData();
  const text = await request.text();
  if (text === '') return null;
  return type.includes('json') ? JSON.parse(text) : text;
}

/** An in-memory Storage for TokenStore. */
export class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}
