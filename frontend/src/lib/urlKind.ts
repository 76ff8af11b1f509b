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

/** First path segments of instagram.com that are not profiles. */
const RESERVED = new Set([
  'about',
  'accounts',
  'api',
  'challenge',
  'developer',
  'direct',
  'emails',
  'explore',
  'graphql',
  'legal',
  'oauth',
  'privacy',
  'reels',
  'session',
  'static',
  'terms',
  'tv',
  'web',
]);
const USERNAME = /^[A-Za-z0-9._]{1,30}$/;
const INSTAGRAM_HOST = /(^|\.)instagram\.com$|^instagr\.am$/i;

function profileUrl(username: string): string {
  return `https://www.instagram.com/${username}/`;
}

/** Tells the user what a pasted link is before it is sent (the hub has the final word). */
export function detectUrlKind(input: string): UrlHint {
  const text = input.trim();
  if (text === '') return { kind: null, label: '', url: null, problem: 'Paste a link first.' };

  const bare = text.startsWith('@') ? text.slice(1) : text;
  if (
    !/[/:]/.test(bare) &&
    !bare.includes(' ') &&
    USERNAME.test(bare) &&
    (text.startsWith('@') || !bare.includes('.'))
  ) {
    return { kind: 'profile', label: `Instagram profile @${bare}`, url: profileUrl(bare), username: bare };
  }

  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return {
      kind: null,
      label: '',
      url: null,
      problem: 'That is not a web address. Paste a full link such as https://www.instagram.com/nasa/.',
    };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { kind: null, label: '', url: null, problem: 'Only http and https links can be downloaded.' };
  }
  if (!parsed.hostname.includes('.') && parsed.hostname !== 'localhost') {
    return { kind: null, label: '', url: null, problem: 'That link has no valid host name.' };
  }
  const url = parsed.toString();
  if (!INSTAGRAM_HOST.test(parsed.hostname))
    return { kind: 'direct', label: `Direct file from ${parsed.hostname}`, url };

  const parts = parsed.pathname.split('/').filter(Boolean);
  const [first, second, third] = parts;
  if ((first === 'p' || first === 'tv') && second) return { kind: 'post', label: `Instagram post ${second}`, url };
  if ((first === 'reel' || first === 'reels') && second)
    return { kind: 'reel', label: `Instagram reel ${second}`, url };
  if (first === 'stories' && second === 'highlights' && third) {
    return { kind: 'highlight', label: `Instagram highlight ${third}`, url };
  }
  if (first === 'stories' && second && second !== 'highlights') {
    return { kind: 'story', label: `Instagram stories of @${second}`, url, username: second };
  }
  if (first && !RESERVED.has(first.toLowerCase()) && USERNAME.test(first)) {
    if (second === 'p' || second === 'reel') {
      const code = third;
      if (code)
        return {
          kind: second === 'p' ? 'post' : 'reel',
          label: `Instagram ${second === 'p' ? 'post' : 'reel'} ${code}`,
          url,
        };
    }
    return { kind: 'profile', label: `Instagram profile @${first}`, url: profileUrl(first), username: first };
  }
  return {
    kind: null,
    label: '',
    url: null,
    problem: 'This Instagram page is not a profile, post, reel, story or highlight.',
  };
}
