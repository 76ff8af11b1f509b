import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isCroppedCandidate,
  normalizeGraphqlMedia,
  normalizeProfile,
  normalizeV1Media,
  pickBestImage,
} from '../../src/instagram/normalize.js';
import { feedPageSchema, profileResponseSchema, reelsMediaSchema, v1MediaSchema } from '../../src/instagram/schemas.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('v1 items (reference fixture B: feed/user)', () => {
  const page = feedPageSchema.parse(fixture('feed-user.json'));
  const [photo, reel, carousel] = page.items.map((item) => normalizeV1Media(item));

  it('keeps the pagination cursor', () => {
    expect(page.more_available).toBe(true);
    expect(page.next_max_id).toBe('3600000000000000103_1234567890');
  });

  it('normalises the photo with the 1440 original, not the 1080 copy', () => {
    expect(photo).toMatchObject({
      id: '3600000000000000101',
      shortcode: 'DH1xO0naABl',
      owner: { id: '1234567890', username: 'fixture_user' },
      caption: 'First photo #fixtures',
      productType: 'feed',
      pinned: false,
      likeCount: 10,
      commentCount: 1,
      location: { id: '213385402', name: 'Berlin, Germany', lat: 52.52, lng: 13.405 },
    });
    expect(photo!.takenAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(photo!.resources).toEqual([
      expect.objectContaining({ index: 0, kind: 'image', width: 1440, height: 1800, id: '3600000000000000101' }),
    ]);
    expect(photo!.resources[0]!.url).toContain('oh=00_BBBE');
  });

  it('picks the largest video version and keeps the cover as thumbnail', () => {
    expect(reel).toMatchObject({ productType: 'clips', caption: 'A reel' });
    expect(reel!.resources).toEqual([
      expect.objectContaining({ kind: 'video', width: 1080, height: 1920, durationSec: 12.5 }),
    ]);
    expect(reel!.resources[0]!.url).toContain('AQ_fixture_1080.mp4');
    expect(reel!.resources[0]!.thumbnailUrl).toContain('oh=00_CCCA');
  });

  it('returns every carousel child, photo and video, in order', () => {
    expect(carousel).toMatchObject({ productType: 'carousel_container', caption: null });
    expect(carousel!.resources.map((r) => [r.index, r.kind, r.id])).toEqual([
      [0, 'image', '3600000000000000104'],
      [1, 'video', '3600000000000000105'],
    ]);
    expect(carousel!.resources[1]!.url).toContain('AQ_fixture_carousel.mp4');
  });
});

describe('best image choice', () => {
  const full = { url: 'https://cdn/x.jpg?stp=dst-jpg_e35_p640x1136', width: 640, height: 1136 };
  const crop = { url: 'https://cdn/x.jpg?stp=c0.248.1080.1080a_dst-jpg_e35_s1080x1080', width: 1080, height: 1080 };
  const small = { url: 'https://cdn/x.jpg?stp=dst-jpg_e35_p320x568', width: 320, height: 568 };

  it('never picks a square crop even when its area is larger', () => {
    expect(isCroppedCandidate(crop.url)).toBe(true);
    expect(pickBestImage([crop, small, full], { width: 640, height: 1136 })).toBe(full);
    expect(pickBestImage([crop, small, full])).toBe(full);
  });

  it('prefers the original aspect ratio when the original size is known', () => {
    const squareUncropped = { url: 'https://cdn/y.jpg?stp=dst-jpg', width: 1000, height: 1000 };
    expect(pickBestImage([squareUncropped, full], { width: 1280, height: 2272 })).toBe(full);
  });

  it('falls back to the first candidate when all are crops', () => {
    expect(pickBestImage([crop])).toBe(crop);
    expect(pickBestImage([])).toBeUndefined();
  });
});

describe('numeric pks from i.instagram.com', () => {
  it('takes the pk from the string id instead of a rounded JSON number', () => {
    const item = v1MediaSchema.parse(
      JSON.parse(
        '{"pk":3600000000000000101,"id":"3600000000000000101_1","code":"DH1xO0naABl","media_type":1,"taken_at":1,' +
          '"user":{"pk":1,"username":"u"},"image_versions2":{"candidates":[{"url":"u","width":1,"height":1}]}}',
      ),
    );
    expect(item.pk).not.toBe('3600000000000000101');
    expect(normalizeV1Media(item).id).toBe('3600000000000000101');
  });
});

describe('reels_media (reference fixture C: stories)', () => {
  it('reads both the dict and list forms into story media', () => {
    const body = reelsMediaSchema.parse(fixture('reels-media.json'));
    const fromDict = body.reels!['1234567890']!.items.map((item) => normalizeV1Media(item));
    const fromList = body.reels_media![0]!.items.map((item) => normalizeV1Media(item));
    expect(fromList).toEqual(fromDict);
    expect(fromDict.map((m) => [m.productType, m.resources[0]!.kind, m.resources[0]!.width])).toEqual([
      ['story', 'image', 1080],
      ['story', 'video', 1080],
    ]);
    expect(fromDict[1]!.resources[0]!.url).toContain('AQ_fixture_story.mp4');
    expect(fromDict[0]!.expiresAt?.getTime()).toBe(1_767_571_200_000);
  });
});

describe('web_profile_info (reference fixture A)', () => {
  const user = profileResponseSchema.parse(fixture('web-profile-info.json')).data.user!;

  it('normalises the profile with the HD picture', () => {
    expect(normalizeProfile(user)).toEqual({
      id: '1234567890',
      username: 'fixture_user',
      fullName: 'Fixture User',
      biography: 'Test account #fixtures',
      isPrivate: false,
      isVerified: false,
      followedByViewer: false,
      postCount: 3,
      followerCount: 42,
      followingCount: 7,
      profilePicUrl: expect.stringContaining('s320x320'),
      recentPosts: user.edge_owner_to_timeline_media!.edges!.map((edge) =>
        normalizeGraphqlMedia(edge.node, { id: '1234567890', username: 'fixture_user' }),
      ),
    });
    expect(normalizeProfile(user).recentPosts.map((media) => media.owner.username)).toEqual(['fixture_user']);
  });

  it('normalises a GraphQL timeline node with the largest display resource', () => {
    const node = user.edge_owner_to_timeline_media!.edges![0]!.node;
    const media = normalizeGraphqlMedia(node);
    expect(media).toMatchObject({
      id: '3600000000000000101',
      shortcode: 'DH1xO0naABl',
      caption: 'First photo #fixtures',
      productType: 'feed',
      owner: { id: '1234567890', username: 'fixture_user' },
      likeCount: 10,
      commentCount: 1,
    });
    expect(media.resources).toEqual([expect.objectContaining({ kind: 'image', width: 1080, height: 1350 })]);
    expect(media.resources[0]!.url).not.toContain('c0.135.1080.1080a');
  });
});
