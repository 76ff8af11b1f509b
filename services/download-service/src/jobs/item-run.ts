/** What fetching one item may use (the run it belongs to) and what it may cost (size and time limits). */
import { DownloadFailure } from '../domain/failure.js';
import type { ProgressMeter } from '../domain/progress.js';
import type { InstagramClient } from '../instagram/client.js';
import type { DownloadRecord } from '../repository/downloads-repo.js';
import type { DownloadDeps } from './deps.js';
import type { ItemStates } from './item-states.js';
import type { KnownFile } from './known-media.js';

export interface ItemRun {
  deps: DownloadDeps;
  download: DownloadRecord;
  client: InstagramClient | undefined;
  meter: ProgressMeter;
  signal: AbortSignal;
  onProgress(): void;
  /** One sidecar write per post, shared by the post's resources. */
  sidecars: Map<string, Promise<string | null>>;
  /** Instagram items the owner already has (mediaKey → file), found before the items started. */
  known: ReadonlyMap<string, KnownFile>;
  /** The items' steps, group-committed across the download's workers. */
  states: ItemStates;
  /**
   * Runs one idempotent step of an item (a catalog write or read, a queue write), waiting out a database or a
   * service that is briefly away instead of failing an item whose bytes are already here.
   */
  patient<T>(step: () => Promise<T>): Promise<T>;
  /** Queues a new file's analysis (probe, poster); the download's workers share one queue write (group commit). */
  analyze(fileId: string): Promise<void>;
}

/**
 * What one item may cost the hub: at most `maxItemBytes` (announced or received) and `maxItemDurationMs` of
 * transfer. Either ends the item with a failure that is not retried; the returned signal also follows the run's.
 */
export interface ItemLimits {
  /** Aborted by either limit, and when the run is. */
  signal: AbortSignal;
  checkSize(bytes: number): void;
  dispose(): void;
}

export function itemLimits(run: Pick<ItemRun, 'deps' | 'signal'>, host: string): ItemLimits {
  const { maxItemBytes, maxItemDurationMs } = run.deps.settings;
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  const onRunAbort = () => abort(run.signal.reason);
  run.signal.addEventListener('abort', onRunAbort, { once: true });
  const timer = setTimeout(
    () =>
      abort(
        new DownloadFailure(
          'DOWNLOAD_TOO_SLOW',
          `The transfer from ${host} took longer than ${Math.round(maxItemDurationMs / 60_000)} minutes.`,
          false,
        ),
      ),
    maxItemDurationMs,
  );
  const tooLarge = () =>
    abort(
      new DownloadFailure('DOWNLOAD_TOO_LARGE', `The file from ${host} is larger than ${maxItemBytes} bytes.`, false),
    );
  return {
    signal: controller.signal,
    checkSize: (bytes: number) => {
      if (bytes > maxItemBytes) tooLarge();
    },
    dispose() {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onRunAbort);
    },
  };
}
