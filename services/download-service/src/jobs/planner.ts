/**
 * The listing side of the pipeline: hands the download's items to the transfer workers as they become known.
 * Items already planned (a resumed download) go first; then the download's extractor plans it, step by step — each
 * step's items are stored, checked against the archive and handed over before the next step is asked for, and a
 * listing cursor is stored as it comes, so a restarted process continues where it stopped.
 */
import type { ItemSpec } from '../domain/plan.js';
import type { ProgressMeter } from '../domain/progress.js';
import { classifyDownloadUrl } from '../domain/target.js';
import { extractorForKind, type PlanStep } from '../extractors/index.js';
import type { InstagramClient } from '../instagram/client.js';
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

  const extractor = extractorForKind(download.kind);
  const steps = extractor.plan({
    deps,
    download,
    source: classifyDownloadUrl(download.url),
    client: context.client,
    signal: context.signal,
  });
  for await (const step of steps) await applyStep(context, step, add);
  await deps.plans.completePlan(download.id);
  if (context.meter.progress.phase) context.meter.progress.phase = 'transferring';
  context.onProgress();
}

async function applyStep(
  context: PlanContext,
  step: PlanStep,
  add: (specs: readonly ItemSpec[]) => Promise<void>,
): Promise<void> {
  const { deps, download, meter } = context;
  switch (step.type) {
    case 'items':
      return add(step.items);
    case 'scanned':
      if (step.phase) meter.progress.phase = step.phase;
      meter.progress.scanned = step.scanned;
      return;
    case 'cursor':
      return deps.plans.saveListing(download.id, { listing: step.listing, scanned: step.scanned });
    case 'warnings':
      return deps.notices.saveWarnings(download.id, step.warnings);
  }
}

/** Checks the items against the archive (one batched look-up), then queues them for the workers. */
async function handOver(context: PlanContext, items: readonly ItemRecord[]): Promise<void> {
  if (items.length === 0) return;
  const known = await findKnownMedia(context.deps, context.download.ownerId, items);
  for (const [key, file] of known) context.known.set(key, file);
  context.onProgress();
  for (const item of items) await context.channel.push(item);
}
