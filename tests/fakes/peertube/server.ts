/**
 * The fake PeerTube instance (a named site for the yt-dlp extractor tests): the REST API v1 routes yt-dlp's
 * PeerTube extractors read (video details, description, captions, channel and account video lists), the web-video
 * files with HTTP Range, thumbnails, and the SPA shell for watch/channel pages.
 * Usage: `const site = await startFakePeerTube(); const ch = site.addChannel('fixture', 'fixture_channel');
 * site.addVideo(ch)`. With `realHost` it serves HTTPS on :443 under a real instance name (inside a private network
 * namespace whose /etc/hosts maps the name to `realHost.address`).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseRange } from '../instagram/cdn.js';
import { delay, sendJson, sendText } from '../instagram/http-util.js';
import { MediaFiles } from '../instagram/media-files.js';
import { FakePeerTubeStore, type FakePeerTubeChannel, type FakePeerTubeVideo, type FakeVideoSpec } from './model.js';
import {
  accountDetails,
  channelDetails,
  pageShell,
  problem,
  type Site,
  thumbnailPath,
  videoDetails,
  videoSummary,
  webVideoPath,
} from './render.js';

/** A real PeerTube instance yt-dlp's extractor knows by name (its `_INSTANCES_RE`). */
export const PEERTUBE_REAL_HOST = 'framatube.org';

export interface FakePeerTubeOptions {
  latencyMs?: number;
  mediaCacheDir?: string;
  ffmpegPath?: string;
  realHost?: { key: string | Buffer; cert: string | Buffer; address: string; port?: number; name?: string };
}

export interface FakePeerTubeRequest {
  method: string;
  path: string;
  status: number;
  range?: string;
}

export interface FakePeerTube {
  readonly origin: string;
  readonly store: FakePeerTubeStore;
  readonly requestLog: FakePeerTubeRequest[];
  addChannel(accountName: string, channelName: string, displayName?: string): FakePeerTubeChannel;
  addVideo(channel: FakePeerTubeChannel, spec?: FakeVideoSpec): FakePeerTubeVideo;
  /** The bytes served for a video's file (the highest resolution by default): what a client must end up with. */
  filePath(video: FakePeerTubeVideo, resolution?: number): Promise<string>;
  close(): Promise<void>;
}

const PAGE_PATTERNS: Array<[RegExp, 'video' | 'channel' | 'account']> = [
  [/^\/(?:w|videos\/watch|videos\/embed)\/([^/]+)$/, 'video'],
  [/^\/(?:c|video-channels)\/([^/]+)(?:\/videos)?$/, 'channel'],
  [/^\/(?:a|accounts)\/([^/]+)(?:\/videos)?$/, 'account'],
];

export async function startFakePeerTube(options: FakePeerTubeOptions = {}): Promise<FakePeerTube> {
  const store = new FakePeerTubeStore();
  const files = new MediaFiles(options.mediaCacheDir, options.ffmpegPath);
  const requestLog: FakePeerTubeRequest[] = [];
  const fileSizes = new Map<string, number>();
  const site: Site = { origin: '', host: '' };

  const fileOf = async (video: FakePeerTubeVideo, resolution?: number): Promise<string> => {
    const file = video.files.find((f) => f.resolution === resolution) ?? highest(video);
    const path = await files.file({
      pk: file.pk,
      kind: 'video',
      width: file.width,
      height: file.height,
      durationSec: video.durationSec,
    });
    fileSizes.set(file.pk, (await stat(path)).size);
    return path;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const url = new URL(req.url ?? '/', site.origin);
    // Express (PeerTube's router) is not strict about a trailing slash; yt-dlp asks for `/api/v1/videos/{id}/`.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, problem(405, 'Method Not Allowed', ''));
    if (path === '/api/v1/config') return json(res, 200, { serverVersion: '6.3.3', instance: { name: site.host } });

    const videoRoute = path.match(/^\/api\/v1\/videos\/([^/]+)(?:\/(description|captions))?$/);
    if (videoRoute) {
      const video = store.findVideo(videoRoute[1] ?? '');
      if (!video) return json(res, 404, problem(404, 'Not Found', 'Video not found'));
      if (videoRoute[2] === 'description') return json(res, 200, { description: video.description });
      if (videoRoute[2] === 'captions') return json(res, 200, { total: 0, data: [] });
      await Promise.all(video.files.map((file) => fileOf(video, file.resolution)));
      return json(res, 200, videoDetails(site, video, fileSizes));
    }

    const listRoute = path.match(/^\/api\/v1\/(video-channels|accounts)\/([^/]+)(?:\/(videos|video-channels))?$/);
    if (listRoute) {
      const [, kind, rawHandle = '', sub] = listRoute;
      const name = decodeURIComponent(rawHandle).replace(new RegExp(`@${escapeRegExp(site.host)}$`), '');
      const channel = kind === 'video-channels' ? store.channels.get(name) : undefined;
      const account = kind === 'accounts' ? store.accounts.get(name) : undefined;
      const owner = channel ?? account;
      if (!owner) {
        const what = kind === 'video-channels' ? 'Video channel' : 'Account';
        return json(res, 404, problem(404, 'Not Found', `${what} ${name} not found`));
      }
      const videos = store.videosOf(owner);
      if (sub === 'videos') {
        const start = nonNegative(url.searchParams.get('start'), 0);
        const count = Math.min(nonNegative(url.searchParams.get('count'), 15), 100);
        const data = videos.slice(start, start + count).map((video) => videoSummary(site, video));
        return json(res, 200, { total: videos.length, data });
      }
      if (sub === 'video-channels' && account) {
        const channels = [...store.channels.values()].filter((c) => c.account === account);
        return json(res, 200, {
          total: channels.length,
          data: channels.map((c) => channelDetails(site, c, store.videosOf(c).length)),
        });
      }
      if (sub) return json(res, 404, problem(404, 'Not Found', 'Not found'));
      if (channel) return json(res, 200, channelDetails(site, channel, videos.length));
      if (account) return json(res, 200, accountDetails(site, account));
    }
    if (path.startsWith('/api/')) return json(res, 404, problem(404, 'Not Found', `No route for ${path}`));

    const fileRoute = path.match(/^\/(?:static|download)\/web-videos\/([0-9a-f-]{36})-(\d+)\.mp4$/);
    if (fileRoute) {
      const video = store.findVideo(fileRoute[1] ?? '');
      const file = video?.files.find((f) => f.resolution === Number(fileRoute[2]));
      if (!video || !file || webVideoPath(video, file) !== path.replace(/^\/download\//, '/static/')) {
        return text(res, 404, 'Not Found');
      }
      return sendFile(req, res, await fileOf(video, file.resolution), 'video/mp4');
    }
    const thumbnail = path.match(/^\/lazy-static\/(?:thumbnails|previews)\/([0-9a-f-]{36})\.jpg$/);
    if (thumbnail) {
      const video = store.findVideo(thumbnail[1] ?? '');
      if (!video || thumbnailPath(video).slice(-40) !== path.slice(-40)) return text(res, 404, 'Not Found');
      const image = await files.file({ pk: video.thumbnailPk, kind: 'image', width: 640, height: 360 });
      return sendFile(req, res, image, 'image/jpeg');
    }
    for (const [pattern, kind] of PAGE_PATTERNS) {
      const match = path.match(pattern);
      if (!match) continue;
      const id = decodeURIComponent(match[1] ?? '');
      const video = kind === 'video' ? store.findVideo(id) : undefined;
      const channel = kind === 'channel' ? store.channels.get(id) : undefined;
      const account = kind === 'account' ? store.accounts.get(id) : undefined;
      const title = video?.name ?? channel?.displayName ?? account?.displayName;
      if (title === undefined) return text(res, 404, pageShell(site, 'Page not found', ''));
      const description = video?.description ?? channel?.description ?? '';
      return text(res, 200, pageShell(site, title, description));
    }
    return text(res, 404, pageShell(site, 'Page not found', ''));
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const started = options.latencyMs ? delay(options.latencyMs) : Promise.resolve();
    void started
      .then(() => handle(req, res))
      .then(
        (status) => {
          requestLog.push({
            method: req.method ?? 'GET',
            path: req.url ?? '/',
            status,
            ...(req.headers.range ? { range: req.headers.range } : {}),
          });
        },
        (error: unknown) => {
          if (!res.headersSent) text(res, 500, String(error));
          else res.destroy();
        },
      );
  };

  let server: Server;
  if (options.realHost) {
    const real = options.realHost;
    server = createTlsServer({ key: real.key, cert: real.cert }, listener);
    await listen(server, real.port ?? 443, real.address);
    site.host = real.name ?? PEERTUBE_REAL_HOST;
    site.origin = `https://${site.host}${real.port && real.port !== 443 ? `:${real.port}` : ''}`;
  } else {
    server = createServer(listener);
    const port = await listen(server, 0, '127.0.0.1');
    site.host = `127.0.0.1:${port}`;
    site.origin = `http://${site.host}`;
  }

  return {
    get origin() {
      return site.origin;
    },
    store,
    requestLog,
    addChannel(accountName, channelName, displayName) {
      const account = store.accounts.get(accountName) ?? store.addAccount(accountName);
      return store.addChannel(account, channelName, displayName ?? channelName, `Channel ${channelName}.`);
    },
    addVideo: (channel, spec) => store.addVideo(channel, spec),
    filePath: fileOf,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function highest(video: FakePeerTubeVideo) {
  const [best] = [...video.files].sort((a, b) => b.resolution - a.resolution);
  if (!best) throw new Error(`video ${video.uuid} has no files`);
  return best;
}

function json(res: ServerResponse, status: number, body: unknown): number {
  const contentType = status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8';
  sendJson(res, status, body, { 'Content-Type': contentType });
  return status;
}

function text(res: ServerResponse, status: number, body: string): number {
  sendText(res, status, body);
  return status;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, contentType: string) {
  const { size } = await stat(path);
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return 416;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const status = range ? 206 : 200;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': end - start + 1,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'public, max-age=31536000, immutable',
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return status;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(path, { start, end }).on('error', reject).pipe(res).on('finish', resolve).on('close', resolve);
  });
  return status;
}

function nonNegative(value: string | null, fallback: number): number {
  const number = Number(value);
  return value !== null && Number.isInteger(number) && number >= 0 ? number : fallback;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
