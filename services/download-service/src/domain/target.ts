/** What a pasted URL asks for: an Instagram target, a direct file, or a clear reason why it cannot be handled. */
import { InstagramUrlError, parseInstagramUrl, type InstagramTarget } from '../instagram/urls.js';

export type DownloadKind = 'profile' | 'post' | 'reel' | 'story' | 'highlight' | 'direct';
export const DOWNLOAD_KINDS: readonly DownloadKind[] = ['profile', 'post', 'reel', 'story', 'highlight', 'direct'];

export type DownloadSource =
  | { type: 'instagram'; kind: Exclude<DownloadKind, 'direct'>; target: InstagramTarget }
  | { type: 'direct'; kind: 'direct'; url: URL };

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
/** Sites whose pages are not files and that this hub has no extractor for. */
const UNSUPPORTED_SITES =
  /(^|\.)(youtube\.com|youtu\.be|tiktok\.com|twitter\.com|x\.com|facebook\.com|fb\.watch|threads\.net|vimeo\.com|reddit\.com)$/i;

/** Classifies a user URL. Pure: DNS and address checks happen in the URL guard. */
export function classifyDownloadUrl(input: string): DownloadSource {
  const text = input.trim();
  // "@name" or a bare word without a dot is an Instagram username (what subscriptions are made of).
  const username = text.match(/^@([A-Za-z0-9._]{1,30})$/)?.[1] ?? text.match(/^([A-Za-z0-9_]{1,30})$/)?.[1];
  if (username) return classifyDownloadUrl(`https://www.instagram.com/${username}/`);
  let url: URL;
  try {
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
  if (UNSUPPORTED_SITES.test(host)) {
    throw new UnsupportedUrlError(
      input,
      `the site "${host}" is not supported (only Instagram and direct file URLs are)`,
    );
  }
  return { type: 'direct', kind: 'direct', url };
}

/** Downloads of these kinds only work with an Instagram session. */
export function needsSession(source: DownloadSource, include: readonly string[]): string | undefined {
  if (source.type !== 'instagram') return undefined;
  if (source.kind === 'story') return 'stories can only be downloaded with an Instagram session (sessionId)';
  if (source.kind === 'highlight') return 'highlights can only be downloaded with an Instagram session (sessionId)';
  const needing = include.filter((part) => part === 'stories' || part === 'highlights');
  if (source.kind === 'profile' && needing.length > 0)
    return `include "${needing.join('", "')}" needs an Instagram session (sessionId)`;
  return undefined;
}

/** What a download is of, independent of how its URL was written ("@name", a profile URL, a trailing slash). Pure. */
export function targetKey(source: DownloadSource): string {
  if (source.type === 'direct') return `direct:${source.url.toString()}`;
  const target = Object.entries(source.target)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${String(value).toLowerCase()}`);
  return `instagram:${target.join('&')}`;
}
