/** A file URL (or a page URL yt-dlp's probe found to be a file): one item, fetched as it is over the hub's client. */
import { planDirectItem } from '../domain/plan.js';
import { fetchOverHttp } from './http-fetch.js';
import type { Extractor, PlanStep } from './types.js';

export const directExtractor: Extractor = {
  kind: 'direct',
  downloadKinds: ['direct'],
  itemSource: 'direct',
  claims: (source) => source.type === 'direct',
  intakeKind: async () => 'direct',
  async *plan({ download, source }): AsyncIterable<PlanStep> {
    if (source.type === 'instagram') throw new Error(`download ${download.id}: an Instagram URL is not a file`);
    yield { type: 'items', items: [planDirectItem(source.url)] };
  },
  fetch: fetchOverHttp,
  // A URL says nothing about what it serves: direct files are identified by their content, after the transfer.
  identifiedById: false,
  matchedByContent: true,
  sidecar: () => undefined,
  discard: async () => {},
};
