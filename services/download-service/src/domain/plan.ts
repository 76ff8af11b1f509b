/** Turns resolved Instagram media, a direct URL or what yt-dlp found into the download items to fetch. Pure. */
import type { InstagramMedia, InstagramProfile } from '../instagram/media.js';
import { type SiteEntry, type SiteMedia, withoutSmuggledData } from '../ytdlp/output.js';
import { extensionOfUrl, type FileCategory } from './http-facts.js';

export interface PostSidecar {
  platform: 'instagram';
  id: string;
  shortcode: string;
  url: string;
  productType: string;
  owner: { id: string; username: string };
  takenAt: string;
  caption: string | null;
  pinned: boolean;
  likeCount: number | null;
  commentCount: number | null;
  location: { id: string; name: string; lat?: number; lng?: number } | null;
  expiresAt: string | null;
  resources: Array<{
    index: number;
    kind: 'image' | 'video';
    id: string;
    url: string;
    width: number;
    height: number;
    durationSec: number | null;
  }>;
}

export interface ItemMeta {
  source: 'instagram' | 'direct' | 'site';
  /** Items of other sites: what yt-dlp knows of the item (from the probe, completed by the download). */
  site?: SiteMedia;
  /** Instagram media pk the resource belongs to (for refreshing expired CDN URLs). */
  postId?: string;
  resourceId?: string;
  username?: string;
  /** The account's display name (profile pictures only: the profile answer carries it). */
  fullName?: string;
  shortcode?: string;
  takenAt?: string;
  caption?: string | null;
  /** post | reel | story | highlight | profile_pic */
  label?: string;
  multi?: boolean;
  width?: number;
  height?: number;
  durationSec?: number;
  ext?: string;
  sidecar?: PostSidecar;
}

export interface ItemSpec {
  position: number;
  mediaKey: string;
  platformMediaId: string | null;
  resourceIndex: number;
  kind: FileCategory;
  url: string;
  meta: ItemMeta;
}

/** Archive key of one Instagram resource: the post pk with the carousel index. */
export function instagramMediaId(postId: string, index: number): string {
  return `${postId}_${index}`;
}
export const instagramArchiveKey = (postId: string, index: number): string =>
  `instagram:${instagramMediaId(postId, index)}`;

export function isArchivedMedia(media: InstagramMedia, archived: ReadonlySet<string>): boolean {
  return (
    media.resources.length > 0 &&
    media.resources.every((resource) => archived.has(instagramArchiveKey(media.id, resource.index)))
  );
}

export function labelOf(media: InstagramMedia, fallback: string): string {
  if (media.productType === 'clips') return 'reel';
  if (media.productType === 'story') return fallback === 'highlight' ? 'highlight' : 'story';
  return fallback;
}

export function buildSidecar(media: InstagramMedia, webBaseUrl = 'https://www.instagram.com'): PostSidecar {
  const path = media.productType === 'clips' ? 'reel' : 'p';
  return {
    platform: 'instagram',
    id: media.id,
    shortcode: media.shortcode,
    url: `${webBaseUrl}/${path}/${media.shortcode}/`,
    productType: media.productType,
    owner: media.owner,
    takenAt: media.takenAt.toISOString(),
    caption: media.caption,
    pinned: media.pinned,
    likeCount: media.likeCount ?? null,
    commentCount: media.commentCount ?? null,
    location: media.location ?? null,
    expiresAt: media.expiresAt?.toISOString() ?? null,
    resources: media.resources.map((r) => ({
      index: r.index,
      kind: r.kind,
      id: r.id,
      url: r.url,
      width: r.width,
      height: r.height,
      durationSec: r.durationSec ?? null,
    })),
  };
}

export interface LabelledMedia {
  media: InstagramMedia;
  /** post | reel | story | highlight */
  label: string;
}

/** One item per resource, posts in the given order, duplicates (same media pk) dropped. */
export function planInstagramItems(
  list: readonly LabelledMedia[],
  profile?: Pick<InstagramProfile, 'id' | 'username' | 'profilePicUrl'> & { fullName?: string },
): ItemSpec[] {
  const items: ItemSpec[] = [];
  const seen = new Set<string>();
  if (profile?.profilePicUrl) {
    const name = new URL(profile.profilePicUrl).pathname.split('/').pop() ?? 'profile_pic.jpg';
    items.push({
      position: 0,
      mediaKey: `instagram:profile_pic:${profile.id}:${name}`,
      platformMediaId: `profile_pic_${profile.id}`,
      resourceIndex: 0,
      kind: 'image',
      url: profile.profilePicUrl,
      meta: {
        source: 'instagram',
        label: 'profile_pic',
        username: profile.username,
        ...(profile.fullName ? { fullName: profile.fullName } : {}),
        ext: extensionOfUrl(profile.profilePicUrl) ?? 'jpg',
      },
    });
  }
  for (const { media, label } of list) {
    if (seen.has(media.id)) continue;
    seen.add(media.id);
    const sidecar = buildSidecar(media);
    const multi = media.resources.length > 1;
    for (const resource of media.resources) {
      items.push({
        position: items.length,
        mediaKey: instagramArchiveKey(media.id, resource.index),
        platformMediaId: instagramMediaId(media.id, resource.index),
        resourceIndex: resource.index,
        kind: resource.kind,
        url: resource.url,
        meta: {
          source: 'instagram',
          postId: media.id,
          resourceId: resource.id,
          username: media.owner.username,
          shortcode: media.shortcode,
          takenAt: media.takenAt.toISOString(),
          caption: media.caption,
          label: labelOf(media, label),
          multi,
          width: resource.width,
          height: resource.height,
          ...(resource.durationSec !== undefined ? { durationSec: resource.durationSec } : {}),
          ext: extensionOfUrl(resource.url) ?? (resource.kind === 'video' ? 'mp4' : 'jpg'),
          sidecar,
        },
      });
    }
  }
  return items;
}

export function planDirectItem(url: URL): ItemSpec {
  return {
    position: 0,
    mediaKey: `direct:${url.toString()}`,
    platformMediaId: null,
    resourceIndex: 0,
    kind: 'other',
    url: url.toString(),
    meta: { source: 'direct' },
  };
}

/**
 * Archive key of an item of another site: yt-dlp's extractor with the item's id there. The generic extractor names
 * an item after its file ("index" for both /a/index.html and /b/index.html), so its items are keyed by their page.
 */
export function siteArchiveKey(platform: string, id: string, pageUrl: string): string {
  return platform === 'generic' ? `generic:${withoutSmuggledData(pageUrl)}` : `${platform}:${id}`;
}

/** A single item yt-dlp's probe resolved (the page URL is what yt-dlp downloads). */
export function planSiteItem(media: SiteMedia): ItemSpec {
  return {
    position: 0,
    mediaKey: siteArchiveKey(media.platform, media.id, media.pageUrl),
    platformMediaId: siteArchiveKey(media.platform, media.id, media.pageUrl),
    resourceIndex: 0,
    kind: 'video',
    url: media.pageUrl,
    meta: {
      source: 'site',
      site: media,
      ...(media.uploader ? { username: media.uploader } : {}),
      ...(media.uploadedAt ? { takenAt: media.uploadedAt } : {}),
      ...(media.durationSec ? { durationSec: media.durationSec } : {}),
    },
  };
}

/** One entry of a collection (channel, playlist, profile) as listed flat: resolved when it is downloaded. */
export function planSiteEntry(entry: SiteEntry, position: number): ItemSpec {
  return {
    position,
    mediaKey: entry.id ? siteArchiveKey(entry.platform, entry.id, entry.url) : `site:${entry.url}`,
    platformMediaId: entry.id ? siteArchiveKey(entry.platform, entry.id, entry.url) : null,
    resourceIndex: 0,
    kind: 'video',
    url: entry.url,
    meta: { source: 'site' },
  };
}

/** A collection's items in listing order, up to `limit`, stopping before the first archived one (incremental). */
export function collectionItems(
  entries: readonly SiteEntry[],
  options: { archived: ReadonlySet<string>; limit?: number },
): ItemSpec[] {
  const specs: ItemSpec[] = [];
  for (const entry of entries) {
    if (options.limit !== undefined && specs.length >= options.limit) break;
    const spec = planSiteEntry(entry, specs.length);
    if (options.archived.has(spec.mediaKey)) break;
    specs.push(spec);
  }
  return specs;
}
