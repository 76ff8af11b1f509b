/** www.instagram.com and i.instagram.com routes of the fake, with Instagram's checks, errors and pagination. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canSee, type Exchange, type FakeHost, fail, loginRedirect, notFound, reply } from './exchange.js';
import type { FakeFault } from './faults.js';
import { handleGraphql, QUERY_IDS } from './graphql-routes.js';
import { parseCookies, readBody, redirect, sendJson, sendText } from './http-util.js';
import type { FakeMedia, FakeProfile } from './model.js';
import {
  renderHighlightTrayEntry,
  renderProfileUser,
  renderReel,
  renderUserStub,
  renderV1Item,
  type RenderContext,
} from './render.js';

export type { FakeHost } from './exchange.js';
export const CURRENT_USER_QUERY_HASH = QUERY_IDS.currentUser;

/** Answers an armed API-level fault; returns its status, or undefined when the fault is not an API fault. */
function answerFault(res: ServerResponse, url: URL, fault: FakeFault): number | undefined {
  switch (fault.type) {
    case 'rate_limit':
      sendJson(res, 429, fail('Please wait a few minutes before you try again.'), {
        'Retry-After': String(fault.retryAfterSec ?? 60),
      });
      return 429;
    case 'please_wait':
      sendJson(res, 401, {
        message: 'Please wait a few minutes before you try again.',
        require_login: true,
        igweb_rollout: true,
        status: 'fail',
      });
      return 401;
    case 'checkpoint':
      sendJson(
        res,
        400,
        fail('checkpoint_required', {
          checkpoint_url: 'https://i.instagram.com/challenge/1234567890/AbCdEf/',
          lock: true,
          error_type: 'checkpoint_challenge_required',
        }),
      );
      return 400;
    case 'challenge':
      sendJson(
        res,
        400,
        fail('challenge_required', {
          challenge: {
            url: 'https://i.instagram.com/challenge/1234567890/AbCdEf/',
            api_path: '/challenge/1234567890/AbCdEf/',
            lock: true,
            logout: false,
            native_flow: true,
          },
          error_type: 'checkpoint_challenge_required',
        }),
      );
      return 400;
    case 'feedback':
      sendJson(
        res,
        400,
        fail('feedback_required', {
          spam: true,
          feedback_title: 'Try Again Later',
          feedback_action: 'report_problem',
          feedback_url: '',
          feedback_message: 'We limit how often you can do certain things on Instagram to protect our community.',
        }),
      );
      return 400;
    case 'login_redirect':
      redirect(res, `/accounts/login/?next=${encodeURIComponent(url.pathname)}`);
      return 302;
    case 'challenge_redirect':
      redirect(res, '/challenge/1234567890/AbCdEf/');
      return 302;
    case 'home_redirect':
      redirect(res, '/');
      return 302;
    case 'graphql_error':
      sendJson(res, 200, {
        errors: [{ message: 'execution error', code: 1675002, summary: 'Incorrect Query', severity: 'CRITICAL' }],
        status: 'ok',
      });
      return 200;
    case 'status':
      sendText(
        res,
        fault.status,
        fault.body ?? JSON.stringify(fail(`HTTP ${fault.status}`)),
        'application/json; charset=utf-8',
      );
      return fault.status;
    default:
      return undefined;
  }
}

function profileById(ex: Exchange, id: string): FakeProfile | number {
  const profile = ex.ctx.store.profilesById.get(id);
  if (!profile) {
    sendJson(ex.res, 404, fail('User not found'));
    return 404;
  }
  if (!canSee(profile, ex.viewer)) {
    sendJson(ex.res, 400, fail('Not authorized to view user'));
    return 400;
  }
  return profile;
}

interface Page {
  items: FakeMedia[];
  more: boolean;
  cursor: string | null;
}

/** Cursor = "<pk of the last item>_<owner id>"; the next page starts right after that item. */
function paginate(
  ex: Exchange,
  list: FakeMedia[],
  maxId: string | null,
  requested: string | null,
  fallback: number,
): Page | number {
  const count = Math.min(Math.max(Number(requested ?? fallback) || fallback, 1), 50);
  let start = 0;
  if (maxId) {
    const index = list.findIndex((media) => media.pk === maxId.split('_')[0]);
    if (index < 0) {
      sendJson(ex.res, 400, fail('Invalid max_id'));
      return 400;
    }
    start = index + 1;
  }
  const items = list.slice(start, start + count);
  const last = items[items.length - 1];
  const more = start + count < list.length;
  return { items, more, cursor: more && last ? `${last.pk}_${last.ownerId}` : null };
}

function feedReply(ex: Exchange, page: Page | number): number {
  if (typeof page === 'number') return page;
  return reply(ex, {
    items: page.items.map((media) => renderV1Item(ex.ctx, media)),
    num_results: page.items.length,
    more_available: page.more,
    ...(page.cursor ? { next_max_id: page.cursor } : {}),
    auto_load_more_enabled: true,
  });
}

type Handler = (ex: Exchange, params: string[]) => number;
interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  hosts: FakeHost[];
  needsSession?: boolean;
  /** Behind the login wall in logged-out mode (anonymous visitors are sent to the login page). */
  walled?: boolean;
  handler: Handler;
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/web_profile_info\/$/,
    hosts: ['web', 'api'],
    handler: (ex) => {
      const profile = ex.ctx.store.profilesByName.get((ex.url.searchParams.get('username') ?? '').toLowerCase());
      if (!profile) return reply(ex, { data: { user: null } });
      const follows = ex.viewer !== undefined && profile.followers.has(ex.viewer);
      return reply(ex, { data: { user: renderProfileUser(ex.ctx, profile, canSee(profile, ex.viewer), follows) } });
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/users\/(\d+)\/info\/$/,
    hosts: ['web', 'api'],
    walled: true,
    handler: (ex, [id = '']) => {
      const profile = ex.ctx.store.profilesById.get(id);
      if (!profile) return (sendJson(ex.res, 404, fail('User not found')), 404);
      return reply(ex, {
        user: { ...renderUserStub(ex.ctx, profile), media_count: profile.posts.length, biography: profile.biography },
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/feed\/user\/(\d+)\/$/,
    hosts: ['web', 'api'],
    walled: true,
    handler: (ex, [id = '']) => {
      const profile = profileById(ex, id);
      if (typeof profile === 'number') return profile;
      const q = ex.url.searchParams;
      return feedReply(ex, paginate(ex, ex.ctx.store.feedOrder(profile), q.get('max_id'), q.get('count'), 12));
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/feed\/user\/([A-Za-z0-9._]{1,30})\/username\/$/,
    hosts: ['web', 'api'],
    walled: true,
    handler: (ex, [username = '']) => {
      const found = ex.ctx.store.profilesByName.get(username.toLowerCase());
      const profile = found ? profileById(ex, found.id) : notFound(ex, 'User not found');
      if (typeof profile === 'number') return profile;
      const q = ex.url.searchParams;
      return feedReply(ex, paginate(ex, ex.ctx.store.feedOrder(profile), q.get('max_id'), q.get('count'), 12));
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/usertags\/(\d+)\/feed\/$/,
    hosts: ['web', 'api'],
    walled: true,
    handler: (ex, [id = '']) => {
      const profile = profileById(ex, id);
      if (typeof profile === 'number') return profile;
      const q = ex.url.searchParams;
      return feedReply(ex, paginate(ex, profile.tagged, q.get('max_id'), q.get('count'), 20));
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/clips\/user\/$/,
    hosts: ['web', 'api'],
    walled: true,
    handler: (ex) => {
      const profile = profileById(ex, ex.form.get('target_user_id') ?? '');
      if (typeof profile === 'number') return profile;
      const clips = ex.ctx.store.feedOrder(profile).filter((media) => media.productType === 'clips');
      const page = paginate(ex, clips, ex.form.get('max_id'), ex.form.get('page_size'), 12);
      if (typeof page === 'number') return page;
      return reply(ex, {
        items: page.items.map((media) => ({ media: renderV1Item(ex.ctx, media) })),
        paging_info: { more_available: page.more, max_id: page.cursor },
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/media\/(\d+)\/info\/$/,
    hosts: ['web', 'api'],
    walled: true,
    handler: (ex, [pk = '']) => {
      const media = ex.ctx.store.mediaByPk.get(pk);
      const owner = media && ex.ctx.store.profilesById.get(media.ownerId);
      if (!media || !owner) return (sendJson(ex.res, 404, fail('Media not found or unavailable')), 404);
      if (!canSee(owner, ex.viewer)) return (sendJson(ex.res, 400, fail('Not authorized to view user')), 400);
      return reply(ex, { items: [renderV1Item(ex.ctx, media)], num_results: 1, more_available: false });
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/feed\/reels_media\/$/,
    hosts: ['web', 'api'],
    needsSession: true,
    handler: (ex) => {
      const reels: Record<string, unknown> = {};
      for (const reelId of ex.url.searchParams.getAll('reel_ids')) {
        const highlightId = reelId.match(/^highlight:(\d+)$/)?.[1];
        if (highlightId) {
          const found = ex.ctx.store.highlightsById.get(highlightId);
          if (found && canSee(found.owner, ex.viewer))
            reels[reelId] = renderReel(ex.ctx, reelId, found.owner, found.highlight.items, found.highlight);
          continue;
        }
        const profile = ex.ctx.store.profilesById.get(reelId);
        if (profile && canSee(profile, ex.viewer) && profile.stories.length > 0)
          reels[reelId] = renderReel(ex.ctx, reelId, profile, profile.stories);
      }
      return reply(ex, { reels, reels_media: Object.values(reels) });
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/highlights\/(\d+)\/highlights_tray\/$/,
    hosts: ['web', 'api'],
    needsSession: true,
    handler: (ex, [id = '']) => {
      const profile = profileById(ex, id);
      if (typeof profile === 'number') return profile;
      return reply(ex, {
        tray: profile.highlights.map((h) => renderHighlightTrayEntry(ex.ctx, profile, h)),
        show_empty_state: false,
      });
    },
  },
];

function page(ex: Exchange, status: number, title: string, body = ''): number {
  sendText(ex.res, status, `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`);
  return status;
}

/** The HTML pages clients scrape: tokens from the home page, ids from profile and post pages. */
function handlePage(ex: Exchange): number {
  const { pathname } = ex.url;
  if (pathname === '/') {
    ex.res.setHeader('Set-Cookie', [
      'csrftoken=fakecsrf0123456789abcdef01234567; Path=/; Domain=.instagram.com; Secure',
      'mid=FAKEMID; Path=/; Domain=.instagram.com',
      'ig_did=FAKE-DEVICE; Path=/; Domain=.instagram.com',
    ]);
    const lsd = '<script type="application/json">{"require":[["LSD",[],{"token":"FAKELSD"},323]]}</script>';
    return page(ex, 200, 'Instagram', `<script id="__eqmc" type="application/json">{"l":"FAKELSD"}</script>${lsd}`);
  }
  if (pathname.startsWith('/accounts/login')) return page(ex, 200, 'Login • Instagram');
  const post = pathname.match(/^\/(?:p|reel|reels|tv)\/([A-Za-z0-9_-]+)\/?$/)?.[1];
  if (post) {
    const media = [...ex.ctx.store.mediaByPk.values()].find((m) => m.code === post && m.productType !== 'story');
    if (!media) return page(ex, 404, 'Page not found • Instagram');
    return page(
      ex,
      200,
      `Instagram post ${media.code}`,
      `<meta property="al:ios:url" content="instagram://media?id=${media.pk}">` +
        `<script type="application/json">{"media_id":"${media.pk}","shortcode":"${media.code}"}</script>`,
    );
  }
  const profile = ex.ctx.store.profilesByName.get(pathname.split('/')[1]?.toLowerCase() ?? '');
  if (profile)
    return page(
      ex,
      200,
      `${profile.fullName} (@${profile.username}) • Instagram photos and videos`,
      `<meta property="al:ios:url" content="instagram://user?username=${profile.username}">` +
        `<script type="application/json">{"profile_id":"${profile.id}","user_id":"${profile.id}"}</script>`,
    );
  return page(ex, 404, 'Page not found • Instagram');
}

/** i.instagram.com knows the Instagram apps by their User-Agent ("Instagram 361.0.0.35.82 (iPhone…"). */
function isInstagramApp(req: IncomingMessage): boolean {
  return /^Instagram \d/.test(req.headers['user-agent'] ?? '');
}

export async function handleApi(
  ctx: RenderContext,
  host: FakeHost,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  fault?: FakeFault,
): Promise<number> {
  const method = req.method ?? 'GET';
  const isApi = url.pathname.startsWith('/api/') || /^\/graphql\/query\/?$/.test(url.pathname);
  const cookies = parseCookies(req.headers.cookie);
  const sessionUser = cookies['sessionid']
    ? ctx.store.sessions.get(decodeURIComponent(cookies['sessionid']))
    : undefined;
  const ex: Exchange = { ctx, host, req, res, url, viewer: sessionUser, form: new URLSearchParams() };
  if (fault) {
    const status = answerFault(res, url, fault);
    if (status !== undefined) return status;
  }
  if (!isApi) return handlePage(ex);
  const isGraphql = host === 'web' && /^\/(?:graphql\/query\/?|api\/graphql\/?)$/.test(url.pathname);
  if (!isGraphql && !req.headers['x-ig-app-id'] && !(host === 'api' && isInstagramApp(req)))
    return (sendJson(res, 400, fail('useragent mismatch')), 400);
  if (cookies['sessionid'] && !sessionUser) return loginRedirect(ex);
  if (method === 'POST') {
    const csrf = req.headers['x-csrftoken'];
    if (!csrf || csrf !== cookies['csrftoken'])
      return (sendJson(res, 403, fail('CSRF token missing or incorrect')), 403);
    ex.form = new URLSearchParams(await readBody(req));
  }
  if (isGraphql) return handleGraphql(ex);
  for (const route of ROUTES) {
    const match = url.pathname.match(route.pattern);
    if (!match || !route.hosts.includes(host)) continue;
    if (route.method !== method) return (sendJson(res, 405, fail(`Method ${method} not allowed`)), 405);
    if (route.needsSession && !ex.viewer) return loginRedirect(ex);
    if (route.walled && ctx.loggedOutWall && !ex.viewer) return loginRedirect(ex);
    return route.handler(ex, match.slice(1));
  }
  sendJson(res, 404, fail('Page not found'));
  return 404;
}
