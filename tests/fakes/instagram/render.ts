/** Renders fake state in Instagram's JSON shapes (v1 items, GraphQL nodes, profiles, reels, trays) with signed CDN URLs. */
import { createHmac } from 'node:crypto';
import type { FakeHighlight, FakeMedia, FakeProfile, FakeResource, FakeStore } from './model.js';

export interface RenderContext {
  store: FakeStore;
  cdnUrl: string;
  secret: string;
  /** Signed URLs expire this long after rendering (the `oe` parameter). */
  urlTtlSec: number;
  nowSec: () => number;
  /** Public https origin of www.instagram.com when served under the real host names (absolute redirects). */
  publicWebUrl?: string;
  /** Logged-out reality: anonymous visitors get the profile and its newest 12 posts, everything else needs login. */
  loggedOutWall: boolean;
}

export function signature(secret: string, path: string, oe: string, generation: string): string {
  return createHmac('sha256', secret).update(`${path}|${oe}|${generation}`).digest('hex').slice(0, 32);
}

function signedUrl(ctx: RenderContext, path: string, stp: string, resourcePk: string, extra = ''): string {
  const oe = (ctx.nowSec() + ctx.urlTtlSec).toString(16).toUpperCase();
  const gen = String(ctx.store.generation(resourcePk));
  const oh = `00_${signature(ctx.secret, path, oe, gen)}`;
  return `${ctx.cdnUrl}${path}?stp=${stp}&_nc_ht=fake-cdn&_nc_cat=1&_nc_ohc=FAKE&ccb=7-5${extra}&_nc_gid=${gen}&oh=${oh}&oe=${oe}&_nc_sid=fake`;
}

export function imageUrl(ctx: RenderContext, pk: string, width: number, height: number, crop = false): string {
  const path = `/cdn/v/t51.2885-15/${pk}_${width}x${height}${crop ? '_crop' : ''}_n.jpg`;
  const stp = crop
    ? `c0.${Math.round(width / 4)}.${width}.${height}a_dst-jpg_e35_s${width}x${height}`
    : `dst-jpg_e35_p${width}x${height}_tt6`;
  return signedUrl(ctx, path, stp, pk);
}

export function videoUrl(ctx: RenderContext, pk: string, width: number, height: number): string {
  return signedUrl(
    ctx,
    `/cdn/o1/v/t16/f2/m86/${pk}_${width}x${height}.mp4`,
    'dst-mp4',
    pk,
    `&efg=${Buffer.from(JSON.stringify({ vencode_tag: `xpids.${width}x${height}.sdr.C3` })).toString('base64url')}`,
  );
}

export function profilePicUrl(ctx: RenderContext, userId: string, size: number): string {
  return signedUrl(ctx, `/cdn/v/t51.2885-19/${userId}_${size}x${size}_n.jpg`, `dst-jpg_s${size}x${size}`, userId);
}

function half(value: number): number {
  return Math.max(2, Math.round(value / 4) * 2);
}

/** Full size first, then (for non-square frames) a centre square crop, then a half-size copy. */
function imageCandidates(ctx: RenderContext, r: FakeResource): Array<{ width: number; height: number; url: string }> {
  const candidates = [
    { width: r.width, height: r.height, url: imageUrl(ctx, r.pk, r.width, r.height) },
    { width: half(r.width), height: half(r.height), url: imageUrl(ctx, r.pk, half(r.width), half(r.height)) },
  ];
  if (r.width !== r.height) {
    const side = Math.min(r.width, r.height);
    candidates.splice(1, 0, { width: side, height: side, url: imageUrl(ctx, r.pk, side, side, true) });
  }
  return candidates;
}

function videoVersions(ctx: RenderContext, r: FakeResource): Array<Record<string, unknown>> {
  // Smaller variant listed first, so "take [0]" is wrong and "take the largest" is right.
  return [
    {
      type: 102,
      id: `${r.pk}2`,
      width: half(r.width),
      height: half(r.height),
      url: videoUrl(ctx, r.pk, half(r.width), half(r.height)),
    },
    { type: 101, id: `${r.pk}1`, width: r.width, height: r.height, url: videoUrl(ctx, r.pk, r.width, r.height) },
  ];
}

export function renderUserStub(ctx: RenderContext, profile: FakeProfile): Record<string, unknown> {
  return {
    pk: profile.id,
    id: profile.id,
    username: profile.username,
    full_name: profile.fullName,
    is_private: profile.isPrivate,
    is_verified: false,
    profile_pic_url: profilePicUrl(ctx, profile.id, 150),
  };
}

function renderResourceFields(ctx: RenderContext, r: FakeResource, mediaType: number): Record<string, unknown> {
  return {
    media_type: mediaType,
    image_versions2: { candidates: imageCandidates(ctx, r) },
    original_width: r.width,
    original_height: r.height,
    // Instagram leaves `video_versions` out for photos (a null there crashes gallery-dl).
    ...(r.kind === 'video'
      ? { video_versions: videoVersions(ctx, r), video_duration: r.durationSec ?? 2, has_audio: true }
      : {}),
  };
}

/** A v1 media item (feed/user, usertags, media/info, clips `media`, reels items). */
export function renderV1Item(ctx: RenderContext, media: FakeMedia): Record<string, unknown> {
  const owner = ctx.store.profilesById.get(media.ownerId)!;
  const first = media.resources[0]!;
  const base: Record<string, unknown> = {
    pk: media.pk,
    id: `${media.pk}_${owner.id}`,
    code: media.code,
    taken_at: media.takenAt,
    product_type: media.productType,
    caption:
      media.caption === null
        ? null
        : { pk: `179${media.pk.slice(-14)}`, text: media.caption, created_at: media.takenAt },
    user: renderUserStub(ctx, owner),
    like_count: media.likeCount,
    has_liked: false,
    comment_count: media.commentCount,
    location: media.location ? { ...media.location, short_name: media.location.name.split(',')[0] } : null,
    usertags: { in: [] },
    coauthor_producers: [],
    ...(media.pinned ? { timeline_pinned_user_ids: [Number(owner.id)] } : {}),
    ...(media.expiringAt ? { expiring_at: media.expiringAt } : {}),
  };
  if (media.mediaType !== 8) return { ...base, ...renderResourceFields(ctx, first, media.mediaType) };
  return {
    ...base,
    media_type: 8,
    carousel_media_count: media.resources.length,
    image_versions2: { candidates: imageCandidates(ctx, first) },
    carousel_media: media.resources.map((child) => ({
      pk: child.pk,
      id: `${child.pk}_${owner.id}`,
      carousel_parent_id: `${media.pk}_${owner.id}`,
      taken_at: media.takenAt,
      usertags: { in: [] },
      ...renderResourceFields(ctx, child, child.kind === 'video' ? 2 : 1),
    })),
  };
}

export function renderGraphqlResource(ctx: RenderContext, r: FakeResource): Record<string, unknown> {
  return {
    id: r.pk,
    dimensions: { height: r.height, width: r.width },
    display_url: imageUrl(ctx, r.pk, r.width, r.height),
    display_resources: [
      {
        src: imageUrl(ctx, r.pk, half(r.width), half(r.height)),
        config_width: half(r.width),
        config_height: half(r.height),
      },
      { src: imageUrl(ctx, r.pk, r.width, r.height), config_width: r.width, config_height: r.height },
    ],
    is_video: r.kind === 'video',
    ...(r.kind === 'video'
      ? { video_url: videoUrl(ctx, r.pk, r.width, r.height), video_duration: r.durationSec ?? 2 }
      : {}),
  };
}

/** A legacy GraphQL timeline node (web_profile_info `edge_owner_to_timeline_media`). */
export function renderGraphqlNode(ctx: RenderContext, media: FakeMedia): Record<string, unknown> {
  const owner = ctx.store.profilesById.get(media.ownerId)!;
  const typename = media.mediaType === 8 ? 'GraphSidecar' : media.mediaType === 2 ? 'GraphVideo' : 'GraphImage';
  return {
    __typename: typename,
    shortcode: media.code,
    ...renderGraphqlResource(ctx, media.resources[0]!),
    id: media.pk,
    taken_at_timestamp: media.takenAt,
    product_type: media.productType,
    edge_media_to_caption: { edges: media.caption === null ? [] : [{ node: { text: media.caption } }] },
    edge_media_preview_like: { count: media.likeCount },
    edge_media_to_comment: { count: media.commentCount },
    owner: { id: owner.id, username: owner.username },
    location: media.location
      ? {
          id: String(media.location.pk),
          has_public_page: true,
          name: media.location.name,
          slug: media.location.name
            .split(',')[0]!
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-'),
          lat: media.location.lat,
          lng: media.location.lng,
        }
      : null,
    pinned_for_users: media.pinned ? [{ id: owner.id, username: owner.username }] : [],
    ...(media.mediaType === 8
      ? {
          edge_sidecar_to_children: {
            edges: media.resources.map((child) => ({
              node: {
                __typename: child.kind === 'video' ? 'GraphVideo' : 'GraphImage',
                ...renderGraphqlResource(ctx, child),
              },
            })),
          },
        }
      : {}),
  };
}

export function renderProfileUser(
  ctx: RenderContext,
  profile: FakeProfile,
  viewerCanSee: boolean,
  viewerFollows: boolean,
): Record<string, unknown> {
  const ordered = ctx.store.feedOrder(profile);
  const emptyEdge = { count: 0, page_info: { has_next_page: false, end_cursor: null }, edges: [] };
  return {
    id: profile.id,
    username: profile.username,
    full_name: profile.fullName,
    biography: profile.biography,
    external_url: null,
    is_private: profile.isPrivate,
    is_verified: false,
    is_business_account: false,
    business_category_name: null,
    business_email: null,
    business_phone_number: null,
    category_name: null,
    followed_by_viewer: viewerFollows,
    follows_viewer: false,
    blocked_by_viewer: false,
    has_blocked_viewer: false,
    has_requested_viewer: false,
    requested_by_viewer: false,
    profile_pic_url: profilePicUrl(ctx, profile.id, 150),
    profile_pic_url_hd: profilePicUrl(ctx, profile.id, 320),
    edge_followed_by: { count: profile.followers.size },
    edge_follow: { count: 0 },
    edge_mutual_followed_by: { count: 0, edges: [] },
    edge_felix_video_timeline: emptyEdge,
    edge_saved_media: emptyEdge,
    edge_media_collections: emptyEdge,
    edge_owner_to_timeline_media: {
      count: profile.posts.length,
      page_info: {
        has_next_page: viewerCanSee && ordered.length > 12,
        end_cursor: viewerCanSee && ordered.length > 12 ? Buffer.from(ordered[11]!.pk).toString('base64') : null,
      },
      edges: viewerCanSee ? ordered.slice(0, 12).map((media) => ({ node: renderGraphqlNode(ctx, media) })) : [],
    },
  };
}

export function renderReel(
  ctx: RenderContext,
  id: string,
  owner: FakeProfile,
  items: FakeMedia[],
  highlight?: FakeHighlight,
): Record<string, unknown> {
  const latest = Math.max(0, ...items.map((item) => item.takenAt));
  return {
    id,
    reel_type: highlight ? 'highlight_reel' : 'user_reel',
    latest_reel_media: latest,
    ...(highlight ? { title: highlight.title } : { expiring_at: latest + 86_400 }),
    seen: 0,
    media_count: items.length,
    can_reply: !highlight,
    user: renderUserStub(ctx, owner),
    items: items.map((item) => renderV1Item(ctx, item)),
  };
}

export function renderHighlightTrayEntry(
  ctx: RenderContext,
  owner: FakeProfile,
  highlight: FakeHighlight,
): Record<string, unknown> {
  const cover = highlight.items[0]?.resources[0];
  return {
    id: `highlight:${highlight.id}`,
    title: highlight.title,
    media_count: highlight.items.length,
    latest_reel_media: Math.max(0, ...highlight.items.map((item) => item.takenAt)),
    created_at: highlight.items[0]?.takenAt ?? 0,
    is_pinned_highlight: false,
    cover_media: cover
      ? { cropped_image_version: { url: imageUrl(ctx, cover.pk, 150, 150, true), width: 150, height: 150 } }
      : null,
    user: renderUserStub(ctx, owner),
  };
}
