/** Everything the download job needs, passed explicitly (built once by the service factory). */
import type { EventBus, JobQueue, Logger, MediaStorage } from '@smh/shared';
import type { FileCatalog, SessionStore } from '../adapters/hub-services.js';
import type { HostLimiter } from '../adapters/host-limiter.js';
import type { HttpAgents } from '../adapters/transfer.js';
import type { InstagramClientHooks } from '../adapters/instagram-client.js';
import type { InstagramClient } from '../instagram/client.js';
import type { CookieMap } from '../instagram/cookies.js';
import type { DownloadNoticesRepository } from '../repository/download-notices.js';
import type { DownloadsRepository } from '../repository/downloads-repo.js';
import type { PlanRepository } from '../repository/plan-repo.js';
import type { DownloadSettings } from '../settings.js';
import type { DownloadMetrics } from '../metrics.js';
import type { SiteTool } from '../ytdlp/tool.js';
import type { CancelRegistry } from './cancel-registry.js';

export interface DownloadDeps {
  repo: DownloadsRepository;
  notices: DownloadNoticesRepository;
  plans: PlanRepository;
  storage: MediaStorage;
  events: EventBus;
  queue: JobQueue;
  catalog: FileCatalog;
  sessions: SessionStore;
  settings: DownloadSettings;
  metrics: DownloadMetrics;
  agents: HttpAgents;
  hosts: HostLimiter;
  cancels: CancelRegistry;
  logger: Logger;
  allowPrivateUrls: boolean;
  now: () => number;
  /** yt-dlp for other sites; undefined when it is not installed. */
  sites: SiteTool | undefined;
  instagram(cookies: CookieMap | undefined, hooks?: InstagramClientHooks): InstagramClient;
}
