/** Normalisation of v1 items, GraphQL nodes, reels and profiles into the InstagramMedia/Profile model. */
import type { z } from 'zod';
import { InstagramError } from './errors.js';
import type { InstagramHighlight, InstagramMedia, InstagramProfile, InstagramResource } from './media.js';
import type { highlightsTraySchema, GqlChild, GqlMedia, ProfileUser, V1CarouselChild, V1Media } from './schemas.js';
import { mediaIdToShortcode, shortcodeToMediaId } from './shortcode.js';

interface Sized {
  url: string;
  width: number;
  height: number;
}
export interface OwnerHint {
  id: string;
  username: string;
}

/** `stp=...c0.248.640.640a...` marks a server-side crop, never the full frame. */
const CROP_TRANSFORM = /[?&]stp=[^&]*\bc\d+(?:\.\d+){3}a/;
const ASPECT_TOLERANCE = 0.03;

export function isCroppedCandidate(url: string): boolean {
  return CROP_TRANSFORM.test(url);
}

/** The largest full-frame image: crops are skipped and, when the original size is known, its aspect ratio wins. */
export function pickBestImage<T extends Sized>(
  candidates: readonly T[],
  original?: { width?: number | null; height?: number | null },
): T | undefined {
  let eligible = candidates.filter((candidate) => !isCroppedCandidate(candidate.url));
  const { width, height } = original ?? {};
  if (width && height) {
    const ratio = width / height;
    const sameAspect = eligible.filter(
      (c) => c.height > 0 && Math.abs(c.width / c.height - ratio) / ratio <= ASPECT_TOLERANCE,
    );
    if (sameAspect.length > 0) eligible = sameAspect;
  }
  return largest(eligible) ?? candidates[0];
}

export function largest<T extends Sized>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || item.width * item.height > best.width * best.height) best = item;
  return best;
}

/** v1 `id` is "<pk>_<owner>"; numeric pks above 2^53 lose digits in JSON.parse, so trust strings first. */
function resolvePk(item: { pk: string; id?: string | undefined; code?: string | null | undefined }): string {
  const fromId = item.id?.match(/^(\d+)_/)?.[1];
  if (fromId) return fromId;
  if (!Number.isSafeInteger(Number(item.pk)) && item.code) return shortcodeToMediaId(item.code);
  return item.pk;
}

function v1Resource(item: V1CarouselChild, index: number, parentPk: string): InstagramResource | undefined {
  const id = item.pk ? resolvePk(item) : parentPk;
  const image = pickBestImage(item.image_versions2?.candidates ?? [], {
    width: item.original_width,
    height: item.original_height,
  });
  const video = item.media_type === 2 ? largest(item.video_versions ?? []) : undefined;
  if (video) {
    return {
      index,
      kind: 'video',
      id,
      url: video.url,
      width: video.width,
      height: video.height,
      ...(image ? { thumbnailUrl: image.url } : {}),
      ...(item.video_duration ? { durationSec: item.video_duration } : {}),
    };
  }
  return image ? { index, kind: 'image', id, url: image.url, width: image.width, height: image.height } : undefined;
}

function requireOwner(owner: OwnerHint | undefined, pk: string): OwnerHint {
  if (owner) return owner;
  throw new InstagramError({
    code: 'INVALID_RESPONSE',
    retryable: false,
    message: `Instagram media ${pk} has no owner`,
  });
}

export function normalizeV1Media(item: V1Media, hint?: OwnerHint): InstagramMedia {
  const pk = resolvePk(item);
  const user = item.user ?? item.owner;
  const owner = requireOwner(user ? { id: user.pk, username: user.username } : hint, pk);
  const children = item.media_type === 8 ? (item.carousel_media ?? []) : [item];
  const resources = children
    .map((child, index) => v1Resource(child, index, pk))
    .filter((resource): resource is InstagramResource => resource !== undefined);
  const pinnedBy = [...(item.timeline_pinned_user_ids ?? []), ...(item.clips_tab_pinned_user_ids ?? [])];
  return {
    id: pk,
    shortcode: item.code ?? mediaIdToShortcode(pk),
    owner,
    takenAt: new Date((item.taken_at ?? 0) * 1000),
    caption: item.caption?.text ?? null,
    productType: item.product_type ?? (item.media_type === 8 ? 'carousel_container' : 'feed'),
    pinned: pinnedBy.length > 0,
    ...(item.location
      ? {
          location: {
            id: item.location.pk,
            name: item.location.name ?? item.location.short_name ?? '',
            ...(item.location.lat != null ? { lat: item.location.lat } : {}),
            ...(item.location.lng != null ? { lng: item.location.lng } : {}),
          },
        }
      : {}),
    ...(item.like_count != null ? { likeCount: item.like_count } : {}),
    ...(item.comment_count != null ? { commentCount: item.comment_count } : {}),
    ...(item.expiring_at ? { expiresAt: new Date(item.expiring_at * 1000) } : {}),
    resources,
  };
}

function gqlResource(node: GqlChild, index: number): InstagramResource | undefined {
  const images: Sized[] = (node.display_resources ?? []).map((r) => ({
    url: r.src,
    width: r.config_width,
    height: r.config_height,
  }));
  if (node.display_url && node.dimensions) images.push({ url: node.display_url, ...node.dimensions });
  const image = pickBestImage(images, node.dimensions ?? undefined);
  if (node.is_video) {
    const videos: Sized[] = (node.video_resources ?? []).map((r) => ({
      url: r.src,
      width: r.config_width,
      height: r.config_height,
    }));
    if (node.video_url)
      videos.push({ url: node.video_url, width: node.dimensions?.width ?? 0, height: node.dimensions?.height ?? 0 });
    const video = largest(videos);
    if (video) {
      return {
        index,
        kind: 'video',
        id: node.id,
        ...video,
        ...(image ? { thumbnailUrl: image.url } : {}),
        ...(node.video_duration ? { durationSec: node.video_duration } : {}),
      };
    }
  }
  return image ? { index, kind: 'image', id: node.id, ...image } : undefined;
}

function gqlProductType(node: GqlMedia): string {
  const type = node.__typename.replace(/^XDT/, '');
  if (type === 'GraphSidecar') return 'carousel_container';
  if (type.startsWith('GraphStory')) return 'story';
  return node.product_type ?? 'feed';
}

export function normalizeGraphqlMedia(node: GqlMedia, hint?: OwnerHint): InstagramMedia {
  const owner = requireOwner(
    node.owner?.username ? { id: node.owner.id, username: node.owner.username } : hint,
    node.id,
  );
  const children = node.edge_sidecar_to_children?.edges.map((edge) => edge.node) ?? [node];
  const resources = children
    .map((child, index) => gqlResource(child, index))
    .filter((resource): resource is InstagramResource => resource !== undefined);
  const likeCount = node.edge_media_preview_like?.count;
  const commentCount = node.edge_media_to_comment?.count;
  return {
    id: node.id,
    shortcode: node.shortcode ?? mediaIdToShortcode(node.id),
    owner,
    takenAt: new Date((node.taken_at_timestamp ?? 0) * 1000),
    caption: node.edge_media_to_caption?.edges[0]?.node.text ?? null,
    productType: gqlProductType(node),
    pinned: (node.pinned_for_users?.length ?? 0) > 0,
    ...(node.location
      ? {
          location: {
            id: node.location.id,
            name: node.location.name ?? '',
            ...(node.location.lat != null ? { lat: node.location.lat } : {}),
            ...(node.location.lng != null ? { lng: node.location.lng } : {}),
          },
        }
      : {}),
    ...(likeCount !== undefined ? { likeCount } : {}),
    ...(commentCount !== undefined ? { commentCount } : {}),
    ...(node.expiring_at_timestamp ? { expiresAt: new Date(node.expiring_at_timestamp * 1000) } : {}),
    resources,
  };
}

export function normalizeProfile(user: ProfileUser): InstagramProfile {
  return {
    id: user.id,
    username: user.username,
    fullName: user.full_name ?? '',
    biography: user.biography ?? '',
    isPrivate: user.is_private,
    isVerified: user.is_verified ?? false,
    followedByViewer: user.followed_by_viewer ?? false,
    postCount: user.edge_owner_to_timeline_media?.count ?? 0,
    ...(user.edge_followed_by ? { followerCount: user.edge_followed_by.count } : {}),
    ...(user.edge_follow ? { followingCount: user.edge_follow.count } : {}),
    profilePicUrl: user.profile_pic_url_hd ?? user.profile_pic_url ?? null,
  };
}

export function normalizeHighlightsTray(tray: z.infer<typeof highlightsTraySchema>['tray']): InstagramHighlight[] {
  return tray.map((entry) => {
    const id = entry.id.replace(/^highlight:/, '');
    const coverUrl = entry.cover_media?.full_image_version?.url ?? entry.cover_media?.cropped_image_version?.url;
    return {
      id,
      reelId: `highlight:${id}`,
      title: entry.title ?? '',
      ...(entry.media_count != null ? { mediaCount: entry.media_count } : {}),
      ...(coverUrl ? { coverUrl } : {}),
    };
  });
}
