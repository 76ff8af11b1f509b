/** High-level Instagram client: typed operations over the pure builders, the executor and the normalisers. */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CookieMap } from './cookies.js';
import { endpointChanged, InstagramError } from './errors.js';
import { RequestExecutor, type RequestStats, type RetryPolicy } from './executor.js';
import type { InstagramHighlight, InstagramMedia, InstagramProfile } from './media.js';
import {
  normalizeGraphqlMedia,
  normalizeHighlightsTray,
  normalizeProfile,
  normalizeV1Media,
  type OwnerHint,
} from './normalize.js';
import { RateController, type BackoffPolicy, type RateWindows } from './rate-controller.js';
import * as build from './requests.js';
import {
  clipsPageSchema,
  currentUserResponseSchema,
  feedPageSchema,
  highlightsTraySchema,
  mediaInfoSchema,
  profileResponseSchema,
  reelsMediaSchema,
  shortcodeMediaDocSchema,
  timelineConnectionSchema,
  type V1Reel,
} from './schemas.js';
import { fetchTransport, systemClock, type Clock, type HttpTransport } from './transport.js';

export interface InstagramClientOptions {
  webBaseUrl?: string;
  apiBaseUrl?: string;
  /** Session cookies ({sessionid, csrftoken, ds_user_id, ...}); empty for anonymous use. */
  cookies?: CookieMap;
  transport?: HttpTransport;
  clock?: Clock;
  minIntervalMs?: number;
  rateWindows?: Partial<RateWindows>;
  rateLimitBackoff?: BackoffPolicy;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  random?: () => number;
  currentUserQueryHash?: string;
  /** doc_ids of the GraphQL second path (defaults: today's values in requests.ts). */
  timelineDocId?: string;
  shortcodeDocId?: string;
  /** Told when a request starts (time it retries) and stops (null) waiting out Instagram's pushback. */
  onPushback?: (until: Date | null) => Promise<void> | void;
}

export interface IterateOptions {
  /**
   * Called for every media in feed order. Returning true means "already archived": iteration stops at the
   * first such NON-pinned media. Pinned media (shown first, possibly old) are skipped instead of stopping.
   */
  stopAt?: (media: InstagramMedia) => boolean;
  signal?: AbortSignal;
  /** Owner used when items lack a `user` object. */
  owner?: OwnerHint;
  /** Continue a listing from this page cursor (a stored `onPageEnd` cursor) instead of the first page. */
  startCursor?: string;
  /** Called once every media of a page was consumed, with the cursor of the next page (undefined: the end). */
  onPageEnd?: (nextCursor: string | undefined) => void | Promise<void>;
}

interface Page {
  items: InstagramMedia[];
  nextCursor?: string;
}

function parseBody<S extends z.ZodType>(schema: S, json: unknown, endpoint: string): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InstagramError({
    code: 'INVALID_RESPONSE',
    retryable: false,
    message: `Instagram ${endpoint} answered an unexpected shape: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`,
  });
}

export class InstagramClient {
  private readonly executor: RequestExecutor;
  private readonly context: build.RequestContext;
  private readonly currentUserQueryHash: string;
  private readonly docIds: { timeline: string; shortcode: string };
  /** REST endpoints that answered as if they had changed; the GraphQL second path serves them from then on. */
  private readonly retiredRest = new Set<'feed/user' | 'media/info'>();

  constructor(options: InstagramClientOptions = {}) {
    const clock = options.clock ?? systemClock;
    const cookies = { ...options.cookies };
    if (!cookies['csrftoken']) cookies['csrftoken'] = randomBytes(16).toString('hex');
    this.context = {
      webBaseUrl: options.webBaseUrl ?? 'https://www.instagram.com',
      apiBaseUrl: options.apiBaseUrl ?? 'https://i.instagram.com',
      cookies,
      wwwClaim: '0',
    };
    this.currentUserQueryHash = options.currentUserQueryHash ?? build.CURRENT_USER_QUERY_HASH;
    this.docIds = {
      timeline: options.timelineDocId ?? build.TIMELINE_DOC_ID,
      shortcode: options.shortcodeDocId ?? build.SHORTCODE_DOC_ID,
    };
    const rateController = new RateController({
      clock,
      ...(options.minIntervalMs !== undefined ? { minIntervalMs: options.minIntervalMs } : {}),
      ...(options.rateWindows ? { windows: options.rateWindows } : {}),
      ...(options.rateLimitBackoff ? { rateLimitBackoff: options.rateLimitBackoff } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    this.executor = new RequestExecutor({
      transport: options.transport ?? fetchTransport,
      clock,
      rateController,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.onPushback ? { onPushback: options.onPushback } : {}),
      onResponseHeaders: (headers) => {
        const claim = headers.get('x-ig-set-www-claim');
        if (claim) this.context.wwwClaim = claim;
      },
    });
  }

  /** Requests actually sent (retries included) since the client was created. */
  get requestCount(): number {
    return this.executor.stats.total;
  }

  get requestStats(): Readonly<RequestStats> {
    return this.executor.stats;
  }

  get hasSession(): boolean {
    return Boolean(this.context.cookies['sessionid']);
  }

  async getProfile(username: string, signal?: AbortSignal): Promise<InstagramProfile> {
    const json = await this.executor.send(build.buildProfileInfoRequest(this.context, username), signal);
    const user = parseBody(profileResponseSchema, json, 'web_profile_info').data.user;
    if (!user) {
      throw new InstagramError({
        code: 'NOT_FOUND',
        retryable: false,
        message: `Instagram profile "${username}" does not exist${this.hasSession ? '' : ' (or is hidden from anonymous visitors)'}`,
      });
    }
    return normalizeProfile(user);
  }

  /** Which path served profile posts and single posts ("rest" until an endpoint answered as if it changed). */
  get pathsUsed(): { posts: 'rest' | 'graphql'; post: 'rest' | 'graphql' } {
    return {
      posts: this.retiredRest.has('feed/user') ? 'graphql' : 'rest',
      post: this.retiredRest.has('media/info') ? 'graphql' : 'rest',
    };
  }

  /**
   * Profile grid posts, newest first after pinned ones, following `next_max_id` until the end or `stopAt`.
   * When feed/user answers as if it changed (404, another shape, a retired-endpoint redirect), the rest comes from
   * the GraphQL timeline doc_id, continuing from the same cursor.
   */
  iterateUserPosts(userId: string, options: IterateOptions = {}): AsyncGenerator<InstagramMedia> {
    return this.paginate(options, async (cursor) => {
      if (!this.retiredRest.has('feed/user')) {
        try {
          return await this.restFeedPage(userId, cursor, options);
        } catch (error) {
          if (!endpointChanged(error)) throw error;
          this.retiredRest.add('feed/user');
        }
      }
      return this.timelineDocPage(userId, cursor, options);
    });
  }

  private async restFeedPage(userId: string, cursor: string | undefined, options: IterateOptions): Promise<Page> {
    const request = build.buildUserFeedRequest(this.context, userId, cursor === undefined ? {} : { maxId: cursor });
    const page = parseBody(feedPageSchema, await this.executor.send(request, options.signal), 'feed/user');
    return {
      items: page.items.map((item) => normalizeV1Media(item, options.owner)),
      ...(page.more_available && page.next_max_id ? { nextCursor: page.next_max_id } : {}),
    };
  }

  private async timelineDocPage(userId: string, cursor: string | undefined, options: IterateOptions): Promise<Page> {
    const user = { id: userId, username: options.owner?.username };
    const request = build.buildTimelineDocRequest(this.context, this.docIds.timeline, user, cursor);
    const json = await this.executor.send(request, options.signal);
    const connection = parseBody(timelineConnectionSchema, json, 'GraphQL timeline').data
      .xdt_api__v1__feed__user_timeline_graphql_connection;
    if (!connection)
      throw new InstagramError({ code: 'NOT_FOUND', retryable: false, message: `Instagram user ${userId} not found` });
    const next = connection.page_info.has_next_page ? connection.page_info.end_cursor : undefined;
    return {
      items: connection.edges.map((edge) => normalizeV1Media(edge.node, options.owner)),
      ...(next ? { nextCursor: next } : {}),
    };
  }

  /** The reels tab (POST clips/user), paged by `paging_info.max_id`. */
  iterateReels(userId: string, options: IterateOptions = {}): AsyncGenerator<InstagramMedia> {
    return this.paginate(options, async (cursor) => {
      const request = build.buildClipsRequest(this.context, userId, cursor === undefined ? {} : { maxId: cursor });
      const page = parseBody(clipsPageSchema, await this.executor.send(request, options.signal), 'clips/user');
      const more = page.paging_info?.more_available ? page.paging_info.max_id : undefined;
      return {
        items: page.items.map((item) => normalizeV1Media(item.media, options.owner)),
        ...(more ? { nextCursor: more } : {}),
      };
    });
  }

  /** Posts other accounts tagged this user in. */
  iterateTagged(userId: string, options: IterateOptions = {}): AsyncGenerator<InstagramMedia> {
    return this.paginate(options, async (cursor) => {
      const request = build.buildTaggedRequest(this.context, userId, cursor === undefined ? {} : { maxId: cursor });
      const page = parseBody(feedPageSchema, await this.executor.send(request, options.signal), 'usertags');
      return {
        items: page.items.map((item) => normalizeV1Media(item)),
        ...(page.more_available && page.next_max_id ? { nextCursor: page.next_max_id } : {}),
      };
    });
  }

  async getReels(userId: string, options: IterateOptions & { limit?: number } = {}): Promise<InstagramMedia[]> {
    return collect(this.iterateReels(userId, options), options.limit);
  }

  async getTagged(userId: string, options: IterateOptions & { limit?: number } = {}): Promise<InstagramMedia[]> {
    return collect(this.iterateTagged(userId, options), options.limit);
  }

  async getMediaById(mediaId: string, signal?: AbortSignal): Promise<InstagramMedia> {
    const json = await this.executor.send(build.buildMediaInfoRequest(this.context, mediaId), signal);
    const item = parseBody(mediaInfoSchema, json, 'media/info').items[0];
    if (!item)
      throw new InstagramError({
        code: 'NOT_FOUND',
        retryable: false,
        message: `Instagram media ${mediaId} not found`,
      });
    return normalizeV1Media(item);
  }

  /** One post; when media/info answers as if it changed, the GraphQL `xdt_shortcode_media` doc_id instead. */
  async getMediaByShortcode(shortcode: string, signal?: AbortSignal): Promise<InstagramMedia> {
    if (!this.retiredRest.has('media/info')) {
      try {
        return await this.restMediaByShortcode(shortcode, signal);
      } catch (error) {
        if (!endpointChanged(error)) throw error;
        this.retiredRest.add('media/info');
      }
    }
    const request = build.buildShortcodeDocRequest(this.context, this.docIds.shortcode, shortcode);
    const json = await this.executor.send(request, signal);
    const node = parseBody(shortcodeMediaDocSchema, json, 'GraphQL shortcode media').data.xdt_shortcode_media;
    if (!node)
      throw new InstagramError({
        code: 'NOT_FOUND',
        retryable: false,
        message: `Instagram post ${shortcode} not found`,
      });
    return normalizeGraphqlMedia(node);
  }

  private async restMediaByShortcode(shortcode: string, signal?: AbortSignal): Promise<InstagramMedia> {
    let request: build.InstagramRequest;
    try {
      request = build.buildMediaByShortcodeRequest(this.context, shortcode);
    } catch (error) {
      throw new InstagramError({ code: 'NOT_FOUND', retryable: false, message: (error as Error).message });
    }
    const item = parseBody(mediaInfoSchema, await this.executor.send(request, signal), 'media/info').items[0];
    if (!item)
      throw new InstagramError({
        code: 'NOT_FOUND',
        retryable: false,
        message: `Instagram post ${shortcode} not found`,
      });
    return normalizeV1Media(item);
  }

  /** Re-fetches metadata for fresh signed CDN URLs (after a CDN 403 on an expired `oe`). */
  async refreshMediaUrls(mediaId: string, signal?: AbortSignal): Promise<InstagramMedia> {
    return this.getMediaById(mediaId, signal);
  }

  /** Current stories of a user (needs a session). Empty when the user has none. */
  async getStories(userId: string, signal?: AbortSignal): Promise<InstagramMedia[]> {
    const reel = await this.fetchReel(userId, signal);
    return reel
      ? reel.items.map((item) =>
          normalizeV1Media(item, reel.user && { id: reel.user.pk, username: reel.user.username }),
        )
      : [];
  }

  async getHighlights(userId: string, signal?: AbortSignal): Promise<InstagramHighlight[]> {
    const json = await this.executor.send(build.buildHighlightsTrayRequest(this.context, userId), signal);
    return normalizeHighlightsTray(parseBody(highlightsTraySchema, json, 'highlights_tray').tray);
  }

  async getHighlightItems(highlightId: string, signal?: AbortSignal): Promise<InstagramMedia[]> {
    const id = highlightId.replace(/^highlight:/, '');
    const reel = await this.fetchReel(`highlight:${id}`, signal);
    if (!reel)
      throw new InstagramError({ code: 'NOT_FOUND', retryable: false, message: `Instagram highlight ${id} not found` });
    return reel.items.map((item) =>
      normalizeV1Media(item, reel.user && { id: reel.user.pk, username: reel.user.username }),
    );
  }

  /** Validates the session; resolves with the logged-in username. */
  async getCurrentUser(signal?: AbortSignal): Promise<{ username: string }> {
    if (!this.hasSession) {
      throw new InstagramError({
        code: 'LOGIN_REQUIRED',
        retryable: false,
        message: 'No Instagram session: the cookies have no sessionid',
      });
    }
    const json = await this.executor.send(
      build.buildCurrentUserRequest(this.context, this.currentUserQueryHash),
      signal,
    );
    const user = parseBody(currentUserResponseSchema, json, 'current user query').data?.user;
    if (!user) {
      throw new InstagramError({
        code: 'SESSION_INVALID',
        retryable: false,
        message: 'The Instagram session is logged out or expired; import fresh cookies',
      });
    }
    return { username: user.username };
  }

  private async fetchReel(reelId: string, signal?: AbortSignal): Promise<V1Reel | undefined> {
    const json = await this.executor.send(build.buildReelsMediaRequest(this.context, [reelId]), signal);
    const body = parseBody(reelsMediaSchema, json, 'reels_media');
    if (body.reels === undefined && body.reels_media === undefined) {
      throw new InstagramError({
        code: this.hasSession ? 'SESSION_INVALID' : 'LOGIN_REQUIRED',
        retryable: false,
        message: 'Instagram returned no reels: stories and highlights need a valid logged-in session',
      });
    }
    return body.reels?.[reelId] ?? body.reels_media?.find((reel) => reel.id === reelId);
  }

  private async *paginate(
    options: IterateOptions,
    fetchPage: (cursor?: string) => Promise<Page>,
  ): AsyncGenerator<InstagramMedia> {
    const seenCursors = new Set<string>();
    let cursor: string | undefined = options.startCursor;
    do {
      const page = await fetchPage(cursor);
      for (const media of page.items) {
        if (options.stopAt?.(media)) {
          if (media.pinned) continue;
          await options.onPageEnd?.(undefined);
          return;
        }
        yield media;
      }
      await options.onPageEnd?.(page.nextCursor);
      cursor = page.nextCursor;
      if (cursor !== undefined && seenCursors.has(cursor)) return;
      if (cursor !== undefined) seenCursors.add(cursor);
    } while (cursor !== undefined);
  }
}

export async function collect<T>(iterable: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  if (limit <= 0) return items;
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
}
