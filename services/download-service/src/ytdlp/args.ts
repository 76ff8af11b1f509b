/**
 * yt-dlp command lines as data. Pure: the runner executes them, tests check them as lists and against the real tool.
 * Every run ignores user/system configuration, sends all traffic through the hub's guarded egress proxy and uses
 * yt-dlp's own (native) downloader for every protocol, so no helper program fetches anything around the proxy.
 */

/** Best video + best audio merged (by ffmpeg) into MP4, else the best single file. */
export const DEFAULT_FORMAT = 'bv*+ba/b';
/** Marks the progress lines among yt-dlp's output. */
export const PROGRESS_PREFIX = 'SMHPROGRESS ';
/** Marks the line with the final info JSON (after the file got its final name). */
export const INFO_PREFIX = 'SMHINFO ';

export interface CommonOptions {
  /** http://127.0.0.1:<port> of the hub's egress proxy. */
  proxy: string;
}

function commonArgs(options: CommonOptions): string[] {
  return [
    '--ignore-config',
    '--no-cache-dir',
    '--no-color',
    '--proxy',
    options.proxy,
    // yt-dlp's own downloaders only speak HTTP(S) (direct, HLS, DASH) through --proxy and refuse file: URLs;
    // external ones (ffmpeg, rtmpdump) could fetch around the proxy or read local files.
    '--downloader',
    'native',
  ];
}

export interface ProbeOptions extends CommonOptions {
  /** List a collection's entries without resolving each one (a channel, playlist or profile). */
  flat: boolean;
}

/** One JSON document on stdout describing the URL: a single video or a playlist with its entries. */
export function probeArgs(url: string, options: ProbeOptions): string[] {
  return [
    ...commonArgs(options),
    '--dump-single-json',
    ...(options.flat ? ['--flat-playlist'] : ['--no-playlist']),
    '--',
    url,
  ];
}

export interface DownloadOptions extends CommonOptions {
  /** yt-dlp format selector (YTDLP_FORMAT). */
  format: string;
  /** Directory the file (and its `.part` while running) is written to; reused on retry so `.part` resumes. */
  outputDir: string;
  /** The ffmpeg binary yt-dlp merges video and audio with; absent: yt-dlp looks for `ffmpeg` on PATH. */
  ffmpegPath?: string;
}

/** Downloads one item: progress lines while running, the info JSON (with `filepath`) at the end. */
export function downloadArgs(url: string, options: DownloadOptions): string[] {
  return [
    ...commonArgs(options),
    '--no-playlist',
    '--format',
    options.format,
    '--merge-output-format',
    'mp4',
    ...(options.ffmpegPath !== undefined ? ['--ffmpeg-location', options.ffmpegPath] : []),
    '--continue',
    '--no-mtime',
    '--restrict-filenames',
    '--paths',
    options.outputDir,
    '--output',
    '%(id).80B.%(ext)s',
    '--progress',
    '--newline',
    '--progress-template',
    `download:${PROGRESS_PREFIX}%(progress.{status,downloaded_bytes,total_bytes,total_bytes_estimate})j`,
    '--print',
    `after_move:${INFO_PREFIX}%()j`,
    '--',
    url,
  ];
}

export function versionArgs(): string[] {
  return ['--version'];
}
