/**
 * One interface over the ways the hub gets media: the Instagram client, the direct downloader and yt-dlp. An
 * extractor claims URLs at intake, plans a download into items (streamed: a long listing is handed over page by page,
 * with a cursor a restarted process continues from) and fetches the items it planned into a temp file. The common
 * steps after a fetch (sniff → sha256 → de-duplicate → commit → catalog) are the item fetcher's, the same for all.
 */
import type { DownloadWarning } from '../repository/download-notices.js';
import type { ListingState } from '../repository/plan-repo.js';
import type { DownloadRecord, ItemRecord } from '../repository/downloads-repo.js';
import type { DownloadKind, DownloadSource } from '../domain/target.js';
import type { ItemMeta, ItemSpec } from '../domain/plan.js';
import type { InstagramClient } from '../instagram/client.js';
import type { DownloadDeps } from '../jobs/deps.js';
import type { ItemRun } from '../jobs/item-run.js';
import type { SiteTool } from '../ytdlp/tool.js';

export type ExtractorKind = 'instagram' | 'direct' | 'ytdlp';

/** What a plan yields, in order: the planner stores and hands over each step before asking for the next. */
export type PlanStep =
  /** Items to store and hand to the transfer workers. */
  | { type: 'items'; items: readonly ItemSpec[] }
  /** How many entries the listing has seen so far (progress while scanning a long listing). */
  | { type: 'scanned'; scanned: number; phase?: 'scanning' }
  /** Everything before `listing` was handed over: a restarted process continues the listing from here. */
  | { type: 'cursor'; listing: ListingState; scanned: number }
  /** What the site did not show (the download completes with what it was shown). */
  | { type: 'warnings'; warnings: readonly DownloadWarning[] };

export interface PlanInput {
  deps: DownloadDeps;
  download: DownloadRecord;
  /** The download's URL, classified. */
  source: DownloadSource;
  /** The Instagram client of this run (Instagram downloads only). */
  client: InstagramClient | undefined;
  signal: AbortSignal;
}

/** An item's bytes in a temp file of the hub, with their hash; `meta` when the fetch learned more about the item. */
export interface FetchedFile {
  tempPath: string;
  sha256: string;
  size: number;
  meta?: ItemMeta;
}

/** What intake needs from the hub to decide the kind of a download. */
export interface IntakeTools {
  sites?: SiteTool | undefined;
}

export interface Extractor {
  readonly kind: ExtractorKind;
  /** The download kinds this extractor plans (each kind belongs to exactly one extractor). */
  readonly downloadKinds: readonly DownloadKind[];
  /** The `meta.source` of the items it plans: it alone fetches them. */
  readonly itemSource: ItemMeta['source'];
  /** Whether a pasted URL is this extractor's to take at intake (each URL type is claimed by exactly one). Pure. */
  claims(source: DownloadSource): boolean;
  /**
   * The kind the download is stored as, decided at intake (cheap checks already passed). The yt-dlp extractor probes
   * the page and may answer "direct": the page is a file, the direct extractor's. Throws AppError 400 on refusal.
   */
  intakeKind(source: DownloadSource, tools: IntakeTools): Promise<DownloadKind>;
  /** The download's items, streamed. A download with a stored cursor (`deps.plans.planningState`) continues there. */
  plan(input: PlanInput): AsyncIterable<PlanStep>;
  /** One item's bytes into a temp file (resumable where the source allows). Throws DownloadFailure or the abort. */
  fetch(run: ItemRun, item: ItemRecord): Promise<FetchedFile>;
  /** Its items carry a platform id: one the owner already has under that id is not fetched again. */
  readonly identifiedById: boolean;
  /** A fetched file whose content the owner already has is that file (the same bytes from another URL). */
  readonly matchedByContent: boolean;
  /** The JSON sidecar of the item's post (shared by the post's items, written once), when it has one. */
  sidecar(item: ItemSpec): { postId: string; body: unknown } | undefined;
  /** Removes what a fetch of this item left for a resume besides the item's temp file (nothing to resume any more). */
  discard(deps: DownloadDeps, downloadId: string, item: ItemRecord): Promise<void>;
}
