/** Instagram through the hub's Instagram client: posts, reels, stories and highlights at once, profiles page by page. */
import {
  resolveInstagramTarget,
  streamProfile,
  type IncludePart,
  type ListingPosition,
} from '../adapters/instagram-source.js';
import { planInstagramItems } from '../domain/plan.js';
import type { DownloadRecord } from '../repository/downloads-repo.js';
import { fetchOverHttp } from './http-fetch.js';
import { pulled } from './stream.js';
import type { Extractor, PlanInput, PlanStep } from './types.js';

/** One page of a profile's listing: its `scanned`, `items` and `cursor` steps. */
const LISTING_STEPS_AHEAD = 3;

function listingOptions(download: DownloadRecord, signal: AbortSignal, archived: ReadonlySet<string>) {
  return {
    include: download.include as IncludePart[],
    ...(download.limit ? { limit: download.limit } : {}),
    incremental: download.incremental,
    archived,
    signal,
  };
}

async function planInstagram(input: PlanInput, emit: (step: PlanStep) => Promise<void>): Promise<void> {
  const { deps, download, source, client, signal } = input;
  if (source.type !== 'instagram') throw new Error(`download ${download.id}: not an Instagram URL`);
  if (!client) throw new Error(`download ${download.id}: an Instagram URL without an Instagram client`);
  if (source.target.kind !== 'profile') {
    const resolved = await resolveInstagramTarget(client, source.target, listingOptions(download, signal, new Set()));
    await emit({ type: 'items', items: resolved.items });
    await emit({ type: 'warnings', warnings: resolved.warnings ?? [] });
    return;
  }
  const state = await deps.plans.planningState(download.id);
  let scanned = state.scanned;
  const archived = download.incremental ? await deps.repo.archivedKeys(download.ownerId) : new Set<string>();
  await emit({ type: 'scanned', scanned, phase: 'scanning' });
  const { warnings } = await streamProfile(
    client,
    source.target,
    { ...listingOptions(download, signal, archived), from: state.listing as ListingPosition | null },
    {
      profile: (profile) => emit({ type: 'items', items: planInstagramItems([], profile) }),
      media: async (list) => {
        scanned += list.length;
        await emit({ type: 'scanned', scanned });
        await emit({ type: 'items', items: planInstagramItems(list) });
      },
      checkpoint: (position) => emit({ type: 'cursor', listing: position, scanned }),
    },
  );
  await emit({ type: 'warnings', warnings });
}

export const instagramExtractor: Extractor = {
  kind: 'instagram',
  downloadKinds: ['profile', 'post', 'reel', 'story', 'highlight'],
  itemSource: 'instagram',
  claims: (source) => source.type === 'instagram',
  intakeKind: async (source) => source.kind,
  // A profile's listing runs one page ahead (its steps: scanned, items, cursor): the next page's answer is awaited
  // while this page's items go to the transfers, instead of the transfers waiting for it. The cursor is still
  // stored only after its page's items, so a restart never skips one.
  plan: (input) => pulled((emit) => planInstagram(input, emit), { ahead: LISTING_STEPS_AHEAD }),
  // CDN files over the hub's HTTP client; an expired CDN URL is refreshed through the run's client.
  fetch: fetchOverHttp,
  identifiedById: true,
  // Instagram media are matched by their platform id only.
  matchedByContent: false,
  sidecar: (item) =>
    item.meta.postId && item.meta.sidecar ? { postId: item.meta.postId, body: item.meta.sidecar } : undefined,
  discard: async () => {},
};
