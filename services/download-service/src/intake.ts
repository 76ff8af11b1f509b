/** Accepting a download request (public or internal): check the URL and the session, store it, enqueue it. */
import { AppError, badRequest, type Include, type InternalSiteProbe, type JobQueue } from '@smh/shared';
import type { SessionStore } from './adapters/hub-services.js';
import { assertPublicHost, type Resolver } from './adapters/url-guard.js';
import { DownloadFailure } from './domain/failure.js';
import {
  classifyDownloadUrl,
  needsSession,
  targetKey,
  UnsupportedUrlError,
  type DownloadKind,
  type DownloadSource,
} from './domain/target.js';
import { extractorForUrl } from './extractors/index.js';
import type { DownloadRecord, DownloadsRepository } from './repository/downloads-repo.js';
import { SiteError, type SiteTool } from './ytdlp/tool.js';
import type { PlanRepository } from './repository/plan-repo.js';

export interface IntakeDeps {
  repo: DownloadsRepository;
  plans: PlanRepository;
  queue: JobQueue;
  sessions: SessionStore;
  allowPrivateUrls: boolean;
  /** Queued plus running downloads one user may have (DOWNLOAD_MAX_OPEN_PER_USER). */
  maxOpenPerUser: number;
  resolve?: Resolver;
  /** yt-dlp, to probe pages of other sites; undefined when not installed (pages are then fetched as files). */
  sites?: SiteTool | undefined;
}

/** 429 when the user already has as many open downloads as allowed: one user cannot fill the hub's queue. */
async function checkOpenLimit(deps: IntakeDeps, ownerId: string): Promise<void> {
  const open = await deps.repo.openCount(ownerId);
  if (open >= deps.maxOpenPerUser)
    throw new AppError(
      429,
      'TOO_MANY_DOWNLOADS',
      `You already have ${open} downloads queued or running (at most ${deps.maxOpenPerUser}): wait for some to finish.`,
      { open, limit: deps.maxOpenPerUser },
    );
}

export interface DownloadRequest {
  ownerId: string;
  url: string;
  sessionId?: string | null;
  include?: readonly Include[];
  limit?: number;
  subscriptionId?: string;
  /**
   * true: stop each feed at the first archived post; false: list everything; 'when-archived' (a person's
   * request): incremental when this owner has a complete earlier download of the same target, else complete.
   */
  incremental: boolean | 'when-archived';
  requestId?: string;
}

async function checkedSource(deps: IntakeDeps, url: string): Promise<DownloadSource> {
  let source: DownloadSource;
  try {
    source = classifyDownloadUrl(url);
  } catch (error) {
    if (error instanceof UnsupportedUrlError) throw badRequest(error.message, { url }, 'UNSUPPORTED_URL');
    throw error;
  }
  if (source.type !== 'instagram' && !deps.allowPrivateUrls) {
    try {
      await assertPublicHost(source.url.hostname, deps.resolve);
    } catch (error) {
      if (error instanceof DownloadFailure) throw badRequest(error.message, { url }, error.code);
      throw error;
    }
  }
  return source;
}

async function checkSession(deps: IntakeDeps, ownerId: string, sessionId: string): Promise<void> {
  try {
    const session = await deps.sessions.get(sessionId);
    if (session.ownerId === ownerId) return;
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 404) throw error;
  }
  throw badRequest(
    `The Instagram session ${sessionId} does not exist (or is not yours).`,
    { sessionId },
    'SESSION_NOT_FOUND',
  );
}

export async function acceptDownload(deps: IntakeDeps, request: DownloadRequest): Promise<DownloadRecord> {
  const source = await checkedSource(deps, request.url);
  await checkOpenLimit(deps, request.ownerId);
  const include = request.include && request.include.length > 0 ? [...new Set(request.include)] : ['posts' as const];
  if (!request.sessionId) {
    const reason = needsSession(source, include);
    if (reason)
      throw badRequest(`Cannot download "${request.url}": ${reason}.`, { url: request.url }, 'SESSION_REQUIRED');
  } else {
    if (source.type !== 'instagram')
      throw badRequest(
        'A sessionId only applies to Instagram URLs.',
        { sessionId: request.sessionId },
        'SESSION_NOT_APPLICABLE',
      );
    await checkSession(deps, request.ownerId, request.sessionId);
  }
  // The extractor decides last (yt-dlp's probes the page): the checks above cost nothing.
  const kind = await extractorForUrl(source).intakeKind(source, deps);
  const key = targetKey(source);
  const incremental =
    request.incremental === 'when-archived'
      ? (await deps.plans.completeArchiveUrls(request.ownerId, kind)).some((url) => sameTarget(url, key))
      : request.incremental;
  const running = await joinable(deps, request.ownerId, kind, key, { include, incremental, limit: request.limit });
  if (running) return running;
  const record = await deps.repo.create({
    ownerId: request.ownerId,
    url: request.url.trim(),
    kind,
    include: source.kind === 'profile' ? include : [],
    limit: request.limit ?? null,
    sessionId: request.sessionId ?? null,
    subscriptionId: request.subscriptionId ?? null,
    incremental,
  });
  await enqueueDownload(deps.queue, record, request.requestId);
  return record;
}

function sameTarget(url: string, key: string): boolean {
  try {
    return targetKey(classifyDownloadUrl(url)) === key;
  } catch {
    return false;
  }
}

/**
 * A queued or running download of the same target by the same owner that covers this request (every part asked
 * for, no narrower limit, and not incremental when a complete listing was asked for): the request joins it.
 */
async function joinable(
  deps: IntakeDeps,
  ownerId: string,
  kind: DownloadKind,
  key: string,
  wanted: { include: readonly string[]; incremental: boolean; limit: number | undefined },
): Promise<DownloadRecord | undefined> {
  for (const open of await deps.plans.openDownloads(ownerId, kind)) {
    if (!sameTarget(open.url, key)) continue;
    if (kind === 'profile' && !wanted.include.every((part) => open.include.includes(part))) continue;
    const record = await deps.repo.get(open.id);
    if (!record || (record.status !== 'queued' && record.status !== 'running')) continue;
    if (record.incremental && !wanted.incremental) continue;
    if (record.limit !== null && (wanted.limit === undefined || wanted.limit > record.limit)) continue;
    return record;
  }
  return undefined;
}

/** Queued under its owner, so the queue picks fairly between users (issue 12 item 6). */
export function enqueueDownload(
  queue: JobQueue,
  download: { id: string; ownerId: string },
  requestId?: string,
): Promise<string> {
  return queue.enqueue(
    'download.run',
    { downloadId: download.id, ...(requestId ? { requestId } : {}) },
    { key: `download:${download.id}`, group: download.ownerId },
  );
}

/**
 * Whether a page of another site can be subscribed to: the same URL checks as intake, then yt-dlp's flat probe.
 * Never throws for the page's sake: a refusal or an unanswerable probe is a status (the caller decides).
 */
export async function probeSitePage(deps: IntakeDeps, url: string): Promise<InternalSiteProbe> {
  let source: DownloadSource;
  try {
    source = await checkedSource(deps, url);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: 'refused', site: hostOf(url), code: error.code, message: error.message };
  }
  if (source.type !== 'site')
    return {
      status: 'refused',
      site: hostOf(url),
      code: 'NOT_A_PAGE',
      message: `"${url}" is ${source.type === 'direct' ? 'a single file' : 'an Instagram URL'}, not a page of another site.`,
    };
  const site = source.url.hostname;
  if (!deps.sites) return { status: 'unknown', site, message: 'yt-dlp is not installed on the hub' };
  try {
    const probed = await deps.sites.probe(source.url.toString(), { flat: true });
    if (probed.type === 'single' && probed.direct)
      return { status: 'refused', site, code: 'NOT_A_PAGE', message: `"${url}" is a single file, not a page.` };
    return { status: 'found', site, collection: probed.type === 'collection' };
  } catch (error) {
    if (!(error instanceof SiteError)) throw error;
    if (error.code === 'UNSUPPORTED_SITE' || error.code === 'PRIVATE_ADDRESS')
      return {
        status: 'refused',
        site,
        code: error.code,
        message:
          error.code === 'UNSUPPORTED_SITE'
            ? `No video or audio found on "${url}" (${site} is not supported).`
            : error.message,
      };
    return { status: 'unknown', site, message: error.message };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
