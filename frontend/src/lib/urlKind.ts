import { activeLocale, msg, t } from '../i18n/index.ts';
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

const NOT_A_URL = msg('That is not a web address. Paste a full link such as https://www.instagram.com/nasa/.');

function profileUrl(username: string, tab?: string): string {
  return `https://www.instagram.com/${username}/${tab ? `${tab}/` : ''}`;
}

/**
 * The classifier's reasons (shared with the server, in English) as sentences in the reader's language; `value` is
 * the part of the link the reason names. English readers get the hub's own wording.
 */
const REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^"(.*)" is not a valid shortcode$/, msg('"{{value}}" is not a valid post code.')],
  [
    /^it points at the home page, not at a profile, post, reel, story or highlight$/,
    msg('The link points at the home page, not at a profile, post, reel, story or highlight.'),
  ],
  [/^"\/(.*)\/" pages are not supported$/, msg('"/{{value}}/" pages are not supported.')],
  [/^"(.*)" is not a valid username$/, msg('"{{value}}" is not a valid username.')],
  [/^"\/(.*)\/" is not a supported profile page$/, msg('"/{{value}}/" is not a supported profile page.')],
  [
    /^a stories URL needs a username or "highlights\/<id>"$/,
    msg('A stories link needs a username or "highlights/<id>".'),
  ],
  [/^"(.*)" is not a numeric highlight id$/, msg('"{{value}}" is not a numeric highlight id.')],
  [/^"(.*)" is not a numeric story id$/, msg('"{{value}}" is not a numeric story id.')],
  [/^the share link has no id$/, msg('The share link has no id.')],
  [/^the share link does not point at a highlight$/, msg('The share link does not point at a highlight.')],
  [
    /^the scheme "(.*)" is not supported \(use http or https\)$/,
    msg('Links starting with "{{value}}:" are not supported (use http or https).'),
  ],
  [
    /^URLs with embedded credentials are not accepted$/,
    msg('Links with a user name or password in them are not accepted.'),
  ],
  [/^the URL has no host$/, msg('The link has no host.')],
];

/** The hub's reason ("the site … is not supported") as a sentence of its own. */
function sentence(reason: string): string {
  if (reason === 'it is not a valid URL') return t(NOT_A_URL);
  if (activeLocale() !== 'en') {
    for (const [pattern, key] of REASONS) {
      const match = reason.match(pattern);
      if (match) return t(key, { value: match[1] ?? '' });
    }
  }
  const text = reason.charAt(0).toUpperCase() + reason.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
}

function describe(source: DownloadSource, sent: string): UrlHint {
  if (source.type === 'direct')
    return {
      kind: 'direct',
      label: t('Direct file from {{host}}', { host: source.url.hostname }),
      url: source.url.toString(),
    };
  if (source.type === 'site')
    return {
      kind: 'site',
      label: t('Page on {{host}}: the hub checks it for videos with yt-dlp', { host: source.url.hostname }),
      url: source.url.toString(),
    };
  const target = source.target;
  switch (target.kind) {
    case 'profile':
      return {
        kind: 'profile',
        label: target.tab
          ? t('Instagram {{tab}} of @{{username}}', { tab: target.tab, username: target.username })
          : t('Instagram profile @{{username}}', { username: target.username }),
        url: profileUrl(target.username, target.tab),
        username: target.username,
      };
    case 'post':
      return { kind: 'post', label: t('Instagram post {{shortcode}}', { shortcode: target.shortcode }), url: sent };
    case 'reel':
      return { kind: 'reel', label: t('Instagram reel {{shortcode}}', { shortcode: target.shortcode }), url: sent };
    case 'story':
      return {
        kind: 'story',
        label: t('Instagram stories of @{{username}}', { username: target.username }),
        url: sent,
        username: target.username,
      };
    case 'highlight':
      return { kind: 'highlight', label: t('Instagram highlight {{id}}', { id: target.highlightId }), url: sent };
  }
}

/**
 * Tells the user what a pasted link is before it is sent, with the download-service's own classifier: what the
 * hint accepts is what the hub accepts, and a refusal carries the hub's reason.
 */
export function detectUrlKind(input: string): UrlHint {
  const text = input.trim();
  if (text === '') return { kind: null, label: '', url: null, problem: t('Paste a link first.') };
  try {
    const source = classifyDownloadUrl(text);
    const sent = source.type === 'instagram' ? normalized(text) : source.url.toString();
    return describe(source, sent);
  } catch (error) {
    if (error instanceof UnsupportedUrlError)
      return { kind: null, label: '', url: null, problem: sentence(error.reason) };
    return { kind: null, label: '', url: null, problem: t(NOT_A_URL) };
  }
}

/** The pasted Instagram link as an absolute URL ("instagram.com/p/x" → "https://instagram.com/p/x"). */
function normalized(text: string): string {
  return new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`).toString();
}
