/** www.instagram.com and i.instagram.com routes of the fake, with Instagram's checks, errors and pagination. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeFault } from './faults.js';
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

export type FakeHost = 'web' | 'api';
export const CURRENT_USER_QUERY_HASH = 'd6f4427fbe92d846298cf93df0b937d3';

interface Exchange {
  ctx: RenderContext;
  host: FakeHost;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Username of a valid session, undefined when anonymous. */
  viewer: string | undefined;
  form: URLSearchParams;
}

const fail = (message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message,
  ...extra,
  status: 'fail',
});

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

/** i.instagram.com sends numeric pks; JSON.stringify cannot write 64-bit numbers, so rewrite them in the text. */
function reply(ex: Exchange, body: Record<string, unknown>): number {
  let text = JSON.stringify({ ...body, status: 'ok' });
  if (ex.host === 'api') text = text.replace(/"pk":"(\d+)"/g, '"pk":$1');
  ex.res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...(ex.viewer ? { 'x-ig-set-www-claim': `hmac.AR-fake-${ex.viewer}` } : {}),
  });
  ex.res.end(text);
  return 200;
}

function loginRedirect(ex: Exchange): number {
  redirect(ex.res, `/accounts/login/?next=${encodeURIComponent(ex.url.pathname)}`);
  return 302;
}

function canSee(profile: FakeProfile, viewer: string | undefined): boolean {
  return !profile.isPrivate || (viewer !== undefined && (viewer === profile.username || profile.followers.has(viewer)));
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
    handler: (ex, [id = '']) => {
      const profile = profileById(ex, id);
      if (typeof profile === 'number') return profile;
      const q = ex.url.searchParams;
      return feedReply(ex, paginate(ex, ex.ctx.store.feedOrder(profile), q.get('max_id'), q.get('count'), 12));
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/usertags\/(\d+)\/feed\/$/,
    hosts: ['web', 'api'],
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
  {
    method: 'GET',
    pattern: /^\/graphql\/query\/?$/,
    hosts: ['web'],
    handler: (ex) => {
      if (ex.url.searchParams.get('query_hash') !== CURRENT_USER_QUERY_HASH) {
        return (
          sendJson(ex.res, 200, {
            errors: [{ message: 'execution error', code: 1675002, summary: 'Incorrect Query' }],
            status: 'ok',
          }),
          200
        );
      }
      return reply(ex, { data: { user: ex.viewer ? { username: ex.viewer } : null } });
    },
  },
];

function handlePage(ex: Exchange): number {
  const { pathname } = ex.url;
  if (pathname === '/') {
    ex.res.setHeader('Set-Cookie', [
      'csrftoken=fakecsrf0123456789abcdef01234567; Path=/; Domain=.instagram.com',
      'mid=FAKEMID; Path=/',
      'ig_did=FAKE-DEVICE; Path=/',
    ]);
    sendText(ex.res, 200, '<!doctype html><title>Instagram</title><script id="__eqmc">{"l":"FAKELSD"}</script>');
    return 200;
  }
  if (pathname.startsWith('/accounts/login'))
    return (sendText(ex.res, 200, '<!doctype html><title>Login • Instagram</title>'), 200);
  const profile = ex.ctx.store.profilesByName.get(pathname.split('/')[1]?.toLowerCase() ?? '');
  if (profile)
    return (
      sendText(
        ex.res,
        200,
        `<!doctype html><title>@${profile.username}</title><script>{"profile_id":"${profile.id}"}</script>`,
      ),
      200
    );
  sendText(ex.res, 404, '<!doctype html><title>Page not found • Instagram</title>');
  return 404;
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
  const isApi = url.pathname.startsWith('/api/') || url.pathname.startsWith('/graphql/');
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
  if (!req.headers['x-ig-app-id']) return (sendJson(res, 400, fail('useragent mismatch')), 400);
  if (cookies['sessionid'] && !sessionUser) return loginRedirect(ex);
  if (method === 'POST') {
    const csrf = req.headers['x-csrftoken'];
    if (!csrf || csrf !== cookies['csrftoken'])
      return (sendJson(res, 403, fail('CSRF token missing or incorrect')), 403);
    ex.form = new URLSearchParams(await readBody(req));
  }
  for (const route of ROUTES) {
    const match = url.pathname.match(route.pattern);
    if (!match || !route.hosts.includes(host)) continue;
    if (route.method !== method) return (sendJson(res, 405, fail(`Method ${method} not allowed`)), 405);
    if (route.needsSession && !ex.viewer) return loginRedirect(ex);
    return route.handler(ex, match.slice(1));
  }
  sendJson(res, 404, fail('Page not found'));
  return 404;
}
