/**
 * The extractors, in one list that intake, the planner and the item fetcher consult: intake asks which extractor
 * claims the pasted URL, the planner which one plans the stored download kind, the fetcher which one fetches an item.
 */
import type { DownloadKind, DownloadSource } from '../domain/target.js';
import type { ItemMeta } from '../domain/plan.js';
import { directExtractor } from './direct.js';
import { instagramExtractor } from './instagram.js';
import type { Extractor } from './types.js';
import { ytdlpExtractor } from './ytdlp.js';

export type { Extractor, ExtractorKind, FetchedFile, PlanInput, PlanStep } from './types.js';

export const EXTRACTORS: readonly Extractor[] = [instagramExtractor, directExtractor, ytdlpExtractor];

function only(found: readonly Extractor[], what: string): Extractor {
  const [first, ...others] = found;
  if (!first || others.length > 0)
    throw new Error(`${what} is claimed by ${found.length} extractors (${found.map((e) => e.kind).join(', ')})`);
  return first;
}

/** The extractor that takes a pasted URL at intake. */
export function extractorForUrl(source: DownloadSource): Extractor {
  return only(
    EXTRACTORS.filter((extractor) => extractor.claims(source)),
    `a ${source.type} URL`,
  );
}

/** The extractor that plans a download of this kind. */
export function extractorForKind(kind: DownloadKind): Extractor {
  return only(
    EXTRACTORS.filter((extractor) => extractor.downloadKinds.includes(kind)),
    `the download kind "${kind}"`,
  );
}

/** The extractor that fetches an item (the one that planned it). */
export function extractorForItem(item: { meta: Pick<ItemMeta, 'source'> }): Extractor {
  return only(
    EXTRACTORS.filter((extractor) => extractor.itemSource === item.meta.source),
    `an item of source "${item.meta.source}"`,
  );
}
