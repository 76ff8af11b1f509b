import { msg } from '../i18n/index.ts';

/** Platforms every library can hold, offered in the filter even before a file of theirs arrives. */
export const BUILT_IN_PLATFORMS = ['instagram', 'direct'] as const;

const PLATFORM_LABEL: Record<string, string> = {
  instagram: msg('Instagram'),
  direct: msg('Direct link'),
  generic: msg('Web page'),
};

/**
 * The message key naming a platform: Instagram, direct links and yt-dlp's generic extractor have translated names;
 * any other yt-dlp extractor (youtube, peertube...) is shown by its own name, which is not translated.
 */
export function platformLabelKey(platform: string): string {
  return PLATFORM_LABEL[platform.toLowerCase()] ?? platform;
}

/** The options of the platform filter: the built-in ones, then those present, then the chosen one, each once. */
export function platformOptions(present: readonly string[], chosen: string): string[] {
  const all = [...BUILT_IN_PLATFORMS, ...present.map((p) => p.toLowerCase()), ...(chosen ? [chosen] : [])];
  return [...new Set(all)];
}
