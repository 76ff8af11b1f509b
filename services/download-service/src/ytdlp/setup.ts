/** yt-dlp for the service: found at start, with the egress proxy it needs started on first use and closed at stop. */
import type { Logger } from '@smh/shared';
import { startEgressProxy, type Dial, type EgressProxy } from '../adapters/egress-proxy.js';
import type { Resolver } from '../adapters/url-guard.js';
import { createYtdlp, findYtdlp, type SiteTool } from './tool.js';

export interface SiteSetupOptions {
  allowPrivate: boolean;
  resolve?: Resolver;
  dial?: Dial;
  format: string;
  probeTimeoutMs: number;
  downloadTimeoutMs: number;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface SiteSetup {
  /** undefined when yt-dlp is not installed: page URLs are then fetched as direct files. */
  tool: SiteTool | undefined;
  close(): Promise<void>;
}

export async function setUpSites(options: SiteSetupOptions): Promise<SiteSetup> {
  const bin = await findYtdlp(options.env);
  if (!bin) {
    options.logger.warn('yt-dlp not found (YTDLP_PATH, PATH): pages of other sites cannot be downloaded');
    return { tool: undefined, close: async () => {} };
  }
  let proxy: Promise<EgressProxy> | undefined;
  const proxyUrl = async () => {
    proxy ??= startEgressProxy({
      allowPrivate: options.allowPrivate,
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.dial ? { dial: options.dial } : {}),
      onRefused: (host, reason) => options.logger.warn({ host, reason }, 'egress proxy refused a connection'),
    });
    return (await proxy).url;
  };
  const tool = createYtdlp({
    bin,
    proxy: proxyUrl,
    format: options.format,
    probeTimeoutMs: options.probeTimeoutMs,
    downloadTimeoutMs: options.downloadTimeoutMs,
  });
  return {
    tool,
    async close() {
      if (proxy) await (await proxy).close();
    },
  };
}
