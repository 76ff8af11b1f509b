/** Resolves an Instagram target into the media to download, through the Instagram client (one adapter). */
import { collect, type InstagramClient, type IterateOptions } from '../instagram/client.js';
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

async function resolveProfile(
  client: InstagramClient,
  target: Extract<InstagramTarget, { kind: 'profile' }>,
  options: ResolveOptions,
): Promise<Resolved> {
  const { signal } = options;
  const include: readonly IncludePart[] =
    target.tab === 'reels' ? ['reels'] : target.tab === 'tagged' ? ['tagged'] : options.include;
  const profile: InstagramProfile = await client.getProfile(target.username, signal);
  const owner = { id: profile.id, username: profile.username };
  const iterate: IterateOptions = {
    signal,
    owner,
    ...(options.incremental ? { stopAt: (media: InstagramMedia) => isArchivedMedia(media, options.archived) } : {}),
  };
  const collected: LabelledMedia[] = [];
  const walled: IncludePart[] = [];
  // Anonymous visitors meet Instagram's login wall after the profile answer: keep what it showed.
  const unlessWalled = async <T>(part: IncludePart, fetch: () => Promise<T[]>, shown: () => T[] = () => []) => {
    try {
      return await fetch();
    } catch (error) {
      if (client.hasSession || !isInstagramError(error, 'LOGIN_REQUIRED')) throw error;
      walled.push(part);
      return shown();
    }
  };
  if (include.includes('posts')) {
    const posts = await unlessWalled(
      'posts',
      () => collect(client.iterateUserPosts(profile.id, iterate), options.limit),
      () => shownPosts(profile, iterate, options.limit),
    );
    collected.push(...posts.map(label('post')));
  }
  if (include.includes('reels')) {
    const reels = await unlessWalled('reels', () => collect(client.iterateReels(profile.id, iterate), options.limit));
    collected.push(...reels.map(label('reel')));
  }
  if (include.includes('tagged')) {
    const tagged = await unlessWalled('tagged', () =>
      collect(client.iterateTagged(profile.id, { ...iterate, owner: undefined }), options.limit),
    );
    collected.push(...tagged.map(label('post')));
  }
  if (include.includes('stories')) collected.push(...(await client.getStories(profile.id, signal)).map(label('story')));
  if (include.includes('highlights')) {
    for (const highlight of await client.getHighlights(profile.id, signal)) {
      collected.push(...(await client.getHighlightItems(highlight.id, signal)).map(label('highlight')));
    }
  }
  return {
    items: planInstagramItems(collected, profile),
    username: profile.username,
    ...(walled.length > 0 ? { warnings: [loginWallWarning(profile, walled)] } : {}),
  };
}

/** The posts embedded in the profile answer, in feed order, under the same stop rule and limit as the feed. */
function shownPosts(profile: InstagramProfile, iterate: IterateOptions, limit?: number): InstagramMedia[] {
  const shown: InstagramMedia[] = [];
  for (const media of profile.recentPosts) {
    if (iterate.stopAt?.(media)) {
      if (media.pinned) continue;
      break;
    }
    shown.push(media);
  }
  return shown.slice(0, limit);
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
