/**
 * The extractors behind one interface: every URL type and every download kind is claimed by exactly one extractor,
 * every kind intake can store is planned by one, each extractor's items are fetched by the same extractor, and a
 * streamed listing never runs ahead of the planner.
 */
import { describe, expect, it } from 'vitest';
import type { IterateOptions } from '../src/instagram/client.js';
import type { InstagramMedia, InstagramProfile } from '../src/instagram/media.js';
import { classifyDownloadUrl, DOWNLOAD_KINDS, type DownloadKind } from '../src/domain/target.js';
import {
  EXTRACTORS,
  extractorForItem,
  extractorForKind,
  extractorForUrl,
  type Extractor,
  type PlanInput,
  type PlanStep,
} from '../src/extractors/index.js';
import { pulled } from '../src/extractors/stream.js';
import type { ProbeResult } from '../src/ytdlp/output.js';

const URLS: Record<string, Extractor['kind']> = {
  'https://www.instagram.com/p/ABC123/': 'instagram',
  'https://www.instagram.com/reel/ABC123/': 'instagram',
  'https://www.instagram.com/someone/': 'instagram',
  '@someone': 'instagram',
  'https://www.instagram.com/stories/someone/': 'instagram',
  'https://www.instagram.com/stories/highlights/1789/': 'instagram',
  'https://cdn.example.com/a/clip.mp4': 'direct',
  'https://example.com/photo.JPG?x=1': 'direct',
  'https://videos.example.com/watch/42': 'ytdlp',
  'https://videos.example.com/page.html': 'ytdlp',
  'https://videos.example.com/live/index.m3u8': 'ytdlp',
  'https://www.tiktok.com/@someone/video/7': 'ytdlp',
};

function media(id: string): InstagramMedia {
  return {
    id,
    shortcode: `S${id}`,
    owner: { id: '1', username: 'someone' },
    takenAt: new Date('2026-01-01T00:00:00Z'),
    caption: null,
    productType: 'feed',
    pinned: false,
    resources: [{ index: 0, kind: 'image', id: `${id}0`, url: `https://cdn.example/${id}.jpg`, width: 1, height: 1 }],
  };
}

const profile: InstagramProfile = {
  id: '1',
  username: 'someone',
  fullName: 'Some One',
  biography: '',
  isPrivate: false,
  isVerified: false,
  followedByViewer: false,
  postCount: 4,
  profilePicUrl: 'https://cdn.example/pic.jpg',
  recentPosts: [],
};

/** Instagram's client as far as planning uses it; `pagesListed` counts the feed pages asked for. */
function stubClient(pages: InstagramMedia[][]) {
  const state = { pagesListed: 0 };
  const client = {
    hasSession: false,
    getMediaByShortcode: async (shortcode: string) => media(shortcode.replace(/^S/, '')),
    getProfile: async () => profile,
    async *iterateUserPosts(_id: string, options: IterateOptions) {
      for (const [index, page] of pages.entries()) {
        state.pagesListed += 1;
        yield* page;
        await options.onPageEnd?.(index + 1 < pages.length ? `cursor-${index + 1}` : undefined);
      }
    },
  };
  return { client, state };
}

function stubInput(url: string, kind: DownloadKind, extra: Partial<PlanInput> = {}, probe?: ProbeResult): PlanInput {
  const deps = {
    plans: { planningState: async () => ({ listing: null, scanned: 0 }) },
    repo: { archivedKeys: async () => new Set<string>() },
    sites: probe ? { probe: async () => probe } : undefined,
  };
  return {
    deps: deps as unknown as PlanInput['deps'],
    download: {
      id: 'd1',
      ownerId: 'u1',
      url,
      kind,
      include: kind === 'profile' ? ['posts'] : [],
      limit: null,
      incremental: false,
    } as unknown as PlanInput['download'],
    source: classifyDownloadUrl(url),
    client: undefined,
    signal: new AbortController().signal,
    ...extra,
  };
}

async function plannedItems(extractor: Extractor, input: PlanInput) {
  const steps: PlanStep[] = [];
  for await (const step of extractor.plan(input)) steps.push(step);
  return steps.flatMap((step) => (step.type === 'items' ? step.items : []));
}

const siteMedia = {
  id: 'v1',
  platform: 'vimeo',
  title: 'A clip',
  uploader: 'someone',
  uploadedAt: null,
  description: null,
  pageUrl: 'https://vimeo.com/1',
  thumbnail: null,
  durationSec: 2,
  width: null,
  height: null,
  ext: 'mp4',
};

describe('the extractor registry', () => {
  it.each(Object.entries(URLS))('%s is claimed by exactly one extractor (%s)', (url, kind) => {
    const source = classifyDownloadUrl(url);
    expect(EXTRACTORS.filter((extractor) => extractor.claims(source)).map((e) => e.kind)).toEqual([kind]);
    expect(extractorForUrl(source).kind).toBe(kind);
  });

  it('every download kind is planned by exactly one extractor, and intake only stores kinds that are planned', () => {
    for (const kind of DOWNLOAD_KINDS)
      expect(EXTRACTORS.filter((extractor) => extractor.downloadKinds.includes(kind))).toHaveLength(1);
    expect(EXTRACTORS.flatMap((extractor) => extractor.downloadKinds).sort()).toEqual([...DOWNLOAD_KINDS].sort());
    expect(new Set(EXTRACTORS.map((extractor) => extractor.itemSource)).size).toBe(EXTRACTORS.length);
  });

  it('intake: Instagram keeps its kind, a file is direct, yt-dlp probes and may hand a file to the direct extractor', async () => {
    const post = classifyDownloadUrl('https://www.instagram.com/p/ABC123/');
    expect(await extractorForUrl(post).intakeKind(post, {})).toBe('post');
    const page = classifyDownloadUrl('https://videos.example.com/watch/42');
    const probing = (probed: ProbeResult) => ({ sites: { probe: async () => probed } as never });
    expect(
      await extractorForUrl(page).intakeKind(page, probing({ type: 'single', media: siteMedia, direct: false })),
    ).toBe('site');
    const fileKind = await extractorForUrl(page).intakeKind(
      page,
      probing({ type: 'single', media: siteMedia, direct: true }),
    );
    expect(fileKind).toBe('direct');
    expect(extractorForKind(fileKind).kind).toBe('direct');
    // No yt-dlp on the hub: the page is fetched as a file.
    expect(await extractorForUrl(page).intakeKind(page, {})).toBe('direct');
  });
});

describe('each extractor fetches the items it planned', () => {
  const cases: Array<[string, () => PlanInput, number]> = [
    [
      'an Instagram post',
      () => stubInput('https://www.instagram.com/p/S7/', 'post', { client: stubClient([]).client as never }),
      1,
    ],
    [
      'an Instagram profile',
      () =>
        stubInput('https://www.instagram.com/someone/', 'profile', {
          client: stubClient([[media('1'), media('2')], [media('3')]]).client as never,
        }),
      4, // the profile picture and three posts
    ],
    ['a file URL', () => stubInput('https://cdn.example.com/a/clip.mp4', 'direct'), 1],
    ['a page the probe found to be a file', () => stubInput('https://videos.example.com/watch/42', 'direct'), 1],
    [
      'a page with one video',
      () =>
        stubInput(
          'https://videos.example.com/watch/42',
          'site',
          {},
          { type: 'single', media: siteMedia, direct: false },
        ),
      1,
    ],
    [
      'a channel',
      () =>
        stubInput(
          'https://videos.example.com/channel/x',
          'site',
          {},
          {
            type: 'collection',
            platform: 'vimeo',
            id: 'x',
            title: 'X',
            entries: [
              { url: 'https://vimeo.com/2', platform: 'vimeo', id: '2', title: null },
              { url: 'https://vimeo.com/1', platform: 'vimeo', id: '1', title: null },
            ],
          },
        ),
      2,
    ],
  ];
  it.each(cases)('%s', async (_name, input, count) => {
    const planning = input();
    const extractor = extractorForKind(planning.download.kind);
    const items = await plannedItems(extractor, planning);
    expect(items).toHaveLength(count);
    for (const item of items) expect(extractorForItem(item)).toBe(extractor);
  });
});

describe('streamed planning', () => {
  it('an Instagram profile is listed at most one page ahead of the planner', async () => {
    const { client, state } = stubClient([[media('1'), media('2')], [media('3')], [media('4')]]);
    const input = stubInput('https://www.instagram.com/someone/', 'profile', { client: client as never });
    const steps = extractorForKind('profile').plan(input)[Symbol.asyncIterator]();
    const seen: PlanStep[] = [];
    for (let step = await steps.next(); !step.done; step = await steps.next()) {
      seen.push(step.value);
      if (step.value.type === 'items' && step.value.items.some((item) => item.meta.postId === '2')) break; // the first page's posts are in hand: the listing may fetch the second page meanwhile, never the third
    }
    // Whatever the listing could do on its own, it has done once the event loop is idle.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(state.pagesListed).toBe(2);
    expect(seen.map((step) => step.type)).toEqual(['scanned', 'items', 'scanned', 'items']);
    await steps.return?.(undefined);
  });

  it('a profile listing yields its cursors after the page they follow, and its warnings at the end', async () => {
    const { client } = stubClient([[media('1')], [media('2')]]);
    const input = stubInput('https://www.instagram.com/someone/', 'profile', { client: client as never });
    const steps: PlanStep[] = [];
    for await (const step of extractorForKind('profile').plan(input)) steps.push(step);
    expect(steps.map((step) => (step.type === 'cursor' ? `cursor:${step.listing.cursor}` : step.type))).toEqual([
      'scanned',
      'items', // the profile picture
      'scanned',
      'items',
      'cursor:cursor-1',
      'scanned',
      'items',
      'warnings',
    ]);
  });

  it('pulled(): the producer waits for the consumer, or runs up to `ahead` values ahead of it, in order', async () => {
    const reached: number[] = [];
    const producer = (emit: (value: number) => Promise<void>) =>
      (async () => {
        for (let n = 1; n <= 6; n += 1) {
          reached.push(n);
          await emit(n);
        }
      })();
    const firstOf = async (iterable: AsyncIterable<number>) => {
      const iterator = iterable[Symbol.asyncIterator]();
      const first = await iterator.next();
      // The consumer holds the first value while the producer does what it may.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const snapshot = [...reached];
      const rest: number[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
      return { first: first.value as number, whileHeld: snapshot, rest };
    };
    reached.length = 0;
    expect(await firstOf(pulled(producer))).toEqual({ first: 1, whileHeld: [1], rest: [2, 3, 4, 5, 6] });
    reached.length = 0;
    // Two values may wait: the producer emits 2 and 3 (resolved at once) and waits at 4.
    expect(await firstOf(pulled(producer, { ahead: 2 }))).toEqual({
      first: 1,
      whileHeld: [1, 2, 3, 4],
      rest: [2, 3, 4, 5, 6],
    });
  });

  it('pulled(): a producer failure reaches the consumer after the values before it; stopping early frees the producer', async () => {
    const failing = pulled<number>(async (emit) => {
      await emit(1);
      throw new Error('listing failed');
    });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const value of failing) got.push(value);
      })(),
    ).rejects.toThrow('listing failed');
    expect(got).toEqual([1]);

    let producerEnded: unknown;
    const endless = pulled<number>(async (emit) => {
      for (let n = 0; ; n += 1) await emit(n);
    });
    const endlessWatched = pulled<number>((emit) =>
      (async () => {
        for await (const value of endless) await emit(value);
      })().catch((error: unknown) => {
        producerEnded = error;
        throw error;
      }),
    );
    for await (const value of endlessWatched) if (value === 2) break;
    await expect.poll(() => producerEnded).toBeInstanceOf(Error);
  });
});
