/**
 * The fake Instagram: three real HTTP servers (www, i.instagram.com, CDN) over one in-memory state.
 * Usage: `const fake = await startFakeInstagram(); fake.addProfile({username: 'fixture_user', posts: 75, pinned: 2})`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, type FakeHost } from './api-routes.js';
import { addPostTo, createProfile, type FakePostSpec, type FakeProfileSpec } from './builder.js';
import { handleCdn } from './cdn.js';
import { FaultInjector } from './faults.js';
import { delay, sendText } from './http-util.js';
import { MediaFiles } from './media-files.js';
import { FakeStore, type FakeMedia, type FakeProfile } from './model.js';
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
  latencyMs?: number;
}

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
  /** Invalidates signed URLs handed out so far (of one media or all): 403 until the metadata is fetched again. */
  expireMediaUrls(mediaPk?: string): void;
  resetLog(): void;
  setLatency(ms: number): void;
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

export async function startFakeInstagram(options: FakeInstagramOptions = {}): Promise<FakeInstagram> {
  const store = new FakeStore();
  const faults = new FaultInjector();
  const files = new MediaFiles(options.mediaCacheDir, options.ffmpegPath);
  const log: FakeRequestLogEntry[] = [];
  let latencyMs = options.latencyMs ?? 0;
  const host = options.host ?? '127.0.0.1';
  const ctx: RenderContext = {
    store,
    cdnUrl: '',
    secret: randomBytes(16).toString('hex'),
    urlTtlSec: options.urlTtlSec ?? 6 * 3600,
    nowSec: () => Math.floor(Date.now() / 1000),
  };

  const serverFor = (kind: FakeHost | 'cdn'): Server =>
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const entry: FakeRequestLogEntry = {
        method: req.method ?? 'GET',
        host: kind,
        path: url.pathname,
        query: url.search,
        family: familyOf(kind, url.pathname),
        status: 0,
        headers: req.headers,
      };
      log.push(entry);
      void (async () => {
        await delay(latencyMs);
        const fault = faults.take(entry.method, `${url.pathname}${url.search}`);
        if (fault?.type === 'delay') await delay(fault.ms);
        entry.status =
          kind === 'cdn'
            ? await handleCdn({ ctx, files }, req, res, url, fault)
            : await handleApi(ctx, kind, req, res, url, fault);
      })().catch((error: unknown) => {
        entry.status = 500;
        if (!res.headersSent) sendText(res, 500, `Fake Instagram failed: ${(error as Error).message}`, 'text/plain');
        else res.destroy();
      });
    });

  const servers = { web: serverFor('web'), api: serverFor('api'), cdn: serverFor('cdn') };
  const base = options.port;
  const { publicHost } = options;
  const webUrl = await listen(servers.web, base ?? 0, host, publicHost);
  const apiUrl = await listen(servers.api, base === undefined ? 0 : base + 1, host, publicHost);
  const cdnUrl = await listen(servers.cdn, base === undefined ? 0 : base + 2, host, publicHost);
  ctx.cdnUrl = cdnUrl;

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
    expireMediaUrls: (mediaPk) => store.expireUrls(mediaPk),
    resetLog: () => {
      log.length = 0;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: async () => {
      await Promise.all(
        Object.values(servers).map(
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
