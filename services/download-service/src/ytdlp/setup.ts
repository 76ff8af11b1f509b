/** yt-dlp for the service: found at start, with the egress proxy it needs started on first use and closed at stop. */
import type { Logger } from '@smh/shared';
import { locateMediaTool, type LocateMediaToolOptions } from '@smh/shared/process/media-binaries';
import { startEgressProxy, type Dial, type EgressProxy } from '../adapters/egress-proxy.js';
import type { Resolver } from '../adapters/url-guard.js';
import { toolStatus } from './output.js';
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
  /** The npm package's ffmpeg binary (default: @ffmpeg-installer/ffmpeg when installed). */
  packagedBinary?: LocateMediaToolOptions['packagedBinary'];
}

export interface SiteSetup {
  /** undefined when yt-dlp is not installed: page URLs are then fetched as direct files. */
  tool: SiteTool | undefined;
  /** For /ready: yt-dlp's version and whether it is outdated, or why there is none. */
  info(now: Date): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function setUpSites(options: SiteSetupOptions): Promise<SiteSetup> {
  const bin = await findYtdlp(options.env);
  if (!bin) {
    options.logger.warn('yt-dlp not found (YTDLP_PATH, PATH): pages of other sites cannot be downloaded');
    return {
      tool: undefined,
      info: async () => ({ ytdlp: { error: 'yt-dlp not found (set YTDLP_PATH or install it on PATH)' } }),
      close: async () => {},
    };
  }
  // The ffmpeg yt-dlp merges video and audio with: FFMPEG_PATH, else the npm package's static build, else PATH.
  const ffmpeg = await locateMediaTool('ffmpeg', {
    ...(options.env ? { env: options.env } : {}),
    ...(options.packagedBinary ? { packagedBinary: options.packagedBinary } : {}),
  });
  if (!ffmpeg)
    options.logger.warn('ffmpeg not found (FFMPEG_PATH, @ffmpeg-installer/ffmpeg, PATH): yt-dlp cannot merge');
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
    ...(ffmpeg ? { ffmpegPath: ffmpeg.path } : {}),
    proxy: proxyUrl,
    format: options.format,
    probeTimeoutMs: options.probeTimeoutMs,
    downloadTimeoutMs: options.downloadTimeoutMs,
  });
  // Asked once at start (python starts slowly; /ready must answer quickly), again only after a failure.
  let version: Promise<string> | undefined = tool.version();
  version.catch(() => undefined);
  return {
    tool,
    async info(now) {
      version ??= tool.version();
      try {
        return { ytdlp: { ...toolStatus(await version, now), path: bin, ffmpeg: ffmpeg?.path ?? null } };
      } catch (error) {
        version = undefined;
        return { ytdlp: { error: (error as Error).message, path: bin } };
      }
    },
    async close() {
      if (proxy) await (await proxy).close();
    },
  };
}
