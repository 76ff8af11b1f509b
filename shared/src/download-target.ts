/**
 * What a pasted download URL asks for: an Instagram target, a direct file, a page of some other site (handed to
 * yt-dlp, whose probe on the server decides what it is), or the reason it cannot be handled.
 * Pure (no Node APIs), so the download-service that decides and the web UI that hints before sending use the
 * same rules: the UI imports this file directly (`@smh/shared/download-target`), never the shared index.
 */

/** Instagram shortcodes: the media id in URL-safe base 64. */
export const SHORTCODE_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Base64url → UTF-8 text ('' when it is not valid base 64). */
function decodeBase64Url(encoded: string): string {
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return '';
  }
}

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
  const decoded = decodeBase64Url(encoded);
  const id = decoded.startsWith(HIGHLIGHT_SHARE_PREFIX) ? decoded.slice(HIGHLIGHT_SHARE_PREFIX.length) : '';
  if (!/^\d+$/.test(id)) return 'the share link does not point at a highlight';
  return { kind: 'highlight', highlightId: id };
}

export type DownloadKind = 'profile' | 'post' | 'reel' | 'story' | 'highlight' | 'direct' | 'site';
export const DOWNLOAD_KINDS: readonly DownloadKind[] = [
  'profile',
  'post',
  'reel',
  'story',
  'highlight',
  'direct',
  'site',
];

export type DownloadSource =
  | { type: 'instagram'; kind: Exclude<DownloadKind, 'direct' | 'site'>; target: InstagramTarget }
  | { type: 'direct'; kind: 'direct'; url: URL }
  | { type: 'site'; kind: 'site'; url: URL };

export class UnsupportedUrlError extends Error {
  override readonly name = 'UnsupportedUrlError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Cannot download "${url.length > 200 ? `${url.slice(0, 200)}…` : url}": ${reason}`);
  }
}

const INSTAGRAM_PAGE_HOSTS = /(^|\.)(instagram\.com|instagr\.am)$/i;
/** Extensions of pages, feeds and stream manifests: what yt-dlp reads, never a file to store as it is. */
const PAGE_EXTENSIONS = new Set([
  'html',
  'htm',
  'xhtml',
  'shtml',
  'php',
  'asp',
  'aspx',
  'jsp',
  'cfm',
  'cgi',
  'm3u8',
  'm3u',
  'mpd',
  'f4m',
  'ism',
  'xml',
  'rss',
  'atom',
]);

/** A URL whose last path segment has a file extension that is not a page's: a file to fetch as it is. */
export function isDirectFileUrl(url: URL): boolean {
  const last = url.pathname.split('/').pop() ?? '';
  const ext = last.match(/\.([A-Za-z0-9]{1,8})$/)?.[1]?.toLowerCase();
  return ext !== undefined && !PAGE_EXTENSIONS.has(ext);
}

/** Classifies a user URL. Pure: DNS and address checks happen in the URL guard, the site probe on the server. */
export function classifyDownloadUrl(input: string): DownloadSource {
  const text = input.trim();
  // "@name" or a bare word without a dot is an Instagram username (what subscriptions are made of).
  const username = text.match(/^@([A-Za-z0-9._]{1,30})$/)?.[1] ?? text.match(/^([A-Za-z0-9_]{1,30})$/)?.[1];
  if (username) return classifyDownloadUrl(`https://www.instagram.com/${username}/`);
  let url: URL;
  try {
    // Browsers percent-encode spaces in a host where Node refuses them: refuse them here, so both agree.
    if (/\s/.test(text)) throw new TypeError('whitespace');
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    throw new UnsupportedUrlError(input, 'it is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsupportedUrlError(
      input,
      `the scheme "${url.protocol.replace(/:$/, '')}" is not supported (use http or https)`,
    );
  }
  if (url.username || url.password)
    throw new UnsupportedUrlError(input, 'URLs with embedded credentials are not accepted');
  if (!url.hostname) throw new UnsupportedUrlError(input, 'the URL has no host');
  const host = url.hostname.toLowerCase();
  if (INSTAGRAM_PAGE_HOSTS.test(host)) {
    let target: InstagramTarget;
    try {
      target = parseInstagramUrl(url.toString());
    } catch (error) {
      if (error instanceof InstagramUrlError) throw new UnsupportedUrlError(input, error.reason);
      throw error;
    }
    return { type: 'instagram', kind: target.kind, target };
  }
  if (isDirectFileUrl(url)) return { type: 'direct', kind: 'direct', url };
  return { type: 'site', kind: 'site', url };
}
