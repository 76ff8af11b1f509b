/**
 * A direct-download origin that sends deterministic bytes slowly (with Range support, so a resumed transfer works),
 * and remembers which client ports are fetching: the test finds the worker process that runs a download by them.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Deterministic content of `size` bytes for `name`, sniffed as an MP4 (pure). */
export function originBytes(name: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(name).digest();
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(out, offset);
    block = createHash('sha256').update(block).digest();
  }
  // The hub types downloads by their bytes: start like an MP4 (an ftyp box), then deterministic noise.
  Buffer.from('000000186674797069736f6d0000020069736f6d61766331', 'hex').copy(out);
  return out;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export interface SlowOrigin {
  url(name: string): string;
  /** Client ports of transfers in progress now. */
  activeClientPorts(): number[];
  requests: Array<{ name: string; range?: string }>;
  close(): Promise<void>;
}

/** Serves `/<name>.bin` with the bytes registered under `name`, at about `bytesPerSec`. */
export async function startSlowOrigin(files: Record<string, Buffer>, bytesPerSec: number): Promise<SlowOrigin> {
  const active = new Set<number>();
  const requests: SlowOrigin['requests'] = [];
  const server: Server = createServer((req, res) => {
    const name = /^\/([\w-]+)\.bin$/.exec(req.url ?? '')?.[1] ?? '';
    const body = files[name];
    requests.push({ name, range: req.headers.range });
    if (!body) return void res.writeHead(404).end();
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const headers: Record<string, string | number> = {
      'content-type': 'application/octet-stream',
      'content-length': body.length - start,
      'accept-ranges': 'bytes',
      etag: `"${sha256(body).slice(0, 16)}"`,
    };
    if (range) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    const port = req.socket.remotePort!;
    active.add(port);
    const chunk = Math.max(1024, Math.floor(bytesPerSec / 10));
    let offset = start;
    const timer = setInterval(() => {
      if (offset >= body.length || res.destroyed) {
        clearInterval(timer);
        active.delete(port);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body.subarray(offset, offset + chunk));
      offset += chunk;
    }, 100);
    res.on('close', () => {
      clearInterval(timer);
      active.delete(port);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (name) => `${base}/${name}.bin`,
    activeClientPorts: () => [...active],
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
