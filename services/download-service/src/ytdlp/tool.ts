/**
 * yt-dlp as an adapter: found via YTDLP_PATH, then PATH; run through the hub's one process runner with a clean
 * environment (no proxy variables that could bypass the egress proxy); probes, downloads and its version.
 */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { isProcessError, runProcess, type ProcessRunner } from '@smh/shared/process/runner';
import { REFUSAL_STATUS_TEXT, UNRESOLVED_STATUS_TEXT } from '../adapters/egress-proxy.js';
import { downloadArgs, probeArgs, versionArgs } from './args.js';
import {
  errorLine,
  isUnsupportedUrl,
  parseInfoLine,
  parseProbe,
  parseProgressLine,
  type DownloadedInfo,
  type ProbeResult,
  type ProgressLine,
} from './output.js';

export class SiteError extends Error {
  override readonly name = 'SiteError';
  constructor(
    readonly code: 'UNSUPPORTED_SITE' | 'SITE_FAILED' | 'YTDLP_MISSING' | 'PRIVATE_ADDRESS',
    message: string,
  ) {
    super(message);
  }
}

/** YTDLP_PATH when set, else the first executable `yt-dlp` on PATH; undefined when there is none. */
export async function findYtdlp(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates =
    env.YTDLP_PATH !== undefined && env.YTDLP_PATH !== ''
      ? [env.YTDLP_PATH]
      : (env.PATH ?? '')
          .split(path.delimiter)
          .filter((dir) => dir !== '')
          .map((dir) => path.join(dir, 'yt-dlp'));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

/** Only what yt-dlp needs: proxy variables (and NO_PROXY) must not reach it, the proxy flag decides. */
export function toolEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'PYTHONPATH'];
  return Object.fromEntries(keep.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));
}

export interface YtdlpOptions {
  /** The binary (from findYtdlp). */
  bin: string;
  /** The ffmpeg yt-dlp merges with (from locateMediaTool); absent: yt-dlp's own search on PATH. */
  ffmpegPath?: string;
  /** The egress proxy URL, asked for when a run starts (the proxy starts lazily). */
  proxy: () => Promise<string>;
  format: string;
  probeTimeoutMs: number;
  downloadTimeoutMs: number;
  runner?: ProcessRunner;
}

export interface SiteDownload {
  signal: AbortSignal;
  outputDir: string;
  onProgress?: (progress: ProgressLine) => void;
}

export interface SiteTool {
  readonly bin: string;
  version(): Promise<string>;
  probe(url: string, options: { flat: boolean; signal?: AbortSignal }): Promise<ProbeResult>;
  download(url: string, options: SiteDownload): Promise<DownloadedInfo>;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function createYtdlp(options: YtdlpOptions): SiteTool {
  const run = options.runner ?? runProcess;
  const env = toolEnvironment();
  const failure = (url: string, error: unknown): Error => {
    if (!isProcessError(error)) return error as Error;
    if (error.code === 'CANCELED') return error;
    if (error.code === 'NOT_FOUND')
      return new SiteError('YTDLP_MISSING', `yt-dlp could not be started: ${error.message}`);
    if (error.stderrTail.some((line) => line.includes(UNRESOLVED_STATUS_TEXT)))
      return new SiteError('SITE_FAILED', `The host of ${hostOf(url)} (or of its media) could not be resolved.`);
    if (error.stderrTail.some((line) => line.includes(REFUSAL_STATUS_TEXT)))
      return new SiteError(
        'PRIVATE_ADDRESS',
        `Refusing to download from ${hostOf(url)}: the page or its media is on a private or loopback address (set SMH_ALLOW_PRIVATE_URLS=true to allow this)`,
      );
    if (isUnsupportedUrl(error.stderrTail))
      return new SiteError(
        'UNSUPPORTED_SITE',
        `No media found at ${hostOf(url)}: the site is not supported by yt-dlp.`,
      );
    const detail = errorLine(error.stderrTail) ?? error.message;
    return new SiteError('SITE_FAILED', `yt-dlp could not get ${hostOf(url)}: ${detail}`);
  };
  return {
    bin: options.bin,
    async version() {
      const result = await run({ cmd: options.bin, args: versionArgs(), timeoutMs: 15_000, env });
      return result.stdout.trim().split('\n')[0] ?? '';
    },
    async probe(url, { flat, signal }) {
      const args = probeArgs(url, { proxy: await options.proxy(), flat });
      try {
        const result = await run({ cmd: options.bin, args, timeoutMs: options.probeTimeoutMs, env, signal });
        return parseProbe(result.stdout);
      } catch (error) {
        throw failure(url, error);
      }
    },
    async download(url, { signal, outputDir, onProgress }) {
      const args = downloadArgs(url, {
        proxy: await options.proxy(),
        format: options.format,
        outputDir,
        ...(options.ffmpegPath !== undefined ? { ffmpegPath: options.ffmpegPath } : {}),
      });
      let info: DownloadedInfo | undefined;
      try {
        await run({
          cmd: options.bin,
          args,
          timeoutMs: options.downloadTimeoutMs,
          env,
          signal,
          collectStdout: false,
          onStdoutLine: (line) => {
            const progress = parseProgressLine(line);
            if (progress) onProgress?.(progress);
            else info = parseInfoLine(line) ?? info;
          },
        });
      } catch (error) {
        throw failure(url, error);
      }
      if (!info) throw new SiteError('SITE_FAILED', `yt-dlp downloaded nothing from ${hostOf(url)}`);
      return info;
    },
  };
}
