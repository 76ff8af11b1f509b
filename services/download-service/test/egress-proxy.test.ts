/**
 * The egress proxy yt-dlp talks through: every CONNECT tunnel and plain request is checked after DNS, with the
 * shared guard, and made to the address that was checked.
 */
import { createServer, request, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REFUSAL_STATUS_TEXT,
  startEgressProxy,
  UNRESOLVED_STATUS_TEXT,
  type EgressProxy,
} from '../src/adapters/egress-proxy.js';

let origin: Server;
let originPort: number;
beforeAll(async () => {
  origin = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.url}`));
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originPort = (origin.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => origin.close(() => resolve())));

/** A plain-HTTP request through the proxy: status line text and body. */
function viaProxy(proxy: EgressProxy, url: string): Promise<{ status: number; statusText: string; body: string }> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A CONNECT through the proxy: the first response line. */
function connectVia(proxy: EgressProxy, authority: string): Promise<string> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`),
    );
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\r\n')) {
        socket.destroy();
        resolve(text.split('\r\n')[0] as string);
      }
    });
    socket.on('error', reject);
  });
}

describe('egress proxy, private addresses refused (the default)', () => {
  let proxy: EgressProxy;
  const refused: string[] = [];
  beforeAll(async () => {
    proxy = await startEgressProxy({
      allowPrivate: false,
      resolve: async (host) => {
        if (host === 'public.example') return ['93.184.216.34'];
        if (host === 'rebind.example') return ['93.184.216.34', '127.0.0.1'];
        if (host === 'mapped.example') return ['::ffff:127.0.0.1'];
        throw Object.assign(new Error('nxdomain'), { code: 'ENOTFOUND' });
      },
      // The "public" address is the test's loopback origin.
      dial: (address, port) =>
        address === '93.184.216.34' ? { host: '127.0.0.1', port: originPort } : { host: address, port },
      onRefused: (host) => refused.push(host),
    });
  });
  afterAll(async () => proxy?.close());

  it('listens on loopback only', () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('forwards a plain request to a public host, to the address it checked', async () => {
    const response = await viaProxy(proxy, 'http://public.example/page.html');
    expect(response).toMatchObject({ status: 200, body: 'hello /page.html' });
  });

  it('tunnels CONNECT to a public host', async () => {
    expect(await connectVia(proxy, 'public.example:443')).toBe('HTTP/1.1 200 Connection Established');
  });

  it.each([
    ['a loopback address', 'http://127.0.0.1:1/x'],
    ['a name that also resolves to loopback (rebinding)', 'http://rebind.example/x'],
    ['IPv4-mapped IPv6 loopback', 'http://mapped.example/x'],
    ['a cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses a plain request to %s with 403 and the refusal text', async (_name, url) => {
    const response = await viaProxy(proxy, url);
    expect(response.status).toBe(403);
    expect(response.statusText).toBe(REFUSAL_STATUS_TEXT);
    expect(refused).toContain(new URL(url).hostname.replace(/^\[|\]$/g, ''));
  });

  it('tells a name that does not resolve apart from a refused address', async () => {
    const response = await viaProxy(proxy, 'http://nowhere.example/x');
    expect(response).toMatchObject({ status: 403, statusText: UNRESOLVED_STATUS_TEXT });
  });

  it.each(['127.0.0.1:22', '[::1]:443', 'rebind.example:443', '10.0.0.1:443'])(
    'refuses CONNECT to %s',
    async (authority) => {
      expect(await connectVia(proxy, authority)).toBe(`HTTP/1.1 403 ${REFUSAL_STATUS_TEXT}`);
    },
  );

  it('only proxies http: in plain requests', async () => {
    const { hostname, port } = new URL(proxy.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: hostname, port, path: 'ftp://public.example/x' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });
});

describe('egress proxy, private addresses allowed (SMH_ALLOW_PRIVATE_URLS)', () => {
  it('forwards to loopback', async () => {
    const proxy = await startEgressProxy({ allowPrivate: true });
    try {
      expect(await viaProxy(proxy, `http://127.0.0.1:${originPort}/ok`)).toMatchObject({
        status: 200,
        body: 'hello /ok',
      });
    } finally {
      await proxy.close();
    }
  });
});
