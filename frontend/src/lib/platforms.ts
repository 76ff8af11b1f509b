import { msg } from '../i18n/index.ts';

/** Platforms every library can hold, offered in the filter even before a file of theirs arrives. */
export const BUILT_IN_PLATFORMS = ['instagram', 'direct'] as const;

const PLATFORM_LABEL: Record<string, string> = {
  instagram: msg('Instagram'),
  direct: msg('Direct link'),
  generic: msg('Web page'),
};

/**
 * How well-known sites spell themselves, by yt-dlp's lower-cased extractor name (the catalog's platform). Product
 * names: the same in every language.
 */
const SITE_NAME: Record<string, string> = {
  bandcamp: 'Bandcamp',
  bilibili: 'Bilibili',
  bluesky: 'Bluesky',
  dailymotion: 'Dailymotion',
  peertube: 'PeerTube',
  reddit: 'Reddit',
  soundcloud: 'SoundCloud',
  tiktok: 'TikTok',
  twitch: 'Twitch',
  vimeo: 'Vimeo',
  youtube: 'YouTube',
};

/**
 * The message key naming a platform: Instagram, direct links and yt-dlp's generic extractor have translated names;
 * a well-known site is spelled as it spells itself (PeerTube, YouTube); any other yt-dlp extractor is shown by its
 * own name. Neither of the last two is translated.
 */
export function platformLabelKey(platform: string): string {
  const key = platform.toLowerCase();
  return PLATFORM_LABEL[key] ?? SITE_NAME[key] ?? platform;
}

/** The options of the platform filter: the built-in ones, then those present, then the chosen one, each once. */
export function platformOptions(present: readonly string[], chosen: string): string[] {
  const all = [...BUILT_IN_PLATFORMS, ...present.map((p) => p.toLowerCase()), ...(chosen ? [chosen] : [])];
  return [...new Set(all)];
}
