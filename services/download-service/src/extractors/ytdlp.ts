/**
 * Pages of other sites through yt-dlp: intake probes the page (flat) and decides between one item, a collection
 * (channel, playlist, profile, feed: its entries newest first, an incremental download stops at the first archived
 * one) and a file (handed to the direct extractor); yt-dlp downloads each item into a work directory of the hub's
 * temp area that is the same on every attempt, so its `.part` files resume.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { badRequest } from '@smh/shared';
import { DownloadFailure } from '../domain/failure.js';
import { collectionItems, planSiteItem } from '../domain/plan.js';
import type { DownloadKind, DownloadSource } from '../domain/target.js';
import { siteWorkDir, transferSiteItem } from '../jobs/site-fetch.js';
import { siteSidecar } from '../domain/item-naming.js';
import type { ProbeResult } from '../ytdlp/output.js';
import { SiteError } from '../ytdlp/tool.js';
import type { Extractor, IntakeTools, PlanInput, PlanStep } from './types.js';

/** What the probe of a page decided: a download of the page (item or collection), or a file. */
async function probedKind(source: DownloadSource, tools: IntakeTools): Promise<DownloadKind> {
  if (source.type !== 'site') return source.kind;
  if (!tools.sites) return 'direct';
  try {
    const probed = await tools.sites.probe(source.url.toString(), { flat: true });
    return probed.type === 'single' && probed.direct ? 'direct' : 'site';
  } catch (error) {
    if (!(error instanceof SiteError)) throw error;
    const details = { url: source.url.toString(), site: source.url.hostname };
    if (error.code === 'UNSUPPORTED_SITE')
      throw badRequest(
        `Cannot download "${source.url.toString()}": no video or audio found on ${source.url.hostname} (the site is not supported).`,
        details,
        'UNSUPPORTED_SITE',
      );
    if (error.code === 'YTDLP_MISSING') return 'direct';
    throw badRequest(error.message, details, error.code);
  }
}

/** An item or collection of another site, as yt-dlp's probe sees it now. */
async function* planSite({ deps, download, source, signal }: PlanInput): AsyncIterable<PlanStep> {
  if (source.type !== 'site') throw new Error(`download ${download.id}: not a page of another site`);
  if (!deps.sites) throw new DownloadFailure('YTDLP_MISSING', 'yt-dlp is not installed on this hub.', false);
  let probed: ProbeResult;
  try {
    probed = await deps.sites.probe(source.url.toString(), { flat: true, signal });
  } catch (error) {
    if (error instanceof SiteError) throw new DownloadFailure(error.code, error.message, error.code === 'SITE_FAILED');
    throw error;
  }
  if (probed.type === 'single') {
    yield { type: 'items', items: [planSiteItem(probed.media)] };
    return;
  }
  const archived = download.incremental ? await deps.repo.archivedKeys(download.ownerId) : new Set<string>();
  const specs = collectionItems(probed.entries, { archived, limit: download.limit ?? undefined });
  yield { type: 'scanned', scanned: specs.length };
  yield { type: 'items', items: specs };
}

export const ytdlpExtractor: Extractor = {
  kind: 'ytdlp',
  downloadKinds: ['site'],
  itemSource: 'site',
  claims: (source) => source.type === 'site',
  intakeKind: probedKind,
  plan: planSite,
  async fetch(run, item) {
    await run.patient(() => run.deps.repo.updateItem(run.download.id, item.mediaKey, { status: 'running' }));
    const site = await transferSiteItem(run, item);
    // What yt-dlp learned while downloading (a collection's entries were only listed) names and describes the file.
    return { tempPath: site.tempPath, sha256: site.sha256, size: site.size, meta: { ...item.meta, site: site.media } };
  },
  identifiedById: true,
  matchedByContent: true,
  sidecar(item) {
    const body = siteSidecar(item);
    return body ? { postId: item.mediaKey, body } : undefined;
  },
  async discard(deps, downloadId, item) {
    // yt-dlp's work directory, with its .part files.
    if (item.status === 'done') return;
    await fs.rm(siteWorkDir(path.join(deps.storage.root, '.tmp'), downloadId, item.mediaKey), {
      recursive: true,
      force: true,
    });
  },
};
