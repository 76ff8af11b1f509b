/**
 * www.instagram.com GraphQL: legacy `GET /graphql/query/?query_hash=`, `POST /graphql/query` with `doc_id`, and the
 * Relay `POST /api/graphql`. Each known id answers in the shape the web app (and gallery-dl/instaloader) read;
 * any other id gets the HTTP 200 "Incorrect Query" error Instagram gives to a retired id.
 */
import { canSee, type Exchange, loginRedirect, reply, staleQuery } from './exchange.js';
import type { FakeHighlight, FakeMedia, FakeProfile } from './model.js';
import { imageUrl, renderGraphqlNode, renderUserStub, renderV1Item, type RenderContext, videoUrl } from './render.js';

/** Ids as of the reference (§1.3); each is data a client configures, so the fake knows them all by name. */
export const QUERY_IDS = {
  currentUser: 'd6f4427fbe92d846298cf93df0b937d3',
  profilePosts: ['003056d32c2554def87228bc3fd9668a', '69cba40317214236af40e7efa697781d'],
  tagged: ['e31a871f7301132ceaab56507a66bbb7', 'be13233562af2d229b008d2976b998b5'],
  felixVideos: ['bc78b344a68ed16dd5d7f264681c4c76'],
  shortcodeMedia: ['2b0673e0dc4580674a88d426fe00ea90', '9f8827793ef34641b2fb195d4d41151c'],
  userReelInfo: [
    '7c16654f22c819fb63d1183034a5162f',
    'd4d88dc1500312af6f937f7b804c68c3',
    '9ca88e465c3f866a76f7adee3871bdd8',
  ],
  storyReels: ['303a4ae99711322310f25250d988f3b7'],
  highlightReels: ['45246d3fe16ccc6577e0bd297a5db1ab'],
  reelsTray: ['d15efd8c0c5b23f0ef71f18bf363c704'],
  timelineDocs: ['7898261790222653', '7950326061742207', '34579740524958711'],
  shortcodeDocs: ['8845758582119845', '27128499623469141'],
} as const;

type Vars = Record<string, unknown>;
/** Returns the `data` object, or a status number when the answer was already sent. */
type QueryHandler = (ex: Exchange, vars: Vars) => Record<string, unknown> | number;

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Both cursor styles: the v1 `<pk>_<owner>` and the GraphQL base64 `end_cursor` of a pk. */
function cursorPk(after: unknown): string | undefined {
  const text = str(after);
  if (text === '') return undefined;
  if (/^\d+(_\d+)?$/.test(text)) return text.split('_')[0];
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return /^\d+$/.test(decoded) ? decoded : 'invalid';
}

interface Slice {
  items: FakeMedia[];
  hasNext: boolean;
  endCursor: string | null;
}

function slice(list: FakeMedia[], after: unknown, first: unknown, fallback = 12): Slice {
  const count = Math.min(Math.max(Number(first) || fallback, 1), 50);
  const pk = cursorPk(after);
  const start = pk === undefined ? 0 : list.findIndex((media) => media.pk === pk) + 1;
  const items = start <= 0 && pk !== undefined ? [] : list.slice(start, start + count);
  const last = items[items.length - 1];
  const hasNext = items.length > 0 && start + count < list.length;
  return { items, hasNext, endCursor: hasNext && last ? Buffer.from(last.pk).toString('base64') : null };
}

function edgeOf(ctx: RenderContext, list: FakeMedia[], vars: Vars, total = list.length): Record<string, unknown> {
  const page = slice(list, vars['after'], vars['first']);
  return {
    count: total,
    page_info: { has_next_page: page.hasNext, end_cursor: page.endCursor },
    edges: page.items.map((media) => ({ node: renderGraphqlNode(ctx, media) })),
  };
}

function profileFor(ex: Exchange, vars: Vars): FakeProfile | undefined {
  const store = ex.ctx.store;
  const byId = store.profilesById.get(str(vars['id'] ?? vars['user_id']));
  const profile = byId ?? store.profilesByName.get(str(vars['username']).toLowerCase());
  return profile && canSee(profile, ex.viewer) ? profile : undefined;
}

function ownerOf(ctx: RenderContext, media: FakeMedia): Record<string, unknown> {
  const owner = ctx.store.profilesById.get(media.ownerId)!;
  return {
    id: owner.id,
    username: owner.username,
    full_name: owner.fullName,
    profile_pic_url: renderUserStub(ctx, owner)['profile_pic_url'],
    is_private: owner.isPrivate,
    is_verified: false,
  };
}

/** `shortcode_media` (legacy) or `xdt_shortcode_media` (doc_id): the full node, videos of children included. */
function shortcodeMedia(ctx: RenderContext, media: FakeMedia, xdt: boolean): Record<string, unknown> {
  const node = renderGraphqlNode(ctx, media);
  const typename = str(node['__typename']);
  return {
    ...node,
    __typename: xdt ? `XDT${typename}` : typename,
    owner: ownerOf(ctx, media),
    edge_media_to_parent_comment: { count: media.commentCount, page_info: { has_next_page: false }, edges: [] },
    edge_media_to_tagged_user: { edges: [] },
    viewer_has_liked: false,
  };
}

/** A GraphQL story item (instaloader's GraphStoryImage/GraphStoryVideo). */
function storyNode(ctx: RenderContext, media: FakeMedia): Record<string, unknown> {
  const r = media.resources[0]!;
  const isVideo = r.kind === 'video';
  return {
    __typename: isVideo ? 'GraphStoryVideo' : 'GraphStoryImage',
    id: media.pk,
    taken_at_timestamp: media.takenAt,
    expiring_at_timestamp: media.expiringAt ?? media.takenAt + 86_400,
    is_video: isVideo,
    dimensions: { width: r.width, height: r.height },
    display_resources: [
      { src: imageUrl(ctx, r.pk, r.width, r.height), config_width: r.width, config_height: r.height },
    ],
    ...(isVideo
      ? {
          video_resources: [
            {
              src: videoUrl(ctx, r.pk, r.width, r.height),
              config_width: r.width,
              config_height: r.height,
              profile: 'MAIN',
            },
          ],
          video_duration: r.durationSec ?? 2,
        }
      : {}),
    owner: { id: media.ownerId },
  };
}

function graphReel(ctx: RenderContext, id: string, owner: FakeProfile, items: FakeMedia[], highlight?: FakeHighlight) {
  const user = { ...ownerOf(ctx, items[0] ?? ({ ownerId: owner.id } as FakeMedia)), __typename: 'GraphUser' };
  return {
    __typename: highlight ? 'GraphHighlightReel' : 'GraphReel',
    id,
    latest_reel_media: Math.max(0, ...items.map((item) => item.takenAt)),
    expiring_at: Math.max(0, ...items.map((item) => item.expiringAt ?? item.takenAt + 86_400)),
    seen: null,
    owner: user,
    user,
    ...(highlight ? { title: highlight.title } : {}),
    items: items.map((item) => storyNode(ctx, item)),
  };
}

function highlightNode(ctx: RenderContext, owner: FakeProfile, highlight: FakeHighlight): Record<string, unknown> {
  const cover = highlight.items[0]?.resources[0];
  const coverUrl = cover ? imageUrl(ctx, cover.pk, 150, 150, true) : null;
  return {
    __typename: 'GraphHighlightReel',
    id: highlight.id,
    title: highlight.title,
    cover_media: { thumbnail_src: coverUrl },
    cover_media_cropped_thumbnail: { url: coverUrl },
    owner: {
      __typename: 'GraphUser',
      id: owner.id,
      username: owner.username,
      profile_pic_url: renderUserStub(ctx, owner)['profile_pic_url'],
    },
  };
}

const needsViewer =
  (handler: QueryHandler): QueryHandler =>
  (ex, vars) =>
    ex.viewer ? handler(ex, vars) : loginRedirect(ex);

/** Anonymous requests meet the login wall in logged-out mode. */
const walled =
  (handler: QueryHandler): QueryHandler =>
  (ex, vars) =>
    ex.ctx.loggedOutWall && !ex.viewer ? loginRedirect(ex) : handler(ex, vars);

const handlers = new Map<string, QueryHandler>();
const on = (ids: readonly string[], handler: QueryHandler) => {
  for (const id of ids) handlers.set(id, handler);
};

on([QUERY_IDS.currentUser], (ex) => ({ user: ex.viewer ? { username: ex.viewer } : null }));
on(
  QUERY_IDS.profilePosts,
  walled((ex, vars) => {
    const profile = profileFor(ex, vars);
    if (!profile) return { user: null };
    return { user: { edge_owner_to_timeline_media: edgeOf(ex.ctx, ex.ctx.store.feedOrder(profile), vars) } };
  }),
);
on(
  QUERY_IDS.tagged,
  walled((ex, vars) => {
    const profile = profileFor(ex, vars);
    return { user: profile ? { edge_user_to_photos_of_you: edgeOf(ex.ctx, profile.tagged, vars) } : null };
  }),
);
on(
  QUERY_IDS.felixVideos,
  walled((ex, vars) => {
    const profile = profileFor(ex, vars);
    const clips = profile ? ex.ctx.store.feedOrder(profile).filter((media) => media.productType === 'clips') : [];
    return { user: profile ? { edge_felix_video_timeline: edgeOf(ex.ctx, clips, vars) } : null };
  }),
);
on(
  QUERY_IDS.shortcodeMedia,
  walled((ex, vars) => {
    const media = mediaByCode(ex, str(vars['shortcode']));
    return { shortcode_media: media ? shortcodeMedia(ex.ctx, media, false) : null };
  }),
);
on(
  QUERY_IDS.shortcodeDocs,
  walled((ex, vars) => {
    const media = mediaByCode(ex, str(vars['shortcode']));
    return { xdt_shortcode_media: media ? shortcodeMedia(ex.ctx, media, true) : null };
  }),
);
on(
  QUERY_IDS.userReelInfo,
  needsViewer((ex, vars) => {
    const profile = profileFor(ex, vars);
    if (!profile) return { user: null };
    return {
      user: {
        id: profile.id,
        has_public_story: profile.stories.length > 0,
        reel: {
          id: profile.id,
          owner: { ...ownerOf(ex.ctx, { ownerId: profile.id } as FakeMedia), __typename: 'GraphUser' },
        },
        edge_highlight_reels: {
          edges: profile.highlights.map((highlight) => ({ node: highlightNode(ex.ctx, profile, highlight) })),
        },
      },
    };
  }),
);
on(
  QUERY_IDS.storyReels,
  needsViewer((ex, vars) => {
    const ids = Array.isArray(vars['reel_ids']) ? vars['reel_ids'].map(str) : [];
    const reels = ids
      .map((id) => ex.ctx.store.profilesById.get(id))
      .filter((p): p is FakeProfile => p !== undefined && canSee(p, ex.viewer) && p.stories.length > 0)
      .map((p) => graphReel(ex.ctx, p.id, p, p.stories));
    return { reels_media: reels };
  }),
);
on(
  QUERY_IDS.highlightReels,
  needsViewer((ex, vars) => {
    const ids = Array.isArray(vars['highlight_reel_ids']) ? vars['highlight_reel_ids'].map(str) : [];
    const reels = ids.flatMap((id) => {
      const found = ex.ctx.store.highlightsById.get(id);
      if (!found || !canSee(found.owner, ex.viewer)) return [];
      return [graphReel(ex.ctx, id, found.owner, found.highlight.items, found.highlight)];
    });
    return { reels_media: reels };
  }),
);
on(
  QUERY_IDS.reelsTray,
  needsViewer((ex) => ({
    user: {
      feed_reels_tray: {
        edge_reels_tray_to_reel: {
          edges: [...ex.ctx.store.profilesById.values()]
            .filter((p) => p.stories.length > 0 && canSee(p, ex.viewer))
            .map((p) => ({ node: { id: p.id } })),
        },
      },
    },
  })),
);
on(
  QUERY_IDS.timelineDocs,
  walled((ex, vars) => {
    const profile = profileFor(ex, vars);
    if (!profile) return { xdt_api__v1__feed__user_timeline_graphql_connection: null };
    const page = slice(
      ex.ctx.store.feedOrder(profile),
      vars['after'],
      vars['first'] ?? (vars['data'] as Vars)?.['count'],
    );
    return {
      xdt_api__v1__feed__user_timeline_graphql_connection: {
        edges: page.items.map((media) => ({
          node: renderV1Item(ex.ctx, media),
          cursor: `${media.pk}_${media.ownerId}`,
        })),
        page_info: {
          has_next_page: page.hasNext,
          has_previous_page: false,
          start_cursor: null,
          end_cursor: page.hasNext ? `${page.items.at(-1)!.pk}_${page.items.at(-1)!.ownerId}` : null,
        },
      },
    };
  }),
);

function mediaByCode(ex: Exchange, code: string): FakeMedia | undefined {
  const media = [...ex.ctx.store.mediaByPk.values()].find((m) => m.code === code && m.productType !== 'story');
  const owner = media && ex.ctx.store.profilesById.get(media.ownerId);
  return media && owner && canSee(owner, ex.viewer) ? media : undefined;
}

function parseVariables(text: string | null): Vars | undefined {
  try {
    const parsed: unknown = JSON.parse(text ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Vars) : undefined;
  } catch {
    return undefined;
  }
}

/** `/graphql/query` (GET query_hash, POST doc_id) and POST `/api/graphql`. */
export function handleGraphql(ex: Exchange): number {
  const source = ex.req.method === 'POST' ? ex.form : ex.url.searchParams;
  const id = source.get('query_hash') ?? source.get('doc_id') ?? '';
  const handler = handlers.get(id);
  const vars = parseVariables(source.get('variables'));
  if (!handler || !vars) return staleQuery(ex);
  const data = handler(ex, vars);
  return typeof data === 'number' ? data : reply(ex, { data });
}
