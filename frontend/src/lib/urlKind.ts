import { classifyDownloadUrl, UnsupportedUrlError, type DownloadSource } from '@smh/shared/download-target';
import type { DownloadKind } from '../api/types.ts';

export interface UrlHint {
  /** What the hub will download, or null when the input cannot be used. */
  kind: DownloadKind | null;
  /** Human description, e.g. "Instagram profile @nasa". */
  label: string;
  /** The URL to send (a bare @username becomes the profile URL). */
  url: string | null;
  username?: string;
  problem?: string;
}

const NOT_A_URL = 'That is not a web address. Paste a full link such as https://www.instagram.com/nasa/.';

function profileUrl(username: string, tab?: string): string {
  return `https://www.instagram.com/${username}/${tab ? `${tab}/` : ''}`;
}

/** The hub's reason ("the site … is not supported") as a sentence of its own. */
function sentence(reason: string): string {
  if (reason === 'it is not a valid URL') return NOT_A_URL;
  const text = reason.charAt(0).toUpperCase() + reason.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
}

function describe(source: DownloadSource, sent: string): UrlHint {
  if (source.type === 'direct')
    return { kind: 'direct', label: `Direct file from ${source.url.hostname}`, url: source.url.toString() };
  if (source.type === 'site')
    return {
      kind: 'site',
      label: `Page on ${source.url.hostname}: the hub checks it for videos with yt-dlp`,
      url: source.url.toString(),
    };
  const target = source.target;
  switch (target.kind) {
    case 'profile':
      return {
        kind: 'profile',
        label: target.tab ? `Instagram ${target.tab} of @${target.username}` : `Instagram profile @${target.username}`,
        url: profileUrl(target.username, target.tab),
        username: target.username,
      };
    case 'post':
      return { kind: 'post', label: `Instagram post ${target.shortcode}`, url: sent };
    case 'reel':
      return { kind: 'reel', label: `Instagram reel ${target.shortcode}`, url: sent };
    case 'story':
      return { kind: 'story', label: `Instagram stories of @${target.username}`, url: sent, username: target.username };
    case 'highlight':
      return { kind: 'highlight', label: `Instagram highlight ${target.highlightId}`, url: sent };
  }
}

/**
 * Tells the user what a pasted link is before it is sent, with the download-service's own classifier: what the
 * hint accepts is what the hub accepts, and a refusal carries the hub's reason.
 */
export function detectUrlKind(input: string): UrlHint {
  const text = input.trim();
  if (text === '') return { kind: null, label: '', url: null, problem: 'Paste a link first.' };
  try {
    const source = classifyDownloadUrl(text);
    const sent = source.type === 'instagram' ? normalized(text) : source.url.toString();
    return describe(source, sent);
  } catch (error) {
    if (error instanceof UnsupportedUrlError)
      return { kind: null, label: '', url: null, problem: sentence(error.reason) };
    return { kind: null, label: '', url: null, problem: NOT_A_URL };
  }
}

/** The pasted Instagram link as an absolute URL ("instagram.com/p/x" → "https://instagram.com/p/x"). */
function normalized(text: string): string {
  return new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`).toString();
}
