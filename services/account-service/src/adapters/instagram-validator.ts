/**
 * Checks a linked Instagram session the way the downloader will use it: the logged-in "current user" GraphQL
 * query on www.instagram.com (instaloader's test_login), sent with the desktop web app's headers.
 * A 200 with the viewer's username = active; a login/challenge redirect, 401/403 or `user: null` = expired;
 * anything else (network error, 429, 5xx, unexpected body) = unverified, to be checked again later.
 */
import { request } from 'undici';
import type { CookieMap } from '../domain/session-crypto.js';

export const CURRENT_USER_QUERY_HASH = 'd6f4427fbe92d846298cf93df0b937d3';
const WEB_APP_ID = '936619743392459';
const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

export type SessionVerdict =
  | { status: 'active'; username: string }
  | { status: 'expired'; reason: string }
  | { status: 'unverified'; reason: string };

export type SessionValidator = (cookies: CookieMap) => Promise<SessionVerdict>;

/** The request, as data (pure): what Instagram's web app sends for this query. */
export function buildCurrentUserRequest(
  webUrl: string,
  cookies: CookieMap,
  queryHash: string = CURRENT_USER_QUERY_HASH,
): { url: string; headers: Record<string, string> } {
  const base = webUrl.replace(/\/+$/, '');
  const query = new URLSearchParams({ query_hash: queryHash, variables: '{}' });
  const headers: Record<string, string> = {
    'user-agent': DESKTOP_USER_AGENT,
    accept: '*/*',
    'accept-language': 'en-US,en;q=0.9',
    'x-ig-app-id': WEB_APP_ID,
    'x-asbd-id': '129477',
    'x-ig-www-claim': '0',
    'x-requested-with': 'XMLHttpRequest',
    referer: `${base}/`,
    'sec-fetch-dest': 'empty',
    'sec-fetch-mode': 'cors',
    'sec-fetch-site': 'same-origin',
    cookie: Object.entries(cookies)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `${name}=${value}`)
      .join('; '),
  };
  if (cookies['csrftoken']) headers['x-csrftoken'] = cookies['csrftoken'];
  return { url: `${base}/graphql/query/?${query.toString()}`, headers };
}

/** Interprets Instagram's answer (pure). */
export function interpretCurrentUserResponse(
  status: number,
  location: string | undefined,
  body: unknown,
): SessionVerdict {
  if (status >= 300 && status < 400) {
    if (location && /\/(accounts\/login|challenge)\b/.test(location))
      return { status: 'expired', reason: `Instagram redirected to ${location.split('?')[0]}` };
    return { status: 'unverified', reason: `Instagram redirected to ${location ?? 'nowhere'}` };
  }
  if (status === 401 || status === 403) return { status: 'expired', reason: `Instagram answered ${status}` };
  if (status !== 200) return { status: 'unverified', reason: `Instagram answered ${status}` };
  const data = (body as { data?: { user?: { username?: unknown } | null } } | undefined)?.data;
  if (data && data.user === null)
    return { status: 'expired', reason: 'Instagram does not recognise this session (not logged in)' };
  const username = data?.user?.username;
  if (typeof username === 'string' && username !== '') return { status: 'active', username };
  return { status: 'unverified', reason: 'Instagram answered with an unexpected body' };
}

export function createInstagramSessionValidator(options: {
  webUrl: string;
  /** INSTAGRAM_CURRENT_USER_QUERY_HASH (Instagram rotates query ids). */
  queryHash?: string;
  timeoutMs?: number;
}): SessionValidator {
  return async (cookies) => {
    const { url, headers } = buildCurrentUserRequest(options.webUrl, cookies, options.queryHash);
    try {
      const response = await request(url, {
        method: 'GET',
        headers,
        headersTimeout: options.timeoutMs ?? 10_000,
        bodyTimeout: options.timeoutMs ?? 10_000,
      });
      const text = await response.body.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const location = response.headers.location;
      return interpretCurrentUserResponse(
        response.statusCode,
        typeof location === 'string' ? location : undefined,
        body,
      );
    } catch (error) {
      return { status: 'unverified', reason: `Instagram could not be reached: ${(error as Error).message}` };
    }
  };
}
