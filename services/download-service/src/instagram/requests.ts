/**
 * Pure request builders: every Instagram call the client makes, as data. No I/O here.
 * Header values follow what gallery-dl (web REST) and instaloader (i.instagram.com "iPhone") send.
 */
import { serializeCookieHeader, type CookieMap } from './cookies.js';
import { shortcodeToMediaId } from './shortcode.js';

export type EndpointFamily = 'graphql' | 'api_v1' | 'iphone' | 'other';
export type HttpMethod = 'GET' | 'POST';

export interface InstagramRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Rate-limit bucket this request counts against. */
  family: EndpointFamily;
  /** Short endpoint name for logs and metrics, e.g. "feed/user". */
  endpoint: string;
}

export interface RequestContext {
  webBaseUrl: string;
  apiBaseUrl: string;
  cookies: CookieMap;
  /** Last value of the `x-ig-set-www-claim` response header; "0" before the first one. */
  wwwClaim?: string;
}

export const WEB_APP_ID = '936619743392459';
export const IPHONE_APP_ID = '124024574287414';
export const WEB_ASBD_ID = '129477';
export const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
export const IPHONE_USER_AGENT =
  'Instagram 361.0.0.35.82 (iPad13,8; iOS 18_0; en_US; en-US; scale=2.00; 2048x2732; 674117118) AppleWebKit/420+';
/** instaloader's "test_login" query: `data.user.username` of the logged-in viewer. Configurable (ids rotate). */
export const CURRENT_USER_QUERY_HASH = 'd6f4427fbe92d846298cf93df0b937d3';

export const FEED_PAGE_SIZE = 30;
export const TAGGED_PAGE_SIZE = 20;
export const CLIPS_PAGE_SIZE = 50;

function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}

function withQuery(url: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, value);
  const text = params.toString();
  return text === '' ? url : `${url}?${text}`;
}

function cookieHeaders(cookies: CookieMap): Record<string, string> {
  const cookie = serializeCookieHeader(cookies);
  return cookie === '' ? {} : { Cookie: cookie };
}

/** Headers of a www.instagram.com XHR, as the desktop web app sends them. */
export function webHeaders(ctx: RequestContext, method: HttpMethod = 'GET'): Record<string, string> {
  const web = trimBase(ctx.webBaseUrl);
  const headers: Record<string, string> = {
    'User-Agent': DESKTOP_USER_AGENT,
    Accept: '*/*',
    'Accept-Language': 'en-US,en;q=0.9',
    'X-IG-App-ID': WEB_APP_ID,
    'X-ASBD-ID': WEB_ASBD_ID,
    'X-IG-WWW-Claim': ctx.wwwClaim ?? '0',
    'X-Requested-With': 'XMLHttpRequest',
    Referer: `${web}/`,
    'Sec-Fetch-Dest': 'empty',
    'Sec-Fetch-Mode': 'cors',
    'Sec-Fetch-Site': 'same-origin',
    ...cookieHeaders(ctx.cookies),
  };
  const csrf = ctx.cookies['csrftoken'];
  if (csrf) headers['X-CSRFToken'] = csrf;
  if (method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Origin'] = web;
  }
  return headers;
}

/** Headers of an i.instagram.com call, as instaloader's "iPhone" requests send them. */
export function mobileHeaders(ctx: RequestContext): Record<string, string> {
  const headers: Record<string, string> = {
    'User-Agent': IPHONE_USER_AGENT,
    Accept: '*/*',
    'Accept-Language': 'en-US',
    'X-IG-App-ID': IPHONE_APP_ID,
    'X-IG-WWW-Claim': ctx.wwwClaim ?? '0',
    'x-ig-capabilities': '36r/F/8=',
    'x-ig-connection-type': 'WiFi',
    ...cookieHeaders(ctx.cookies),
  };
  const copied: Array<[cookie: string, header: string]> = [
    ['mid', 'x-mid'],
    ['ds_user_id', 'ig-u-ds-user-id'],
    ['ig_did', 'x-ig-device-id'],
    ['rur', 'ig-u-rur'],
  ];
  for (const [cookie, header] of copied) {
    const value = ctx.cookies[cookie];
    if (value) headers[header] = value;
  }
  return headers;
}

function webGet(
  ctx: RequestContext,
  endpoint: string,
  path: string,
  query: Record<string, string | undefined> = {},
): InstagramRequest {
  return {
    method: 'GET',
    url: withQuery(`${trimBase(ctx.webBaseUrl)}${path}`, query),
    headers: webHeaders(ctx),
    family: 'api_v1',
    endpoint,
  };
}

function requireNumericId(kind: string, id: string): string {
  if (!/^\d+$/.test(id)) throw new Error(`Invalid Instagram ${kind} id "${id}": expected digits`);
  return id;
}

export function buildProfileInfoRequest(ctx: RequestContext, username: string): InstagramRequest {
  if (!/^[A-Za-z0-9._]{1,30}$/.test(username)) throw new Error(`Invalid Instagram username "${username}"`);
  const request = webGet(ctx, 'users/web_profile_info', '/api/v1/users/web_profile_info/', { username });
  request.headers['Referer'] = `${trimBase(ctx.webBaseUrl)}/${username}/`;
  return request;
}

export function buildUserFeedRequest(
  ctx: RequestContext,
  userId: string,
  page: { maxId?: string; count?: number } = {},
): InstagramRequest {
  return webGet(ctx, 'feed/user', `/api/v1/feed/user/${requireNumericId('user', userId)}/`, {
    count: String(page.count ?? FEED_PAGE_SIZE),
    max_id: page.maxId,
  });
}

export function buildTaggedRequest(
  ctx: RequestContext,
  userId: string,
  page: { maxId?: string; count?: number } = {},
): InstagramRequest {
  return webGet(ctx, 'usertags/feed', `/api/v1/usertags/${requireNumericId('user', userId)}/feed/`, {
    count: String(page.count ?? TAGGED_PAGE_SIZE),
    max_id: page.maxId,
  });
}

/** The reels tab: a POST form, paged by `paging_info.max_id`. */
export function buildClipsRequest(
  ctx: RequestContext,
  userId: string,
  page: { maxId?: string; pageSize?: number } = {},
): InstagramRequest {
  const form = new URLSearchParams({
    target_user_id: requireNumericId('user', userId),
    page_size: String(page.pageSize ?? CLIPS_PAGE_SIZE),
    include_feed_video: 'true',
  });
  if (page.maxId !== undefined) form.set('max_id', page.maxId);
  return {
    method: 'POST',
    url: `${trimBase(ctx.webBaseUrl)}/api/v1/clips/user/`,
    headers: webHeaders(ctx, 'POST'),
    body: form.toString(),
    family: 'api_v1',
    endpoint: 'clips/user',
  };
}

/** Media metadata from i.instagram.com, which carries the highest-quality URLs. */
export function buildMediaInfoRequest(ctx: RequestContext, mediaId: string): InstagramRequest {
  const pk = requireNumericId('media', mediaId.split('_')[0] ?? '');
  return {
    method: 'GET',
    url: `${trimBase(ctx.apiBaseUrl)}/api/v1/media/${pk}/info/`,
    headers: mobileHeaders(ctx),
    family: 'iphone',
    endpoint: 'media/info',
  };
}

export function buildMediaByShortcodeRequest(ctx: RequestContext, shortcode: string): InstagramRequest {
  return buildMediaInfoRequest(ctx, shortcodeToMediaId(shortcode));
}

export function buildUserInfoRequest(ctx: RequestContext, userId: string): InstagramRequest {
  return {
    method: 'GET',
    url: `${trimBase(ctx.apiBaseUrl)}/api/v1/users/${requireNumericId('user', userId)}/info/`,
    headers: mobileHeaders(ctx),
    family: 'iphone',
    endpoint: 'users/info',
  };
}

/** Stories (reel id = user pk) and highlight items (reel id = "highlight:<n>"). */
export function buildReelsMediaRequest(ctx: RequestContext, reelIds: readonly string[]): InstagramRequest {
  if (reelIds.length === 0) throw new Error('reels_media needs at least one reel id');
  const params = new URLSearchParams();
  for (const id of reelIds) {
    if (!/^(highlight:)?\d+$/.test(id))
      throw new Error(`Invalid reel id "${id}": expected "<user pk>" or "highlight:<n>"`);
    params.append('reel_ids', id);
  }
  return {
    method: 'GET',
    url: `${trimBase(ctx.webBaseUrl)}/api/v1/feed/reels_media/?${params.toString()}`,
    headers: webHeaders(ctx),
    family: 'api_v1',
    endpoint: 'feed/reels_media',
  };
}

export function buildHighlightsTrayRequest(ctx: RequestContext, userId: string): InstagramRequest {
  return webGet(ctx, 'highlights/tray', `/api/v1/highlights/${requireNumericId('user', userId)}/highlights_tray/`);
}

/** Session check: the legacy GraphQL query answering `data.user.username` for the logged-in viewer. */
export function buildCurrentUserRequest(ctx: RequestContext, queryHash = CURRENT_USER_QUERY_HASH): InstagramRequest {
  return {
    method: 'GET',
    url: withQuery(`${trimBase(ctx.webBaseUrl)}/graphql/query/`, { query_hash: queryHash, variables: '{}' }),
    headers: webHeaders(ctx),
    family: 'graphql',
    endpoint: 'graphql/current_user',
  };
}

/** Today's GraphQL ids of the second path (configuration: INSTAGRAM_TIMELINE_DOC_ID, INSTAGRAM_SHORTCODE_DOC_ID). */
export const TIMELINE_DOC_ID = '34579740524958711';
export const SHORTCODE_DOC_ID = '8845758582119845';
export const GRAPHQL_PAGE_SIZE = 12;

/** The web app's `POST /graphql/query` with a `doc_id` (form fields `doc_id`, `variables`, `server_timestamps`). */
export function buildDocIdRequest(
  ctx: RequestContext,
  docId: string,
  variables: Record<string, unknown>,
  endpoint: string,
): InstagramRequest {
  if (!/^\d+$/.test(docId)) throw new Error(`Invalid Instagram doc_id "${docId}": expected digits`);
  const form = new URLSearchParams({ doc_id: docId, variables: JSON.stringify(variables), server_timestamps: 'true' });
  return {
    method: 'POST',
    url: `${trimBase(ctx.webBaseUrl)}/graphql/query`,
    headers: webHeaders(ctx, 'POST'),
    body: form.toString(),
    family: 'graphql',
    endpoint,
  };
}

/** Profile posts as the web app pages them (PolarisProfilePostsQuery): `xdt_api__v1__feed__user_timeline_graphql_connection`. */
export function buildTimelineDocRequest(
  ctx: RequestContext,
  docId: string,
  user: { id: string; username?: string | undefined },
  after?: string,
): InstagramRequest {
  return buildDocIdRequest(
    ctx,
    docId,
    {
      data: {
        count: GRAPHQL_PAGE_SIZE,
        include_relationship_info: true,
        latest_besties_reel_media: true,
        latest_reel_media: true,
      },
      id: requireNumericId('user', user.id),
      ...(user.username ? { username: user.username } : {}),
      after: after ?? null,
      before: null,
      first: GRAPHQL_PAGE_SIZE,
      last: null,
      __relay_internal__pv__PolarisFeedShareMenurelayprovider: false,
    },
    'graphql/user_timeline',
  );
}

/** One post by shortcode (PolarisPostRootQuery family): `xdt_shortcode_media`. */
export function buildShortcodeDocRequest(ctx: RequestContext, docId: string, shortcode: string): InstagramRequest {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(shortcode)) throw new Error(`Invalid Instagram shortcode "${shortcode}"`);
  return buildDocIdRequest(ctx, docId, { shortcode }, 'graphql/shortcode_media');
}
