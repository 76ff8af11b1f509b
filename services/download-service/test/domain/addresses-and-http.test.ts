import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/domain/addresses.js';
import {
  categoryOfMime,
  extensionOfUrl,
  parseContentRange,
  parseLength,
  unsatisfiedRangeTotal,
} from '../../src/domain/http-facts.js';
import { classifyDownloadUrl, needsSession, UnsupportedUrlError } from '../../src/domain/target.js';

describe('private addresses', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    'not-an-ip',
  ])('%s is refused', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });
  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2a03:2880:f12f:83:face:b00c::25de', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('HTTP facts', () => {
  it('parses Content-Range and refuses inconsistent ones', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: undefined });
    expect(parseContentRange('bytes 10-5/100')).toBeUndefined();
    expect(parseContentRange('bytes 0-100/100')).toBeUndefined();
    expect(parseContentRange(undefined)).toBeUndefined();
    expect(unsatisfiedRangeTotal('bytes */4096')).toBe(4096);
    expect(parseLength(' 42 ')).toBe(42);
    expect(parseLength('4x')).toBeUndefined();
  });
  it('reads extensions and categories', () => {
    expect(extensionOfUrl('https://cdn/x/a_b_n.JPG?stp=1')).toBe('jpg');
    expect(categoryOfMime('video/mp4')).toBe('video');
    expect(categoryOfMime('application/pdf')).toBe('other');
  });
});

describe('URL classification', () => {
  it('maps Instagram URLs, usernames and direct URLs', () => {
    expect(classifyDownloadUrl('https://www.instagram.com/p/DAbc123/')).toMatchObject({
      type: 'instagram',
      kind: 'post',
    });
    expect(classifyDownloadUrl('instagram.com/reel/DAbc123')).toMatchObject({ kind: 'reel' });
    expect(classifyDownloadUrl('@fixture.user')).toMatchObject({
      kind: 'profile',
      target: { username: 'fixture.user' },
    });
    expect(classifyDownloadUrl('fixture_user')).toMatchObject({ kind: 'profile' });
    expect(classifyDownloadUrl('https://www.instagram.com/stories/highlights/123/')).toMatchObject({
      kind: 'highlight',
    });
    expect(classifyDownloadUrl('https://cdn.example.com/v.mp4')).toMatchObject({ type: 'direct', kind: 'direct' });
    expect(classifyDownloadUrl('https://e.com/report.pdf')).toMatchObject({ type: 'direct' });
  });
  it('sends pages, feeds and stream manifests of other sites to yt-dlp (the site kind)', () => {
    for (const url of [
      'https://vimeo.com/1',
      'https://www.youtube.com/watch?v=abc',
      'https://e.com/',
      'https://e.com/blog/post',
      'https://e.com/a/page.HTML',
      'https://e.com/watch.php?id=3',
      'https://e.com/feed.xml',
      'https://e.com/live/index.m3u8',
      'https://e.com/dash/manifest.mpd',
    ])
      expect(classifyDownloadUrl(url), url).toMatchObject({ type: 'site', kind: 'site' });
  });
  it('names why a URL cannot be handled', () => {
    expect(() => classifyDownloadUrl('https://user:pw@example.com/x')).toThrow(/credentials/);
    expect(() => classifyDownloadUrl('file:///etc/passwd')).toThrow(UnsupportedUrlError);
    expect(() => classifyDownloadUrl('javascript:alert(1)')).toThrow(/scheme "javascript"/);
  });
  it('knows which downloads need a session', () => {
    expect(needsSession(classifyDownloadUrl('https://www.instagram.com/x/'), ['posts'])).toBeUndefined();
    expect(needsSession(classifyDownloadUrl('https://www.instagram.com/x/'), ['posts', 'stories'])).toMatch(
      /"stories"/,
    );
    expect(needsSession(classifyDownloadUrl('https://e.com/f'), ['stories'])).toBeUndefined();
  });
});
