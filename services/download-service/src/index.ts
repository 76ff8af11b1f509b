/**
 * download-service: downloads of Instagram content and direct file URLs — streamed, resumable, verified,
 * de-duplicated and incremental. Owns the `downloads` schema and the `download.run` job.
 */
import {
  createServiceApp,
  loadMigrations,
  migrate,
  type ServiceContext,
  type ServiceFactory,
  type HubService,
} from '@smh/shared';
import { fileCatalog, sessionStore } from './adapters/hub-services.js';
import { HostLimiter } from './adapters/host-limiter.js';
import { createInstagramClient } from './adapters/instagram-client.js';
import { createAgents } from './adapters/transfer.js';
import type { Dial } from './adapters/egress-proxy.js';
import { guardedLookup, type Resolver } from './adapters/url-guard.js';
import { enqueueDownload } from './intake.js';
import { CancelRegistry } from './jobs/cancel-registry.js';
import { downloadRunHandler } from './jobs/run-download.js';
import type { DownloadDeps } from './jobs/deps.js';
import { downloadMetrics } from './metrics.js';
import { downloadNoticesRepository } from './repository/download-notices.js';
import { downloadsRepository } from './repository/downloads-repo.js';
import { planRepository } from './repository/plan-repo.js';
import { registerInternalRoutes } from './routes/internal-routes.js';
import { registerProfileLookupRoute } from './routes/profile-lookup.js';
import { registerPublicRoutes } from './routes/public-routes.js';
import { setUpSites } from './ytdlp/setup.js';
import { readDownloadSettings, type DownloadSettings } from './settings.js';

const PROFILE_LOOKUP_LIMITS = {
  retry: { maxRetries: 1, maxRateLimitRetries: 0, baseDelayMs: 500 },
  requestTimeoutMs: 10_000,
};

export interface DownloadServiceOptions {
  /** Defaults to the DOWNLOAD_* environment variables. */
  settings?: Partial<DownloadSettings>;
  /** DNS resolution used by the private-address guard (tests inject one). */
  resolve?: Resolver;
  /** Where yt-dlp's egress proxy really connects for a checked address (tests route public-looking ones). */
  egressDial?: Dial;
}

export async function buildDownloadService(
  context: ServiceContext,
  options: DownloadServiceOptions = {},
): Promise<HubService> {
  const { config, db, queue, events, storage, logger, metrics, tokens, call } = context;
  const settings: DownloadSettings = { ...readDownloadSettings(process.env), ...options.settings };
  await migrate(db, 'download-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));

  const counters = downloadMetrics(metrics);
  metrics.observeQueue(queue, ['downloads']);
  const repo = downloadsRepository(db);
  const cancels = new CancelRegistry(events);
  const sessions = sessionStore(call);
  const agents = createAgents({
    maxSockets: settings.hostConcurrency * 2,
    ...(config.allowPrivateUrls ? {} : { lookup: guardedLookup(options.resolve) }),
  });
  const instagramSettings = {
    webBaseUrl: config.instagram.webUrl,
    apiBaseUrl: config.instagram.apiUrl,
    minIntervalMs: config.instagram.minIntervalMs,
    rateLimitBackoffMs: settings.rateLimitBackoffMs,
    rateLimitMaxBackoffMs: settings.rateLimitMaxBackoffMs,
    rateLimitMaxWaitMs: settings.rateLimitMaxWaitMs,
    retryBaseDelayMs: settings.retryBaseMs,
    timelineDocId: config.instagram.timelineDocId,
    shortcodeDocId: config.instagram.shortcodeDocId,
  };
  const countRequest = (family: string, status: string) => counters.instagramRequests.inc({ family, status });
  const sites = await setUpSites({
    allowPrivate: config.allowPrivateUrls,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.egressDial ? { dial: options.egressDial } : {}),
    format: settings.ytdlpFormat,
    probeTimeoutMs: settings.ytdlpProbeTimeoutMs,
    downloadTimeoutMs: settings.maxItemDurationMs,
    logger,
  });
  const deps: DownloadDeps = {
    repo,
    sites: sites.tool,
    notices: downloadNoticesRepository(db),
    plans: planRepository(db),
    storage,
    events,
    queue,
    sessions,
    settings,
    agents,
    cancels,
    logger,
    catalog: fileCatalog(call),
    metrics: counters,
    hosts: new HostLimiter(settings.hostConcurrency),
    allowPrivateUrls: config.allowPrivateUrls,
    now: () => context.clock.now().getTime(),
    instagram: (cookies, hooks) => createInstagramClient(instagramSettings, cookies, countRequest, hooks),
  };

  const app = await createServiceApp({
    service: 'download-service',
    logger,
    metrics,
    tokens,
    readiness: [
      { name: 'database', check: () => db.ping() },
      { name: 'queue', check: () => queue.ping() },
    ],
    readinessInfo: () => sites.info(context.clock.now()),
    openapi: {
      title: 'download-service',
      description: 'Downloads of Instagram content, direct URLs and pages of other sites (yt-dlp)',
    },
  });
  const intake = {
    repo,
    plans: deps.plans,
    queue,
    sessions,
    allowPrivateUrls: config.allowPrivateUrls,
    maxOpenPerUser: settings.maxOpenPerUser,
    sites: sites.tool,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  };
  registerPublicRoutes(app, { ...intake, events, cancels });
  registerInternalRoutes(app, intake);
  registerProfileLookupRoute(app, {
    sessions,
    // One try, no waiting out a rate limit: a subscription form should not hang (the caller accepts on `unknown`).
    instagram: (cookies) => createInstagramClient(instagramSettings, cookies, countRequest, {}, PROFILE_LOOKUP_LIMITS),
  });

  return {
    name: 'download-service',
    app,
    jobHandlers: { 'download.run': downloadRunHandler(deps) },
    concurrency: { downloads: settings.jobConcurrency },
    async start() {
      // The database is the source of truth: whatever it says is unfinished runs again (the key avoids duplicates).
      for (const { id, ownerId } of await repo.openDownloads()) {
        const queueJobId = await enqueueDownload(queue, { id, ownerId });
        logger.info({ downloadId: id, queueJobId }, 'unfinished download queued again at start');
      }
    },
    async stop() {
      cancels.close();
      agents.http.destroy();
      agents.https.destroy();
      await sites.close();
    },
  };
}

export const createDownloadService: ServiceFactory = (context) => buildDownloadService(context);
