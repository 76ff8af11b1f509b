/** Which service owns a public path, which routes need no sign-in, and where `?token=` is accepted. Pure. */
import type { BackendServiceName } from '@smh/shared';

/** Public path prefixes and the service that owns them (the gateway proxies the path unchanged). */
export const SERVICE_PREFIXES: ReadonlyArray<readonly [prefix: string, service: BackendServiceName]> = [
  ['/api/auth', 'account-service'],
  ['/api/users', 'account-service'],
  ['/api/instagram', 'account-service'],
  ['/api/downloads', 'download-service'],
  ['/api/files', 'file-service'],
  ['/api/videos', 'video-service'],
  ['/api/subscriptions', 'scheduler-service'],
  ['/api/notifications', 'scheduler-service'],
];

const pathOf = (url: string) => url.split('?')[0] ?? url;
const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function serviceForPath(url: string): BackendServiceName | undefined {
  const path = pathOf(url);
  return SERVICE_PREFIXES.find(([prefix]) => underPrefix(path, prefix))?.[1];
}

const PUBLIC_ROUTES = new Set([
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'GET /api/auth/status',
  'GET /api/health',
  'GET /api/openapi.json',
]);

/** Routes anyone may call without a credential. */
export function isPublicRoute(method: string, url: string): boolean {
  const path = pathOf(url).replace(/\/+$/, '') || '/';
  return PUBLIC_ROUTES.has(`${method} ${path}`) || (method === 'GET' && underPrefix(path, '/api/docs'));
}

const QUERY_TOKEN_PATHS = [/^\/api\/events$/, /^\/api\/files\/[^/]+\/content$/, /^\/api\/files\/[^/]+\/thumbnail$/];

/** `?token=` is accepted only on the GETs a browser cannot add a header to (EventSource, <video>, <img>). */
export function acceptsQueryToken(method: string, url: string): boolean {
  return (method === 'GET' || method === 'HEAD') && QUERY_TOKEN_PATHS.some((pattern) => pattern.test(pathOf(url)));
}

/** Removes `token` from a query string before the URL goes upstream or into a log. */
export function withoutQueryToken(url: string): string {
  const [path, query] = url.split(/\?(.*)/s, 2) as [string, string | undefined];
  if (query === undefined) return url;
  const params = new URLSearchParams(query);
  params.delete('token');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}
