/** Parses the Instagram URLs users paste into a typed download target. */
import { SHORTCODE_PATTERN } from './shortcode.js';

export type InstagramTarget =
  | { kind: 'profile'; username: string; tab?: 'reels' | 'tagged' }
  | { kind: 'post'; shortcode: string }
  | { kind: 'reel'; shortcode: string }
  | { kind: 'story'; username: string; storyMediaId?: string }
  | { kind: 'highlight'; highlightId: string };

export class InstagramUrlError extends Error {
  override readonly name = 'InstagramUrlError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Unsupported Instagram URL "${url}": ${reason}`);
  }
}

const INSTAGRAM_HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com', 'instagr.am']);
const USERNAME_PATTERN = /^[A-Za-z0-9._]{1,30}$/;
/** First path segments that are Instagram sections, never usernames. */
const RESERVED_SEGMENTS = new Set([
  'about',
  'accounts',
  'api',
  'challenge',
  'developer',
  'direct',
  'explore',
  'graphql',
  'legal',
  'web',
  'emails',
  'session',
  'privacy',
  'terms',
  'press',
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  's',
  'locations',
  'tags',
]);
const HIGHLIGHT_SHARE_PREFIX = 'highlight:';

export function parseInstagramUrl(input: string): InstagramTarget {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new InstagramUrlError(input, 'it is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InstagramUrlError(input, `the scheme "${url.protocol}" is not http(s)`);
  }
  if (!INSTAGRAM_HOSTS.has(url.hostname.toLowerCase())) {
    throw new InstagramUrlError(input, `the host "${url.hostname}" is not instagram.com`);
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const target = matchSegments(segments);
  if (typeof target === 'string') throw new InstagramUrlError(input, target);
  return target;
}

function shortcodeTarget(kind: 'post' | 'reel', code: string | undefined): InstagramTarget | string {
  if (code === undefined || !SHORTCODE_PATTERN.test(code)) return `"${code ?? ''}" is not a valid shortcode`;
  return { kind, shortcode: code };
}

function matchSegments(segments: string[]): InstagramTarget | string {
  const [first, second, third, fourth] = segments;
  if (first === undefined) return 'it points at the home page, not at a profile, post, reel, story or highlight';
  switch (first.toLowerCase()) {
    case 'p':
    case 'tv':
      return shortcodeTarget('post', second);
    case 'reel':
    case 'reels':
      return shortcodeTarget('reel', second);
    case 'stories':
      return matchStories(second, third);
    case 's':
      return matchHighlightShare(second);
  }
  if (RESERVED_SEGMENTS.has(first.toLowerCase())) return `"/${first}/" pages are not supported`;
  if (!USERNAME_PATTERN.test(first)) return `"${first}" is not a valid username`;
  const username = first.toLowerCase();
  if (second === undefined) return { kind: 'profile', username };
  if ((second === 'p' || second === 'reel' || second === 'tv') && third !== undefined) {
    return shortcodeTarget(second === 'reel' ? 'reel' : 'post', third);
  }
  if (fourth === undefined && third === undefined) {
    if (second === 'reels') return { kind: 'profile', username, tab: 'reels' };
    if (second === 'tagged') return { kind: 'profile', username, tab: 'tagged' };
  }
  return `"/${segments.join('/')}/" is not a supported profile page`;
}

function matchStories(second: string | undefined, third: string | undefined): InstagramTarget | string {
  if (second === undefined) return 'a stories URL needs a username or "highlights/<id>"';
  if (second === 'highlights') {
    if (third === undefined || !/^\d+$/.test(third)) return `"${third ?? ''}" is not a numeric highlight id`;
    return { kind: 'highlight', highlightId: third };
  }
  if (!USERNAME_PATTERN.test(second)) return `"${second}" is not a valid username`;
  const username = second.toLowerCase();
  if (third === undefined) return { kind: 'story', username };
  if (!/^\d+$/.test(third)) return `"${third}" is not a numeric story id`;
  return { kind: 'story', username, storyMediaId: third };
}

/** `/s/<base64>` share links decode to "highlight:<id>". */
function matchHighlightShare(encoded: string | undefined): InstagramTarget | string {
  if (encoded === undefined) return 'the share link has no id';
  const decoded = Buffer.from(encoded, 'base64url').toString('utf8');
  const id = decoded.startsWith(HIGHLIGHT_SHARE_PREFIX) ? decoded.slice(HIGHLIGHT_SHARE_PREFIX.length) : '';
  if (!/^\d+$/.test(id)) return 'the share link does not point at a highlight';
  return { kind: 'highlight', highlightId: id };
}
