/**
 * The fake Instagram: three real HTTP servers (www, i.instagram.com, CDN) over one in-memory state.
 * Usage: `const fake = await startFakeInstagram(); fake.addProfile({username: 'fixture_user', posts: 75, pinned: 2})`.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-routes.js';
import { addPostTo, createProfile, type FakePostSpec, type FakeProfileSpec } from './builder.js';
import { handleCdn } from './cdn.js';
import { FaultInjector } from './faults.js';
import { delay, sendText } from './http-util.js';
import { MediaFiles } from './media-files.js';
import { FakeStore, type FakeMedia, type FakeProfile } from './model.js';
import type { FakeHost } from './exchange.js';
import type { RenderContext } from './render.js';

export type FakeRequestFamily = 'graphql' | 'api_v1' | 'iphone' | 'cdn' | 'other';

export interface FakeRequestLogEntry {
  method: string;
  host: FakeHost | 'cdn';
  path: string;
  query: string;
  family: FakeRequestFamily;
  status: number;
  headers: IncomingHttpHeaders;
  /** When the request arrived (epoch ms). */
  at: number;
  /** The latency (setLatency) the fake held this request for before answering. */
  heldMs: number;
}

export interface FakeInstagramOptions {
  /** Port of the www server; the api and CDN servers take the next two. Default: three free ports. */
  port?: number;
  host?: string;
  /** The host name in the URLs it hands out (default: `host`), e.g. host.containers.internal for containers. */
  publicHost?: string;
  /** Lifetime of signed CDN URLs (`oe`), seconds. Default 6 hours. */
  urlTtlSec?: number;
  mediaCacheDir?: string;
  ffmpegPath?: string;
  /** Delay before every answer: one figure for all hosts, or split into API (www, i.instagram) and media (CDN). */
  latencyMs?: Latency;
  /** Logged-out reality from the start (see `setLoggedOutWall`). */
  loggedOutWall?: boolean;
  /**
   * Serve HTTPS on `port` (default 443) under the real host names, each server bound to its own address that the
   * caller's /etc/hosts maps the names to (conformance runs inside a private network namespace).
   */
  realHosts?: RealHostsOptions;
}

/** Milliseconds before an answer; `api` covers www.instagram.com and i.instagram.com, `media` the CDN. */
export type Latency = number | { api: number; media: number };

/** The delay one host class gets under a latency setting. */
export function latencyFor(latency: Latency, host: FakeHost | 'cdn'): number {
  if (typeof latency === 'number') return latency;
  return host === 'cdn' ? latency.media : latency.api;
}

export interface RealHostsOptions {
  key: string | Buffer;
  cert: string | Buffer;
  port?: number;
  /** Listen addresses of www.instagram.com, i.instagram.com and the CDN host. */
  bind: Record<FakeHost | 'cdn', string>;
}

export const REAL_HOST_NAMES: Record<FakeHost | 'cdn', string> = {
  web: 'www.instagram.com',
  api: 'i.instagram.com',
  cdn: 'scontent-ams2-1.cdninstagram.com',
};

export interface FakeInstagram {
  webUrl: string;
  apiUrl: string;
  cdnUrl: string;
  store: FakeStore;
  requestLog: readonly FakeRequestLogEntry[];
  faults: FaultInjector;
  addProfile(spec: FakeProfileSpec): FakeProfile;
  addPost(username: string, spec?: FakePostSpec): FakeMedia;
  addSession(sessionid: string, username: string): void;
  /** Logged-out reality: anonymous visitors get the profile and its newest 12 posts, the rest redirects to login. */
  setLoggedOutWall(on: boolean): void;
  /** Files the CDN served whole, by resource pk (conformance checks compare downloads with these). */
  servedFiles: ReadonlyMap<string, ReadonlySet<string>>;
  /** Invalidates signed URLs handed out so far (of one media or all): 403 until the metadata is fetched again. */
  expireMediaUrls(mediaPk?: string): void;
  resetLog(): void;
  setLatency(latency: Latency): void;
  close(): Promise<void>;
}

function familyOf(host: FakeHost | 'cdn', path: string): FakeRequestFamily {
  if (host === 'cdn') return 'cdn';
  if (host === 'api') return 'iphone';
  if (path.startsWith('/graphql/') || path.startsWith('/api/graphql')) return 'graphql';
  return path.startsWith('/api/v1/') ? 'api_v1' : 'other';
}

function listen(server: Server, port: number, host: string, publicHost = host): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${publicHost}:${address.port}`);
    });
  });
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

async function listenAll(
  listeners: Record<FakeHost | 'cdn', Listener>,
  options: FakeInstagramOptions,
  host: string,
): Promise<{ servers: Server[]; urls: Record<FakeHost | 'cdn', string> }> {
  const kinds = ['web', 'api', 'cdn'] as const;
  const real = options.realHosts;
  if (real) {
    const servers = kinds.map((kind) => createTlsServer({ key: real.key, cert: real.cert }, listeners[kind]));
    await Promise.all(servers.map((server, i) => listen(server, real.port ?? 443, real.bind[kinds[i]!])));
    const suffix = (real.port ?? 443) === 443 ? '' : `:${real.port}`;
    const urls = { web: '', api: '', cdn: '' };
    for (const kind of kinds) urls[kind] = `https://${REAL_HOST_NAMES[kind]}${suffix}`;
    return { servers, urls };
  }
  const servers = kinds.map((kind) => createServer(listeners[kind]));
  const base = options.port;
  const urls = { web: '', api: '', cdn: '' };
  for (const [i, kind] of kinds.entries())
    urls[kind] = await listen(servers[i]!, base === undefined ? 0 : base + i, host, options.publicHost);
  return { servers, urls };
}

export async function startFakeInstagram(options: FakeInstagramOptions = {}): Promise<FakeInstagram> {
  const store = new FakeStore();
  const faults = new FaultInjector();
  const files = new MediaFiles(options.mediaCacheDir, options.ffmpegPath);
  const log: FakeRequestLogEntry[] = [];
  let latency: Latency = options.latencyMs ?? 0;
  const host = options.host ?? '127.0.0.1';
  const ctx: RenderContext = {
    store,
    cdnUrl: '',
    secret: randomBytes(16).toString('hex'),
    urlTtlSec: options.urlTtlSec ?? 6 * 3600,
    nowSec: () => Math.floor(Date.now() / 1000),
    loggedOutWall: options.loggedOutWall ?? false,
  };
  const servedFiles = new Map<string, Set<string>>();
  const onServed = (pk: string, path: string): void => {
    servedFiles.set(pk, (servedFiles.get(pk) ?? new Set()).add(path));
  };

  const listenerFor =
    (kind: FakeHost | 'cdn'): Listener =>
    (req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const entry: FakeRequestLogEntry = {
        method: req.method ?? 'GET',
        host: kind,
        path: url.pathname,
        query: url.search,
        family: familyOf(kind, url.pathname),
        status: 0,
        headers: req.headers,
        at: Date.now(),
        heldMs: latencyFor(latency, kind),
      };
      log.push(entry);
      void (async () => {
        await delay(entry.heldMs);
        const fault = faults.take(entry.method, `${url.pathname}${url.search}`);
        if (fault?.type === 'delay') await delay(fault.ms);
        entry.status =
          kind === 'cdn'
            ? await handleCdn({ ctx, files, onServed }, req, res, url, fault)
            : await handleApi(ctx, kind, req, res, url, fault);
      })().catch((error: unknown) => {
        entry.status = 500;
        if (!res.headersSent) sendText(res, 500, `Fake Instagram failed: ${(error as Error).message}`, 'text/plain');
        else res.destroy();
      });
    };

  const listeners = { web: listenerFor('web'), api: listenerFor('api'), cdn: listenerFor('cdn') };
  const { servers, urls } = await listenAll(listeners, options, host);
  const { web: webUrl, api: apiUrl, cdn: cdnUrl } = urls;
  ctx.cdnUrl = cdnUrl;
  if (options.realHosts) ctx.publicWebUrl = webUrl;

  return {
    webUrl,
    apiUrl,
    cdnUrl,
    store,
    faults,
    get requestLog() {
      return log;
    },
    addProfile: (spec) => createProfile(store, spec),
    addPost: (username, spec = {}) => addPostTo(store, store.requireProfile(username), spec),
    addSession: (sessionid, username) => {
      store.requireProfile(username);
      store.sessions.set(sessionid, username.toLowerCase());
    },
    setLoggedOutWall: (on) => {
      ctx.loggedOutWall = on;
    },
    servedFiles,
    expireMediaUrls: (mediaPk) => store.expireUrls(mediaPk),
    resetLog: () => {
      log.length = 0;
    },
    setLatency: (value) => {
      latency = value;
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
