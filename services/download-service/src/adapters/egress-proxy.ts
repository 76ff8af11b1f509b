/**
 * The hub's local egress proxy for tools that fetch by themselves (yt-dlp): every CONNECT tunnel and every plain
 * HTTP request is checked with the shared egress guard at connection time, after DNS, and then made to exactly the
 * address that was checked (no second look-up a rebinding DNS server could answer differently). Listens on
 * 127.0.0.1 on an ephemeral port; only http/https targets exist for a proxy, so no other protocol gets through.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  isPrivateAddress,
  PrivateAddressError,
  privateAddressError,
  systemResolver,
  type Resolver,
} from '@smh/shared/net/egress-guard';

export type Dial = (address: string, port: number) => { host: string; port: number };
const directDial: Dial = (host, port) => ({ host, port });

export interface EgressProxyOptions {
  /** SMH_ALLOW_PRIVATE_URLS: private and loopback targets allowed (tests, trusted LANs). */
  allowPrivate: boolean;
  resolve?: Resolver;
  /**
   * Where to really connect for a checked address (tests route a public-looking address to a loopback fixture);
   * default: the address itself.
   */
  dial?: Dial;
  /** Called for every refused connection (logs, tests). */
  onRefused?: (host: string, reason: string) => void;
}

/** The status text of a refusal: yt-dlp repeats it in its error ("HTTP Error 403: …", "Tunnel connection failed: 403 …"). */
export const REFUSAL_STATUS_TEXT = 'Refused By Egress Guard';
/** The status text when the host name does not resolve. */
export const UNRESOLVED_STATUS_TEXT = 'Host Not Resolved';

const statusTextFor = (error: unknown): string =>
  error instanceof PrivateAddressError && error.code === 'DNS_ERROR' ? UNRESOLVED_STATUS_TEXT : REFUSAL_STATUS_TEXT;

export interface EgressProxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
}

/** The one address to connect to for `host`, or a PrivateAddressError naming why not. */
export async function checkedAddress(host: string, options: EgressProxyOptions): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(bare);
    } catch (error) {
      throw new PrivateAddressError(
        'DNS_ERROR',
        `The host "${bare}" could not be resolved: ${(error as Error).message}`,
        bare,
      );
    }
  }
  const first = addresses[0];
  if (first === undefined) throw new PrivateAddressError('DNS_ERROR', `The host "${bare}" has no addresses`, bare);
  if (!options.allowPrivate) {
    const blocked = addresses.find((address) => isPrivateAddress(address));
    if (blocked !== undefined) throw privateAddressError(bare, blocked);
  }
  return first;
}

function splitHostPort(authority: string, defaultPort: number): { host: string; port: number } | undefined {
  const match = authority.match(/^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/);
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  return port > 0 && port < 65536 ? { host: match[1], port } : undefined;
}

export function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const refuse = (host: string, error: unknown): string => {
    const reason = error instanceof Error ? error.message : String(error);
    options.onRefused?.(host, reason);
    return reason;
  };
  const server = http.createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('absolute http:// URL expected');
      return;
    }
    if (target.protocol !== 'http:') {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(`protocol ${target.protocol} is not proxied`);
      return;
    }
    checkedAddress(target.hostname, options).then(
      (address) => {
        const headers = { ...request.headers };
        delete headers['proxy-connection'];
        delete headers['proxy-authorization'];
        const dialed = (options.dial ?? directDial)(address, Number(target.port || 80));
        const upstream = http.request(
          {
            host: dialed.host,
            port: dialed.port,
            method: request.method,
            path: `${target.pathname}${target.search}`,
            headers: { ...headers, host: target.host },
          },
          (upstreamResponse) => {
            response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
            upstreamResponse.pipe(response);
          },
        );
        upstream.on('error', () => response.destroy());
        request.pipe(upstream);
      },
      (error: unknown) => {
        response
          .writeHead(403, statusTextFor(error), { 'content-type': 'text/plain' })
          .end(refuse(target.hostname, error));
      },
    );
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => client.destroy());
    const target = splitHostPort(request.url ?? '', 443);
    if (!target) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    checkedAddress(target.host, options).then(
      (address) => {
        const upstream = net.connect((options.dial ?? directDial)(address, target.port), () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length > 0) upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => {
          if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        });
        client.on('close', () => upstream.destroy());
      },
      (error: unknown) => {
        const reason = refuse(target.host, error).replace(/[\r\n]+/g, ' ');
        client.end(`HTTP/1.1 403 ${statusTextFor(error)}\r\ncontent-type: text/plain\r\n\r\n${reason}`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
