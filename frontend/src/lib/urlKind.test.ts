// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { detectUrlKind } from './urlKind.ts';

describe('detectUrlKind', () => {
  it.each([
    ['https://www.instagram.com/nasa/', 'profile', 'https://www.instagram.com/nasa/'],
    ['instagram.com/nasa', 'profile', 'https://www.instagram.com/nasa/'],
    ['https://www.instagram.com/nasa/?hl=en', 'profile', 'https://www.instagram.com/nasa/'],
    ['@nasa', 'profile', 'https://www.instagram.com/nasa/'],
    ['nasa_official', 'profile', 'https://www.instagram.com/nasa_official/'],
    ['https://www.instagram.com/p/C0dE123abc/', 'post', 'https://www.instagram.com/p/C0dE123abc/'],
    ['https://www.instagram.com/nasa/p/C0dE123abc/', 'post', 'https://www.instagram.com/nasa/p/C0dE123abc/'],
    ['https://www.instagram.com/reel/Cxyz/', 'reel', 'https://www.instagram.com/reel/Cxyz/'],
    ['https://www.instagram.com/reels/Cxyz/', 'reel', 'https://www.instagram.com/reels/Cxyz/'],
    ['https://www.instagram.com/stories/nasa/', 'story', 'https://www.instagram.com/stories/nasa/'],
    [
      'https://www.instagram.com/stories/nasa/3141592653/',
      'story',
      'https://www.instagram.com/stories/nasa/3141592653/',
    ],
    [
      'https://www.instagram.com/stories/highlights/17890000000/',
      'highlight',
      'https://www.instagram.com/stories/highlights/17890000000/',
    ],
    ['https://cdn.example.com/video.mp4', 'direct', 'https://cdn.example.com/video.mp4'],
    ['http://localhost:9000/a.jpg', 'direct', 'http://localhost:9000/a.jpg'],
    // Other sites' pages go to the hub, whose yt-dlp probe decides (issue 17): never called a direct file.
    [
      'https://www.tiktok.com/@someone/video/7300000000000000000',
      'site',
      'https://www.tiktok.com/@someone/video/7300000000000000000',
    ],
    ['https://youtu.be/dQw4w9WgXcQ', 'site', 'https://youtu.be/dQw4w9WgXcQ'],
    ['https://example.com/videos/page.html', 'site', 'https://example.com/videos/page.html'],
    ['https://cdn.example.com/live/index.m3u8', 'site', 'https://cdn.example.com/live/index.m3u8'],
    ['https://cdn.example.com/stream/manifest.mpd', 'site', 'https://cdn.example.com/stream/manifest.mpd'],
  ])('%s → %s', (input, kind, url) => {
    const hint = detectUrlKind(input);
    expect(hint.kind).toBe(kind);
    expect(hint.url).toBe(url);
    expect(hint.problem).toBeUndefined();
  });

  it('says a page of another site is checked by the hub', () => {
    expect(detectUrlKind('https://vimeo.com/76979871').label).toBe(
      'Page on vimeo.com: the hub checks it for videos with yt-dlp',
    );
  });

  it('names the profile in the label', () => {
    expect(detectUrlKind('https://instagram.com/nasa/').label).toBe('Instagram profile @nasa');
    expect(detectUrlKind('https://instagram.com/stories/nasa/').username).toBe('nasa');
  });

  it.each([
    ['', 'Paste a link first.'],
    ['   ', 'Paste a link first.'],
    ['ftp://files.example.com/a.mp4', 'The scheme "ftp" is not supported (use http or https).'],
    ['not a link at all', 'not a web address'],
    ['https://www.instagram.com/explore/', '"/explore/" pages are not supported.'],
    ['https://www.instagram.com/accounts/login/', '"/accounts/" pages are not supported.'],
    ['https://www.instagram.com/explore/tags/cats/', 'pages are not supported'],
  ])('explains why %j cannot be used', (input, problem) => {
    const hint = detectUrlKind(input);
    expect(hint.kind).toBeNull();
    expect(hint.url).toBeNull();
    expect(hint.problem).toContain(problem);
  });
});
