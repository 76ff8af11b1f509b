import { describe, expect, it } from 'vitest';
import { InstagramUrlError, parseInstagramUrl } from '../../src/instagram/urls.js';
import { mediaIdToShortcode, shortcodeToMediaId } from '../../src/instagram/shortcode.js';

describe('parseInstagramUrl', () => {
  it.each([
    ['https://www.instagram.com/fixture_user/', { kind: 'profile', username: 'fixture_user' }],
    ['https://instagram.com/Fixture.User', { kind: 'profile', username: 'fixture.user' }],
    ['instagram.com/fixture_user?igsh=abc123', { kind: 'profile', username: 'fixture_user' }],
    ['https://www.instagram.com/fixture_user/reels/', { kind: 'profile', username: 'fixture_user', tab: 'reels' }],
    ['https://www.instagram.com/fixture_user/tagged/', { kind: 'profile', username: 'fixture_user', tab: 'tagged' }],
    ['https://m.instagram.com/p/DH1xO0naABl/?img_index=2', { kind: 'post', shortcode: 'DH1xO0naABl' }],
    ['https://www.instagram.com/fixture_user/p/DH1xO0naABl/', { kind: 'post', shortcode: 'DH1xO0naABl' }],
    ['https://www.instagram.com/tv/BqvsDleB3lV', { kind: 'post', shortcode: 'BqvsDleB3lV' }],
    [
      'https://www.instagram.com/reel/DH1xO0naABm/?utm_source=ig_web_copy_link',
      { kind: 'reel', shortcode: 'DH1xO0naABm' },
    ],
    ['https://www.instagram.com/reels/DH1xO0naABm/', { kind: 'reel', shortcode: 'DH1xO0naABm' }],
    ['https://www.instagram.com/stories/fixture_user/', { kind: 'story', username: 'fixture_user' }],
    [
      'https://www.instagram.com/stories/fixture_user/3600000000000000201/',
      { kind: 'story', username: 'fixture_user', storyMediaId: '3600000000000000201' },
    ],
    [
      'https://www.instagram.com/stories/highlights/18042509488170095/',
      { kind: 'highlight', highlightId: '18042509488170095' },
    ],
    [
      'https://www.instagram.com/s/aGlnaGxpZ2h0OjE4MDQyNTA5NDg4MTcwMDk1?story_media_id=1',
      { kind: 'highlight', highlightId: '18042509488170095' },
    ],
  ])('%s', (url, expected) => {
    expect(parseInstagramUrl(url)).toEqual(expected);
  });

  it.each([
    ['https://www.youtube.com/watch?v=x', /host "www.youtube.com" is not instagram.com/],
    ['https://evil-instagram.com/fixture_user/', /is not instagram.com/],
    ['ftp://instagram.com/fixture_user/', /scheme "ftp:" is not http/],
    ['https://www.instagram.com/', /home page/],
    ['https://www.instagram.com/explore/tags/cats/', /"\/explore\/" pages are not supported/],
    ['https://www.instagram.com/p/', /is not a valid shortcode/],
    ['https://www.instagram.com/stories/highlights/abc/', /not a numeric highlight id/],
    ['https://www.instagram.com/stories/fixture_user/notanid/', /not a numeric story id/],
    ['https://www.instagram.com/fixture_user/followers/', /not a supported profile page/],
    ['https://www.instagram.com/s/bm90LWEtaGlnaGxpZ2h0', /does not point at a highlight/],
    ['http://[bad', /not a valid URL/],
  ])('rejects %s with a reason', (url, reason) => {
    let caught: unknown;
    try {
      parseInstagramUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InstagramUrlError);
    expect((caught as InstagramUrlError).reason).toMatch(reason);
  });
});

describe('shortcode <-> media id', () => {
  it.each([
    ['BqvsDleB3lV', '1922949326347663701'],
    ['BoHk1haB5tM', '1875629777499953996'],
  ])('%s <-> %s (reference pairs)', (code, id) => {
    expect(shortcodeToMediaId(code)).toBe(id);
    expect(mediaIdToShortcode(id)).toBe(code);
    expect(mediaIdToShortcode(BigInt(id))).toBe(code);
  });

  it('accepts a v1 "<pk>_<owner>" id and strips the private-post suffix', () => {
    expect(mediaIdToShortcode('1922949326347663701_25025320')).toBe('BqvsDleB3lV');
    expect(shortcodeToMediaId(`BqvsDleB3lV${'x'.repeat(28)}`)).toBe('1922949326347663701');
  });

  it('round-trips ids up to 2^64-1 without losing digits', () => {
    for (const id of ['1', '64', '3600000000000000101', '18446744073709551615']) {
      expect(shortcodeToMediaId(mediaIdToShortcode(id))).toBe(id);
    }
  });

  it('rejects bad input with a clear message', () => {
    expect(() => shortcodeToMediaId('abc$')).toThrow(/Invalid Instagram shortcode "abc\$"/);
    expect(() => shortcodeToMediaId('__________________')).toThrow(/64 bits/);
    expect(() => mediaIdToShortcode('12a')).toThrow(/Invalid Instagram media id "12a"/);
  });
});
