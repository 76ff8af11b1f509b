/**
 * The listing side of the pipeline: hands the download's items to the transfer workers as they become known.
 * Items already planned (a resumed download) go first; a profile is then listed page by page — each page's items
 * are stored, checked against the archive and handed over before the next page is asked for, and the listing
 * cursor is stored after each page, so a restarted process continues where it stopped. Other targets are small
 * and resolved at once.
 */
import {
  resolveInstagramTarget,
  streamProfile,
  type IncludePart,
  type ListingPosition,
} from '../adapters/instagram-source.js';
import { DownloadFailure } from '../domain/failure.js';
import { collectionItems, planDirectItem, planInstagramItems, planSiteItem, type ItemSpec } from '../domain/plan.js';
import type { ProgressMeter } from '../domain/progress.js';
import { classifyDownloadUrl } from '../domain/target.js';
import type { InstagramClient } from '../instagram/client.js';
import type { ProbeResult } from '../ytdlp/output.js';
import { SiteError } from '../ytdlp/tool.js';
import type { DownloadRecord, ItemRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from './deps.js';
import type { ItemChannel } from './item-channel.js';
import type { KnownFile } from './known-media.js';
import { findKnownMedia } from './known-media.js';

export interface PlanContext {
  deps: DownloadDeps;
  download: DownloadRecord;
  client: InstagramClient | undefined;
  signal: AbortSignal;
  channel: ItemChannel<ItemRecord>;
  /** Filled as items are handed over: media the owner already has. */
  known: Map<string, KnownFile>;
  meter: ProgressMeter;
  onProgress(): void;
}

/** A planned item before any work on it. Pure. */
export function pendingItem(downloadId: string, spec: ItemSpec): ItemRecord {
  return {
    ...spec,
    downloadId,
    expectedSize: null,
    bytesDone: 0,
    tempPath: null,
    sha256: null,
    status: 'pending',
    storageKey: null,
    sidecarKey: null,
    fileId: null,
  };
}

export async function planInto(context: PlanContext, existing: readonly ItemRecord[]): Promise<void> {
  const { deps, download } = context;
  await handOver(
    context,
    existing.filter((item) => item.status !== 'done'),
  );
  if (download.planned) return;
  const seen = new Set(existing.map((item) => item.mediaKey));
  let nextPosition = existing.reduce((max, item) => Math.max(max, item.position + 1), 0);
  const add = async (specs: readonly ItemSpec[]): Promise<void> => {
    const fresh = specs.filter((spec) => !seen.has(spec.mediaKey));
    for (const spec of fresh) seen.add(spec.mediaKey);
    const positioned = fresh.map((spec, index) => ({ ...spec, position: nextPosition + index }));
    nextPosition += positioned.length;
    if (positioned.length === 0) return;
    await deps.plans.appendItems(download.id, positioned);
    context.meter.progress.filesTotal += positioned.length;
    await handOver(
      context,
      positioned.map((spec) => pendingItem(download.id, spec)),
    );
  };

  const source = classifyDownloadUrl(download.url);
  const client = context.client;
  // A page URL the intake's probe found to be a file is a direct download.
  if (source.type === 'direct' || (source.type === 'site' && download.kind === 'direct'))
    await add([planDirectItem(source.url)]);
  else if (source.type === 'site') await planSite(context, source.url, add);
  else if (!client) throw new Error(`download ${download.id}: an Instagram URL without an Instagram client`);
  else if (source.target.kind !== 'profile') {
    const resolved = await resolveInstagramTarget(client, source.target, listingOptions(context, new Set()));
    await add(resolved.items);
    await deps.notices.saveWarnings(download.id, resolved.warnings ?? []);
  } else {
    const state = await deps.plans.planningState(download.id);
    let scanned = state.scanned;
    const archived = download.incremental ? await deps.repo.archivedKeys(download.ownerId) : new Set<string>();
    context.meter.progress.phase = 'scanning';
    context.meter.progress.scanned = scanned;
    const { warnings } = await streamProfile(
      client,
      source.target,
      { ...listingOptions(context, archived), from: state.listing as ListingPosition | null },
      {
        profile: (profile) => add(planInstagramItems([], profile)),
        media: async (list) => {
          scanned += list.length;
          context.meter.progress.scanned = scanned;
          await add(planInstagramItems(list));
        },
        checkpoint: (position) => deps.plans.saveListing(download.id, { listing: position, scanned }),
      },
    );
    await deps.notices.saveWarnings(download.id, warnings);
  }
  await deps.plans.completePlan(download.id);
  if (context.meter.progress.phase) context.meter.progress.phase = 'transferring';
  context.onProgress();
}

/**
 * An item or collection of another site, as yt-dlp's probe sees it now. A collection's entries are listed newest
 * first (as sites list them); an incremental download stops at the first entry already archived.
 */
async function planSite(
  context: PlanContext,
  url: URL,
  add: (specs: readonly ItemSpec[]) => Promise<void>,
): Promise<void> {
  const { deps, download } = context;
  if (!deps.sites) throw new DownloadFailure('YTDLP_MISSING', 'yt-dlp is not installed on this hub.', false);
  let probed: ProbeResult;
  try {
    probed = await deps.sites.probe(url.toString(), { flat: true, signal: context.signal });
  } catch (error) {
    if (error instanceof SiteError) throw new DownloadFailure(error.code, error.message, error.code === 'SITE_FAILED');
    throw error;
  }
  if (probed.type === 'single') {
    await add([planSiteItem(probed.media)]);
    return;
  }
  const archived = download.incremental ? await deps.repo.archivedKeys(download.ownerId) : new Set<string>();
  const specs = collectionItems(probed.entries, { archived, limit: download.limit ?? undefined });
  context.meter.progress.scanned = specs.length;
  await add(specs);
}

function listingOptions(context: PlanContext, archived: ReadonlySet<string>) {
  const { download } = context;
  return {
    include: download.include as IncludePart[],
    ...(download.limit ? { limit: download.limit } : {}),
    incremental: download.incremental,
    archived,
    signal: context.signal,
  };
}

/** Checks the items against the archive (one batched look-up), then queues them for the workers. */
async function handOver(context: PlanContext, items: readonly ItemRecord[]): Promise<void> {
  if (items.length === 0) return;
  const known = await findKnownMedia(context.deps, context.download.ownerId, items);
  for (const [key, file] of known) context.known.set(key, file);
  context.onProgress();
  for (const item of items) await context.channel.push(item);
}
