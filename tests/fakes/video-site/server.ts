/**
 * A small web site for yt-dlp's generic extractor, served by the test on 127.0.0.1: an HTML5 <video> page, an HLS
 * stream and a DASH manifest made from one real clip by ffmpeg, an RSS feed of pages (a collection), a page
 * without media, and the clip itself under a URL without extension. Every request is logged (with its Range header);
 * files are served with byte ranges (206), and a test can hold a file's response after some bytes (a stalled
 * transfer) until it releases it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FakeVideoSite {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  dir: string;
  /** The clip every page shows (H.264 + AAC, 2 s, 160x120). */
  clip: Buffer;
  /** Paths requested, in order. */
  requests: string[];
  /** Every request in order, with its Range header (when it sent one). */
  requestLog: Array<{ path: string; range: string | undefined }>;
  /**
   * Writes a real MP4 of exactly `size` bytes at `path` (the clip followed by an ISO-BMFF `free` box of padding)
   * and returns its bytes.
   */
  writeLargeMedia(path: string, size: number): Promise<Buffer>;
  /**
   * Responses to `path` (started now or later) send at most `bytes` bytes of the body, then wait until `release()`
   * (or the client going away). After `release()` the path is served normally again.
   */
  holdAfter(path: string, bytes: number): { release(): void };
  /** Sets a page's HTML (path under the site root, e.g. "/p3/index.html"). */
  writePage(path: string, html: string): Promise<void>;
  /** Rewrites the RSS feed with these page paths, newest first. */
  writeFeed(pages: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/rss+xml',
  '.mp4': 'video/mp4',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mpd': 'application/dash+xml',
  '.m4s': 'video/iso.segment',
};

export function videoPage(title: string, src: string): string {
  return `<!doctype html><html><head><title>${title}</title><meta property="og:title" content="${title}"></head><body><video src="${src}" controls></video></body></html>`;
}

/** A single `bytes=a-b` / `bytes=a-` range within a body of `size` bytes; undefined when none was asked for. */
function byteRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = header?.match(/^bytes=(\d+)-(\d*)$/);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : [start, end];
}

export async function startFakeVideoSite(ffmpeg = 'ffmpeg'): Promise<FakeVideoSite> {
  const dir = await mkdtemp(join(tmpdir(), 'smh-video-site-'));
  const clipPath = join(dir, 'clip.mp4');
  // A keyframe every second, so HLS and DASH get two real segments each.
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=2'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '10', '-c:a', 'aac', '-shortest', clipPath],
  ]);
  await mkdir(join(dir, 'hls'));
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', clipPath, '-c', 'copy'],
    ...['-f', 'hls', '-hls_time', '1', '-hls_playlist_type', 'vod'],
    ...['-hls_segment_filename', join(dir, 'hls', 'seg%d.ts'), join(dir, 'hls', 'index.m3u8')],
  ]);
  await mkdir(join(dir, 'dash'));
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', clipPath, '-map', '0:v', '-map', '0:a', '-c', 'copy'],
    ...['-f', 'dash', '-seg_duration', '1', join(dir, 'dash', 'manifest.mpd')],
  ]);
  await writeFile(join(dir, 'video.html'), videoPage('A clip on a page', '/clip.mp4'));
  await writeFile(
    join(dir, 'empty.html'),
    '<!doctype html><html><head><title>Nothing</title></head><body><p>No media here.</p></body></html>',
  );

  const requests: string[] = [];
  const requestLog: FakeVideoSite['requestLog'] = [];
  const holds = new Map<string, { bytes: number; released: Promise<void> }>();
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    requestLog.push({ path, range: req.headers.range });
    // The clip under a URL without extension: a direct file the probe must recognise.
    const file = path === '/media/clip' ? clipPath : join(dir, normalize(path).replace(/^(\.\.[/\\])+/, ''));
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const range = byteRange(req.headers.range, body.length);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const [start, end] = range ?? [0, body.length - 1];
    res.writeHead(range ? 206 : 200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${body.length}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const slice = body.subarray(start, end + 1);
    const hold = holds.get(path);
    if (!hold) {
      res.end(slice);
      return;
    }
    res.write(slice.subarray(0, hold.bytes));
    const gone = new Promise<void>((resolve) => res.once('close', resolve));
    await Promise.race([hold.released, gone]);
    if (!res.destroyed) res.end(slice.subarray(hold.bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  const site: FakeVideoSite = {
    url: base,
    port,
    dir,
    clip: await readFile(clipPath),
    requests,
    requestLog,
    async writeLargeMedia(path, size) {
      const clip = await readFile(clipPath);
      const padding = size - clip.length;
      if (padding < 8) throw new Error(`writeLargeMedia: ${size} bytes is smaller than the clip and a box header`);
      const free = Buffer.alloc(padding);
      free.writeUInt32BE(padding, 0);
      free.write('free', 4, 'latin1');
      for (let at = 8; at < padding; at += 1) free[at] = at % 251; // not all zeros: a misplaced byte shows
      const bytes = Buffer.concat([clip, free]);
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), bytes);
      return bytes;
    },
    holdAfter(path, bytes) {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.set(path, { bytes, released });
      return {
        release() {
          holds.delete(path);
          release();
        },
      };
    },
    async writePage(path, html) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), html);
    },
    async writeFeed(pages) {
      const items = pages
        .map(
          (page, index) =>
            `<item><title>Clip ${page}</title><link>${base}${page}</link><guid>${page}</guid><pubDate>${new Date(Date.UTC(2024, 0, 10 - index)).toUTCString()}</pubDate></item>`,
        )
        .join('\n');
      await writeFile(
        join(dir, 'feed.xml'),
        `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Clips</title><link>${base}/</link>\n${items}\n</channel></rss>\n`,
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  return site;
}
