import { describe, expect, it } from 'vitest';
import { HostLimiter } from '../../src/adapters/host-limiter.js';
import { instagramArchiveKey, isArchivedMedia, planInstagramItems } from '../../src/domain/plan.js';
import { ProgressMeter } from '../../src/domain/progress.js';
import type { InstagramMedia } from '../../src/instagram/media.js';

function media(id: string, resources: number, extra: Partial<InstagramMedia> = {}): InstagramMedia {
  return {
    id,
    shortcode: `S${id}`,
    owner: { id: '1', username: 'u' },
    takenAt: new Date('2026-01-01T00:00:00Z'),
    caption: 'c',
    productType: 'feed',
    pinned: false,
    resources: Array.from({ length: resources }, (_, index) => ({
      index,
      kind: index === 1 ? ('video' as const) : ('image' as const),
      id: `${id}${index}`,
      url: `https://cdn/x/${id}_${index}.${index === 1 ? 'mp4' : 'jpg'}`,
      width: 10,
      height: 10,
    })),
    ...extra,
  };
}

describe('planning', () => {
  it('one item per resource, duplicates dropped, profile picture first, sidecar data on every item', () => {
    const items = planInstagramItems(
      [
        { media: media('10', 3), label: 'post' },
        { media: media('11', 1, { productType: 'clips' }), label: 'post' },
        { media: media('10', 3), label: 'reel' },
      ],
      { id: '1', username: 'u', profilePicUrl: 'https://cdn/v/t51.2885-19/1_320x320_n.jpg' },
    );
    expect(items.map((item) => item.mediaKey)).toEqual([
      'instagram:profile_pic:1:1_320x320_n.jpg',
      'instagram:10_0',
      'instagram:10_1',
      'instagram:10_2',
      'instagram:11_0',
    ]);
    expect(items.map((item) => item.position)).toEqual([0, 1, 2, 3, 4]);
    expect(items[2]).toMatchObject({
      kind: 'video',
      platformMediaId: '10_1',
      meta: { multi: true, ext: 'mp4', label: 'post' },
    });
    expect(items[4]!.meta).toMatchObject({ label: 'reel', multi: false });
    expect(items[1]!.meta.sidecar).toMatchObject({
      id: '10',
      shortcode: 'S10',
      resources: [{ index: 0 }, { index: 1 }, { index: 2 }],
    });
  });

  it('a post counts as archived only when all its resources are', () => {
    const post = media('20', 2);
    expect(isArchivedMedia(post, new Set([instagramArchiveKey('20', 0)]))).toBe(false);
    expect(isArchivedMedia(post, new Set([instagramArchiveKey('20', 0), instagramArchiveKey('20', 1)]))).toBe(true);
  });
});

describe('progress meter', () => {
  it('measures speed over its window and throttles flushes', () => {
    let now = 0;
    const meter = new ProgressMeter({ filesDone: 0, filesTotal: 2, bytesDone: 0, bytesTotal: 0 }, () => now, 500);
    expect(meter.shouldFlush()).toBe(true);
    meter.addBytes(1000);
    now = 1000;
    meter.addBytes(1000);
    expect(meter.speedBps()).toBe(1000);
    now = 1200;
    expect(meter.shouldFlush()).toBe(true);
    now = 1300;
    expect(meter.shouldFlush()).toBe(false);
    expect(meter.shouldFlush(true)).toBe(true);
    meter.removeBytes(5000);
    expect(meter.snapshot().bytesDone).toBe(0);
  });
});

describe('host limiter', () => {
  it('never runs more than the limit per host, and other hosts are not held up', async () => {
    const limiter = new HostLimiter(2);
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      new Promise<void>((resolve) => {
        peak = Math.max(peak, limiter.inFlight('a'));
        releases.push(resolve);
      });
    const running = Array.from({ length: 5 }, () => limiter.run('a', task));
    let otherRan = false;
    await limiter.run('b', async () => {
      otherRan = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(otherRan).toBe(true);
    expect(releases).toHaveLength(2);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(running);
    expect(peak).toBe(2);
  });
});
