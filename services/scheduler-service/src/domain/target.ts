/**
 * What a subscription follows: an Instagram profile (a username or a profile URL), or a channel, playlist or profile
 * page of another site (an http(s) URL yt-dlp reads, as a collection). Pure.
 */
import { isDirectFileUrl } from '@smh/shared/download-target';

const USERNAME = /^[A-Za-z0-9._]{1,30}$/;
const PROFILE_HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com']);
/** First path segments that are Instagram pages, not profiles. */
const NOT_PROFILES = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  'explore',
  'accounts',
  'direct',
  'about',
  'developer',
  'legal',
]);

export class TargetError extends Error {
  override name = 'TargetError';
}

export type Target = { kind: 'instagram'; username: string } | { kind: 'site'; url: string };

const INSTAGRAM_HOSTS = /(^|\.)(instagram\.com|instagr\.am)$/i;

/**
 * An Instagram target as before (same errors), or any other http(s) page URL → a site target whose `url` is the
 * canonical form (host lower-cased, no fragment, no credentials): the key two equal subscriptions share.
 */
export function parseSubscriptionTarget(input: string): Target {
  const text = input.trim();
  if (!/^https?:\/\//i.test(text)) return { kind: 'instagram', username: parseTarget(text) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError(`"${text}" is not a valid URL`);
  }
  if (INSTAGRAM_HOSTS.test(url.hostname)) return { kind: 'instagram', username: parseTarget(text) };
  if (url.username || url.password) throw new TargetError(`"${text}" must not contain a user name or password`);
  if (isDirectFileUrl(url))
    throw new TargetError(`"${text}" is a single file, not a page: subscribe to a channel, playlist or profile page`);
  url.hash = '';
  return { kind: 'site', url: url.toString() };
}

/**
 * "natgeo", "@natgeo" or "https://www.instagram.com/natgeo/" → "natgeo" (lower case: usernames are
 * case-insensitive). Anything else throws a TargetError saying what is wrong.
 */
export function parseTarget(input: string): string {
  const text = input.trim();
  if (text === '')
    throw new TargetError(
      'is empty: give an Instagram username, a profile URL such as https://www.instagram.com/<user>/, or the URL of a channel, playlist or profile page of another site',
    );
  if (!/^https?:\/\//i.test(text)) return checkUsername(text.replace(/^@/, ''), text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError(`"${text}" is not a valid URL`);
  }
  if (url.protocol !== 'https:') throw new TargetError(`"${text}" must use https://`);
  if (!PROFILE_HOSTS.has(url.hostname.toLowerCase()))
    throw new TargetError(`"${text}" is not an Instagram URL (expected https://www.instagram.com/<user>/)`);
  const segments = url.pathname.split('/').filter(Boolean);
  const first = segments[0];
  if (first === undefined)
    throw new TargetError(`"${text}" names no profile (expected https://www.instagram.com/<user>/)`);
  if (NOT_PROFILES.has(first.toLowerCase()))
    throw new TargetError(
      `"${text}" is a post, reel or story URL, not a profile: subscribe to https://www.instagram.com/<user>/`,
    );
  if (segments.length > 1)
    throw new TargetError(`"${text}" is not a profile URL (expected https://www.instagram.com/<user>/)`);
  return checkUsername(decodeURIComponent(first), text);
}

function checkUsername(candidate: string, original: string): string {
  if (!USERNAME.test(candidate)) {
    throw new TargetError(
      `"${original}" is not an Instagram username (1–30 letters, digits, "." or "_") nor a profile URL`,
    );
  }
  return candidate.toLowerCase();
}

/** The page a subscription syncs: its site page, or its Instagram profile. */
export function subscriptionUrl(subscription: { username: string; sourceUrl: string | null }): string {
  return subscription.sourceUrl ?? profileUrl(subscription.username);
}

/** The canonical profile URL download-service understands. */
export function profileUrl(username: string): string {
  return `https://www.instagram.com/${username}/`;
}
