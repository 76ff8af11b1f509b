/** Resolves an Instagram target into the media to download, through the Instagram client (one adapter). */
import type { InstagramClient, IterateOptions } from '../instagram/client.js';
import { InstagramError, isInstagramError } from '../instagram/errors.js';
import type { InstagramMedia, InstagramProfile } from '../instagram/media.js';
import type { InstagramTarget } from '../instagram/urls.js';
import { isArchivedMedia, planInstagramItems, type ItemSpec, type LabelledMedia } from '../domain/plan.js';
import type { DownloadWarning } from '../repository/download-notices.js';

export type IncludePart = 'posts' | 'reels' | 'stories' | 'highlights' | 'tagged';

export interface ResolveOptions {
  include: readonly IncludePart[];
  limit?: number;
  /** Stop each feed at the first already-archived non-pinned post. */
  incremental: boolean;
  /** Archive keys the owner already has. */
  archived: ReadonlySet<string>;
  signal: AbortSignal;
}

export interface Resolved {
  items: ItemSpec[];
  username?: string;
  /** What Instagram did not show (kept: the download completes with what it was shown). */
  warnings?: DownloadWarning[];
}

export const LOGIN_WALL_WARNING = 'LOGIN_REQUIRED_FOR_MORE';

const label =
  (name: string) =>
  (media: InstagramMedia): LabelledMedia => ({ media, label: name });

export async function resolveInstagramTarget(
  client: InstagramClient,
  target: InstagramTarget,
  options: ResolveOptions,
): Promise<Resolved> {
  const { signal } = options;
  switch (target.kind) {
    case 'post':
    case 'reel': {
      const media = await client.getMediaByShortcode(target.shortcode, signal);
      return { items: planInstagramItems([label(target.kind)(media)]), username: media.owner.username };
    }
    case 'highlight': {
      const media = await client.getHighlightItems(target.highlightId, signal);
      return { items: planInstagramItems(media.map(label('highlight'))), username: media[0]?.owner.username };
    }
    case 'story': {
      const profile = await client.getProfile(target.username, signal);
      let stories = await client.getStories(profile.id, signal);
      if (target.storyMediaId) {
        stories = stories.filter(
          (story) => story.id === target.storyMediaId || story.id.startsWith(`${target.storyMediaId}_`),
        );
        if (stories.length === 0) {
          throw new InstagramError({
            code: 'NOT_FOUND',
            retryable: false,
            message: `Story ${target.storyMediaId} of @${profile.username} is gone (stories expire after 24 hours)`,
          });
        }
      }
      return { items: planInstagramItems(stories.map(label('story'))), username: profile.username };
    }
    case 'profile':
      return resolveProfile(client, target, options);
  }
}

/** The whole profile at once (the streaming listing collected). */
async function resolveProfile(
  client: InstagramClient,
  target: Extract<InstagramTarget, { kind: 'profile' }>,
  options: ResolveOptions,
): Promise<Resolved> {
  let owner: InstagramProfile | undefined;
  const collected: LabelledMedia[] = [];
  const { warnings } = await streamProfile(client, target, options, {
    profile: async (profile) => {
      owner = profile;
    },
    media: async (list) => {
      collected.push(...list);
    },
    checkpoint: async () => undefined,
  });
  return {
    items: planInstagramItems(collected, owner),
    username: owner?.username,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Where a profile listing stands: the feed being listed, its next page cursor, and how many it took so far. */
export interface ListingPosition {
  feed: IncludePart;
  cursor: string | null;
  taken?: number;
}

/** Receives a profile listing page by page (streaming: transfers start while later pages are still listed). */
export interface ListingSink {
  /** The profile, before any media (its picture is planned first). */
  profile(profile: InstagramProfile): Promise<void>;
  /** The media of one page, in feed order. Resolves once they are stored and handed on. */
  media(list: LabelledMedia[]): Promise<void>;
  /** Every media before `position` was handed on: a restart continues from `position`. */
  checkpoint(position: ListingPosition): Promise<void>;
}

const FEED_ORDER: readonly IncludePart[] = ['posts', 'reels', 'tagged', 'stories', 'highlights'];

/**
 * Lists a profile's feeds in order, page by page into `sink`, continuing from `from` when given. Anonymous
 * visitors meet Instagram's login wall after the profile answer: what it showed is kept (the newest posts of the
 * profile answer) and a warning says what a linked session would add.
 */
export async function streamProfile(
  client: InstagramClient,
  target: Extract<InstagramTarget, { kind: 'profile' }>,
  options: ResolveOptions & { from?: ListingPosition | null },
  sink: ListingSink,
): Promise<{ warnings: DownloadWarning[] }> {
  const { signal } = options;
  const include: readonly IncludePart[] =
    target.tab === 'reels' ? ['reels'] : target.tab === 'tagged' ? ['tagged'] : options.include;
  const profile = await client.getProfile(target.username, signal);
  if (!options.from) await sink.profile(profile);
  const owner = { id: profile.id, username: profile.username };
  const feeds = FEED_ORDER.filter((feed) => include.includes(feed));
  const walled: IncludePart[] = [];
  const startAt = options.from ? Math.max(0, feeds.indexOf(options.from.feed)) : 0;
  for (const feed of feeds.slice(startAt)) {
    const resumed = options.from?.feed === feed ? options.from : undefined;
    if (feed === 'stories') await sink.media((await client.getStories(profile.id, signal)).map(label('story')));
    else if (feed === 'highlights') {
      for (const highlight of await client.getHighlights(profile.id, signal))
        await sink.media((await client.getHighlightItems(highlight.id, signal)).map(label('highlight')));
    } else {
      try {
        await streamFeed(client, feed, profile.id, { owner, options, resumed, sink });
      } catch (error) {
        if (client.hasSession || !isInstagramError(error, 'LOGIN_REQUIRED')) throw error;
        walled.push(feed);
        if (feed === 'posts') await sink.media(shownPosts(profile, options).map(label('post')));
      }
    }
    const next = feeds[feeds.indexOf(feed) + 1];
    if (next) await sink.checkpoint({ feed: next, cursor: null });
  }
  return { warnings: walled.length > 0 ? [loginWallWarning(profile, walled)] : [] };
}

/** The posts embedded in the profile answer, in feed order, under the same stop rule and limit as the feed. */
function shownPosts(profile: InstagramProfile, options: ResolveOptions): InstagramMedia[] {
  const shown: InstagramMedia[] = [];
  for (const media of profile.recentPosts) {
    if (options.incremental && isArchivedMedia(media, options.archived)) {
      if (media.pinned) continue;
      break;
    }
    shown.push(media);
  }
  return shown.slice(0, options.limit);
}

export function loginWallWarning(profile: InstagramProfile, walled: readonly IncludePart[]): DownloadWarning {
  const parts: string[] = [];
  if (walled.includes('posts'))
    parts.push(`only the newest ${profile.recentPosts.length} of its ${profile.postCount} posts`);
  const others = walled.filter((part) => part !== 'posts');
  if (others.length > 0) parts.push(`no ${others.join(' or ')}`);
  return {
    code: LOGIN_WALL_WARNING,
    message: `Instagram showed @${profile.username} to an anonymous visitor with ${parts.join(' and ')}; link an Instagram session to fetch the rest.`,
  };
}

async function streamFeed(
  client: InstagramClient,
  feed: 'posts' | 'reels' | 'tagged',
  profileId: string,
  context: {
    owner: { id: string; username: string };
    options: ResolveOptions;
    resumed: ListingPosition | undefined;
    sink: ListingSink;
  },
): Promise<void> {
  const { options, resumed, sink } = context;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let taken = resumed?.taken ?? 0;
  let page: LabelledMedia[] = [];
  const iterate: IterateOptions = {
    signal: options.signal,
    ...(feed === 'tagged' ? {} : { owner: context.owner }),
    ...(resumed?.cursor ? { startCursor: resumed.cursor } : {}),
    ...(options.incremental ? { stopAt: (media: InstagramMedia) => isArchivedMedia(media, options.archived) } : {}),
    onPageEnd: async (cursor) => {
      await sink.media(page);
      page = [];
      if (cursor) await sink.checkpoint({ feed, cursor, taken });
    },
  };
  const media =
    feed === 'posts'
      ? client.iterateUserPosts(profileId, iterate)
      : feed === 'reels'
        ? client.iterateReels(profileId, iterate)
        : client.iterateTagged(profileId, iterate);
  if (taken >= limit) return;
  for await (const item of media) {
    page.push(label(feed === 'reels' ? 'reel' : 'post')(item));
    taken += 1;
    if (taken >= limit) break;
  }
  if (page.length > 0) await sink.media(page);
}
