/** GET /api/files: full-text search, filters and keyset pagination, on PGlite AND on a real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicFile } from '@smh/shared';
import { DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { patternBytes, startHarness, type Harness } from './support/harness.js';

interface Seed {
  name: string;
  mime: string;
  username: string;
  takenAt: string;
  caption: string;
  size: number;
  platform?: string;
}

const SEEDS: Seed[] = [
  {
    name: 'IMG_beach_001.jpg',
    mime: 'image/jpeg',
    username: 'surfer_jo',
    takenAt: '2024-03-01T10:00:00Z',
    caption: 'Sunset at Malibu #waves',
    size: 30,
  },
  {
    name: 'reel_1.mp4',
    mime: 'video/mp4',
    username: 'surfer_jo',
    takenAt: '2024-03-05T12:00:00Z',
    caption: 'Riding the biggest waves of the year',
    size: 80,
  },
  {
    name: 'pasta.jpg',
    mime: 'image/jpeg',
    username: 'chef.anna',
    takenAt: '2024-04-10T08:30:00Z',
    caption: 'Homemade tagliatelle, recipe in bio',
    size: 20,
  },
  {
    name: 'kitchen.mp4',
    mime: 'video/mp4',
    username: 'chef.anna',
    takenAt: '2024-04-11T19:00:00Z',
    caption: 'Kitchen tour 🍝 Café vibes',
    size: 60,
  },
  {
    name: 'podcast.mp3',
    mime: 'audio/mpeg',
    username: 'chef.anna',
    takenAt: '2024-05-01T00:00:00Z',
    caption: 'Episode 12: sourdough',
    size: 50,
    platform: 'soundcloud',
  },
  {
    name: 'night.jpg',
    mime: 'image/jpeg',
    username: 'nightowl',
    takenAt: '2024-05-01T23:59:59Z',
    caption: 'City lights',
    size: 40,
  },
  {
    name: 'same-time-a.jpg',
    mime: 'image/jpeg',
    username: 'twins',
    takenAt: '2024-06-01T00:00:00Z',
    caption: 'first twin',
    size: 10,
  },
  {
    name: 'same-time-b.jpg',
    mime: 'image/jpeg',
    username: 'twins',
    takenAt: '2024-06-01T00:00:00Z',
    caption: 'second twin',
    size: 10,
  },
];

const kinds = DATABASE_KINDS.filter((kind) => kind === 'pglite' || postgresAvailable);

describe.each(kinds)('catalog search and pages on %s', (database) => {
  let h: Harness;
  const byName = new Map<string, PublicFile>();
  const list = async (query: string, actor = () => h.alice) => {
    const response = await h.app.inject({ method: 'GET', url: `/api/files?${query}`, headers: actor().headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: PublicFile[]; nextCursor: string | null };
  };
  const names = async (query: string) => (await list(query)).items.map((file) => file.name).sort();

  beforeAll(async () => {
    h = await startHarness({ database });
    for (const [index, seed] of SEEDS.entries()) {
      const file = await h.addFile(h.alice, {
        bytes: patternBytes(seed.size, index + 1),
        name: seed.name,
        mime: seed.mime,
        source: {
          platform: seed.platform ?? 'instagram',
          username: seed.username,
          code: `C${index}`,
          takenAt: seed.takenAt,
          caption: seed.caption,
          mediaId: `m${index}`,
        },
      });
      byName.set(seed.name, file);
    }
    await h.addFile(h.bob, {
      bytes: patternBytes(5),
      name: 'bob-waves.jpg',
      source: { platform: 'instagram', username: 'surfer_jo', caption: 'waves too' },
    });
  });
  afterAll(() => h?.close());

  it('finds a post by a word of its caption, by a word prefix, and by all words together', async () => {
    expect(await names('q=malibu')).toEqual(['IMG_beach_001.jpg']);
    expect(await names('q=wave')).toEqual(['IMG_beach_001.jpg', 'reel_1.mp4']);
    expect(await names('q=biggest%20waves')).toEqual(['reel_1.mp4']);
    expect(await names('q=TAGLIATELLE')).toEqual(['pasta.jpg']);
    expect(await names(`q=${encodeURIComponent('café')}`)).toEqual(['kitchen.mp4']);
    expect(await names('q=nothing-like-this')).toEqual([]);
  });

  it('finds files by words of their name and by the author', async () => {
    expect(await names('q=beach')).toEqual(['IMG_beach_001.jpg']);
    expect(await names('q=nightowl')).toEqual(['night.jpg']);
  });

  it('treats search syntax as plain words', async () => {
    expect(await names(`q=${encodeURIComponent("malibu' & !(:*")}`)).toEqual(['IMG_beach_001.jpg']);
    expect((await list(`q=${encodeURIComponent('&|!')}`)).items).toHaveLength(SEEDS.length);
  });

  it('filters by source platform (case-insensitive) and refuses a malformed one', async () => {
    expect(await names('platform=SoundCloud')).toEqual(['podcast.mp3']);
    expect(await names('platform=soundcloud&type=image')).toEqual([]);
    expect((await list('platform=instagram')).items).toHaveLength(SEEDS.length - 1);
    const bad = await h.app.inject({ method: 'GET', url: '/api/files?platform=a%20b', headers: h.alice.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/platform/);
  });

  it("lists the caller's platforms with counts, most files first, and no one else's", async () => {
    const platforms = async (actor: () => typeof h.alice) => {
      const response = await h.app.inject({ method: 'GET', url: '/api/files/platforms', headers: actor().headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().platforms;
    };
    expect(await platforms(() => h.alice)).toEqual([
      { platform: 'instagram', count: SEEDS.length - 1 },
      { platform: 'soundcloud', count: 1 },
    ]);
    expect(await platforms(() => h.bob)).toEqual([{ platform: 'instagram', count: 1 }]);
  });

  it('filters by username (case-insensitive, @ allowed), type and date', async () => {
    expect(await names('username=%40Chef.Anna')).toEqual(['kitchen.mp4', 'pasta.jpg', 'podcast.mp3']);
    expect(await names('type=video')).toEqual(['kitchen.mp4', 'reel_1.mp4']);
    expect(await names('type=audio')).toEqual(['podcast.mp3']);
    expect(await names('username=chef.anna&type=image')).toEqual(['pasta.jpg']);
    expect(await names('from=2024-04-01&to=2024-04-30')).toEqual(['kitchen.mp4', 'pasta.jpg']);
    expect(await names('from=2024-05-01&to=2024-05-01')).toEqual(['night.jpg', 'podcast.mp3']);
    expect(await names('to=2024-05-01T00:00:00Z')).toEqual([
      'IMG_beach_001.jpg',
      'kitchen.mp4',
      'pasta.jpg',
      'reel_1.mp4',
    ]);
    expect(await names('q=waves&username=surfer_jo&type=video&from=2024-03-02')).toEqual(['reel_1.mp4']);
  });

  it("lists only the files named by ids (what one download stored), never another user's", async () => {
    const pasta = byName.get('pasta.jpg')!;
    const reel = byName.get('reel_1.mp4')!;
    const bobs = (await list('', () => h.bob)).items[0]!;
    expect(await names(`ids=${pasta.id},${reel.id},${bobs.id}`)).toEqual(['pasta.jpg', 'reel_1.mp4']);
    expect(await names(`ids=${pasta.id},${reel.id}&type=video`)).toEqual(['reel_1.mp4']);
    const bad = await h.app.inject({ method: 'GET', url: '/api/files?ids=nope', headers: h.alice.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/ids/);
  });

  it('refuses bad dates and foreign cursors with 400 naming the problem', async () => {
    const badDate = await h.app.inject({ method: 'GET', url: '/api/files?from=yesterday', headers: h.alice.headers });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.message).toMatch(/from must be a date/);
    const badCursor = await h.app.inject({
      method: 'GET',
      url: '/api/files?cursor=bm90LWEtY3Vyc29y',
      headers: h.alice.headers,
    });
    expect(badCursor.statusCode).toBe(400);
    const cursor = (await list('limit=2&sort=name')).nextCursor ?? '';
    const otherSort = await h.app.inject({
      method: 'GET',
      url: `/api/files?limit=2&sort=size&cursor=${cursor}`,
      headers: h.alice.headers,
    });
    expect(otherSort.statusCode).toBe(400);
    expect(otherSort.json().error.message).toMatch(/sort "name"/);
  });

  it.each(['newest', 'oldest', 'stored', 'name', 'size'] as const)(
    'pages sorted by %s return every file exactly once, in the sort order',
    async (sort) => {
      const whole = (await list(`sort=${sort}&limit=200`)).items.map((file) => file.id);
      const seen: PublicFile[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: PublicFile[]; nextCursor: string | null } = await list(
          `sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
        // A file added while paging must not shift the pages of the others.
        if (pages === 1) await h.addFile(h.alice, { bytes: patternBytes(15, 99), name: `added-during-${sort}.jpg` });
      } while (cursor && pages < 20);
      const pagedIds = seen.map((file) => file.id);
      expect(new Set(pagedIds).size).toBe(pagedIds.length);
      // Every file that existed before paging, in the same order as one big page.
      expect(pagedIds.filter((id) => whole.includes(id))).toEqual(whole);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(whole.length / 3));
      if (sort === 'name') {
        const chef = (await list('sort=name&username=chef.anna')).items.map((file) => file.name);
        expect(chef).toEqual(['kitchen.mp4', 'pasta.jpg', 'podcast.mp3']);
        return;
      }
      const key = (file: PublicFile) =>
        sort === 'size'
          ? file.size
          : sort === 'stored'
            ? Date.parse(file.createdAt)
            : Date.parse(file.source?.takenAt ?? file.createdAt);
      const keys = seen.filter((file) => whole.includes(file.id)).map(key);
      const ordered = [...keys].sort((a, b) => a - b);
      expect(keys).toEqual(sort === 'oldest' ? ordered : ordered.reverse());
    },
  );

  it('keeps derived-from links, probe facts and sources as registered', async () => {
    const parent = byName.get('reel_1.mp4') as PublicFile;
    const child = await h.addFile(h.alice, {
      bytes: patternBytes(12, 42),
      name: 'reel_1-trim.mp4',
      mime: 'video/mp4',
      origin: 'video-job',
      derivedFrom: [parent.id],
    });
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/internal/files/${child.id}`,
      headers: h.internal,
      payload: { duration: 3.25, probe: { streams: [{ codec: 'h264' }] } },
    });
    expect(patched.statusCode).toBe(200);
    const file = (await h.app.inject({ method: 'GET', url: `/api/files/${child.id}`, headers: h.alice.headers })).json()
      .file as PublicFile;
    expect(file).toMatchObject({
      derivedFrom: [parent.id],
      duration: 3.25,
      origin: { kind: 'video-job' },
      source: null,
    });
    expect(parent.source).toMatchObject({
      platform: 'instagram',
      username: 'surfer_jo',
      code: 'C1',
      takenAt: '2024-03-05T12:00:00.000Z',
      mediaId: 'm1',
    });
    const badLink = await h.app.inject({
      method: 'POST',
      url: '/internal/files',
      headers: h.internal,
      payload: {
        ownerId: h.alice.userId,
        storageKey: 'x/y.jpg',
        name: 'y.jpg',
        mime: 'image/jpeg',
        size: 1,
        sha256: 'a'.repeat(64),
        origin: { kind: 'video-job' },
        derivedFrom: ['not-an-id'],
      },
    });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.json().error.message).toMatch(/derivedFrom must list file ids/);
  });

  it('exports the number of files by type', async () => {
    const metrics = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/smh_files_total\{[^}]*type="audio"[^}]*\} 1\b/);
  });

  it("shows users only their own files and admins everyone's", async () => {
    const bobs = await list('limit=200', () => h.bob);
    expect(bobs.items.map((file) => file.name)).toEqual(['bob-waves.jpg']);
    const all = await list('limit=200', () => h.admin);
    expect(all.items.map((file) => file.ownerId)).toEqual(expect.arrayContaining([h.alice.userId, h.bob.userId]));
    expect((await list('q=waves&limit=200', () => h.admin)).items.map((file) => file.name).sort()).toEqual([
      'IMG_beach_001.jpg',
      'bob-waves.jpg',
      'reel_1.mp4',
    ]);
  });
});
