/** The fake CDN: signed, expiring URLs (`oe`/`oh`), real JPEG/MP4 bytes, HTTP Range, and body-level faults. */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeFault } from './faults.js';
import { delay, sendText } from './http-util.js';
import { syntheticBytes, type MediaFiles } from './media-files.js';
import { signature, type RenderContext } from './render.js';

const PATH_PATTERN = /^\/cdn\/(?:v\/t51\.2885-1[59]|o1\/v\/t16\/f2\/m86)\/(\d+)_(\d+)x(\d+)(_crop)?(?:_n)?\.(jpg|mp4)$/;

export interface CdnTarget {
  pk: string;
  width: number;
  height: number;
  kind: 'image' | 'video';
}

type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** Parses a single `bytes=` range against `size` (multi-range requests are answered with the whole body). */
export function parseRange(header: string | undefined, size: number): ByteRange {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    const suffix = Number(to);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

/** Checks the URL's signature and expiry; returns a reason to refuse or undefined. */
function signatureProblem(ctx: RenderContext, url: URL, target: CdnTarget): string | undefined {
  const oe = url.searchParams.get('oe') ?? '';
  const gen = url.searchParams.get('_nc_gid') ?? '';
  const oh = url.searchParams.get('oh') ?? '';
  if (oh !== `00_${signature(ctx.secret, url.pathname, oe, gen)}`) return 'Bad URL hash';
  if (Number.parseInt(oe, 16) <= ctx.nowSec()) return 'URL signature expired';
  if (Number(gen) < ctx.store.generation(target.pk)) return 'URL signature expired';
  return undefined;
}

export interface CdnDeps {
  ctx: RenderContext;
  files: MediaFiles;
  /** Told the resource pk and the file of every whole-body 200 answer (conformance checks hash these). */
  onServed?: (pk: string, path: string) => void;
}

export async function handleCdn(
  deps: CdnDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  fault?: FakeFault,
): Promise<number> {
  const match = url.pathname.match(PATH_PATTERN);
  if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) {
    sendText(res, 404, 'Not Found', 'text/plain');
    return 404;
  }
  const [, pk = '', width = '0', height = '0', , extension] = match;
  const target: CdnTarget = {
    pk,
    width: Number(width),
    height: Number(height),
    kind: extension === 'mp4' ? 'video' : 'image',
  };
  const { store } = deps.ctx;
  const owner = store.resourceOwner.get(pk);
  if (!owner && !store.profilesById.has(pk)) {
    sendText(res, 404, 'Not Found', 'text/plain');
    return 404;
  }
  const problem = signatureProblem(deps.ctx, url, target);
  if (problem) {
    sendText(res, 403, problem, 'text/plain');
    return 403;
  }
  if (fault?.type === 'status') {
    sendText(res, fault.status, fault.body ?? `HTTP ${fault.status}`, 'text/plain');
    return fault.status;
  }
  if (fault?.type === 'delay') await delay(fault.ms);
  const resource = owner?.resources.find((r) => r.pk === pk);
  const contentType = target.kind === 'video' ? 'video/mp4' : 'image/jpeg';
  let size: number;
  let path: string | undefined;
  let servedPath: string | undefined;
  let open: (start: number, end: number) => AsyncIterable<Buffer> | NodeJS.ReadableStream;
  if (resource?.syntheticBytes !== undefined) {
    size = resource.syntheticBytes;
    open = (start, end) => syntheticBytes(pk, start, end);
  } else {
    path = await deps.files.file({
      ...target,
      ...(resource?.durationSec ? { durationSec: resource.durationSec } : {}),
    });
    size = (await stat(path)).size;
    const file = path;
    open = (start, end) => createReadStream(file, { start, end });
    if (fault?.type === 'wrong_content_length')
      return sendWrongLength(res, await readFile(file), contentType, fault.delta ?? 100);
  }
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return 416;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const status = range ? 206 : 200;
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Accept-Ranges': 'bytes',
    ETag: `"${pk}-${width}x${height}-${size}"`,
    'Last-Modified': new Date((owner?.takenAt ?? 0) * 1000).toUTCString(),
    'Cache-Control': 'max-age=1209600',
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  };
  const length = end - start + 1;
  if (fault?.type === 'truncated_body') {
    res.writeHead(status, headers);
    return stream(res, open(start, start + Math.min(length, fault.bytes ?? Math.floor(length / 2)) - 1), status, 'end');
  }
  res.writeHead(status, { ...headers, 'Content-Length': length });
  if (status === 200 && req.method === 'GET' && resource?.syntheticBytes === undefined) servedPath = path;
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return status;
  }
  if (fault?.type === 'reset_mid_body') {
    const sent = Math.max(1, Math.min(length - 1, fault.afterBytes ?? Math.floor(length / 2)));
    return stream(res, open(start, start + sent - 1), status, 'destroy');
  }
  const sent = await stream(res, open(start, end), status, 'end');
  if (servedPath !== undefined) deps.onServed?.(pk, servedPath);
  return sent;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function stream(
  res: ServerResponse,
  source: AsyncIterable<Buffer> | NodeJS.ReadableStream,
  status: number,
  finish: 'end' | 'destroy',
): Promise<number> {
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (res.destroyed) return status;
      if (!res.write(chunk)) await drainedOrClosed(res);
    }
  } catch {
    res.destroy();
    return status;
  }
  if (finish === 'destroy') {
    // Let the partial body reach the client, then cut the connection like a dropped transfer.
    await new Promise<void>((resolve) => (res.socket ? res.socket.write('', () => resolve()) : resolve()));
    res.socket?.destroy();
  } else {
    res.end();
  }
  return status;
}

/** Writes a raw HTTP answer whose Content-Length is `delta` bytes off, then closes the connection. */
function sendWrongLength(res: ServerResponse, body: Buffer, contentType: string, delta: number): number {
  const socket = res.socket!;
  const head = `HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\nContent-Length: ${Math.max(0, body.length + delta)}\r\nConnection: close\r\n\r\n`;
  socket.write(head);
  socket.end(body);
  return 200;
}
