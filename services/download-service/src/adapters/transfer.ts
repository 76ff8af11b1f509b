/**
 * One file transfer: streamed into a temporary file with sha256 computed on the way (flat memory, backpressure
 * through pipeline), resumed with `Range: bytes=<n>-` after a dropped connection (206 + Content-Range checked,
 * restarted from 0 when the server ignores Range), length verified against Content-Length / Content-Range, and
 * bounded retries with jitter on 5xx and network errors. Redirects are followed by hand, each hop guarded.
 * Node's http client is used rather than undici: undici 7.30 asserts (uncaught) when a `Connection: close`
 * answer ends while its parser is paused by backpressure, which a slow disk makes routine.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '../domain/addresses.js';
import { DownloadFailure } from '../domain/failure.js';
import { baseMime, parseContentRange, parseLength, unsatisfiedRangeTotal } from '../domain/http-facts.js';
import { privateAddressFailure } from './url-guard.js';

export interface TransferOptions {
  agents: HttpAgents;
  signal: AbortSignal;
  allowPrivate: boolean;
  /** Attempts without progress before giving up on 5xx / network errors. */
  maxAttempts: number;
  baseDelayMs: number;
  headers?: Record<string, string>;
  timeoutMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface TransferHooks {
  /** Bytes appended to the temp file (for progress). */
  onBytes(bytes: number): void;
  /** The transfer restarted from 0: `lostBytes` counted before no longer count. */
  onRestart(lostBytes: number): void;
  /** The complete size, as soon as it is known. */
  onSize?(size: number): void;
}

export interface TransferOutcome {
  size: number;
  sha256: string;
  mime: string | undefined;
  /** Final URL after redirects. */
  url: string;
  /** How many HTTP requests were made, and how many of them asked for a Range. */
  requests: number;
  rangeRequests: number;
}

/** The signed CDN URL was refused (expired `oe`): fetch fresh metadata and try again. */
export class ExpiredUrlError extends DownloadFailure {
  constructor(url: string) {
    super(
      'CDN_URL_EXPIRED',
      `The media URL was refused (HTTP 403; its signature probably expired): ${new URL(url).pathname}`,
      true,
    );
  }
}

const MAX_REDIRECTS = 5;
const MAX_TOTAL_ATTEMPTS = 50;

export const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

async function fileSize(path: string): Promise<number> {
  return (await fs.stat(path).catch(() => undefined))?.size ?? 0;
}

async function hashPrefix(path: string, length: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (length > 0) {
    for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
  }
  return hash;
}

function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function httpFailure(status: number, url: string): DownloadFailure {
  if (status === 404 || status === 410)
    return new DownloadFailure(
      'MEDIA_NOT_FOUND',
      `The server has no such file (HTTP ${status}): ${new URL(url).pathname}`,
      false,
    );
  return new DownloadFailure(
    `HTTP_${status}`,
    `The server answered HTTP ${status} for ${new URL(url).host}${new URL(url).pathname}`,
    retryableStatus(status),
  );
}

export interface HttpAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Keep-alive agents; when private addresses are refused, every connection's DNS answer is checked too. */
export function createAgents(options: { maxSockets: number; lookup?: LookupFunction }): HttpAgents {
  const common = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  return { http: new http.Agent(common), https: new https.Agent(common) };
}

interface Opened {
  response: http.IncomingMessage;
  url: string;
}

function get(url: URL, headers: Record<string, string>, options: TransferOptions): Promise<http.IncomingMessage> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, {
      method: 'GET',
      headers,
      agent: secure ? options.agents.https : options.agents.http,
      signal: options.signal,
    });
    request.setTimeout(options.timeoutMs ?? 30_000, () =>
      request.destroy(new Error(`no data for ${options.timeoutMs ?? 30_000} ms`)),
    );
    request.once('response', resolve);
    request.once('error', reject);
    request.end();
  });
}

/** Sends GET (with Range when `offset` > 0), following redirects by hand with the address guard on each hop. */
async function open(startUrl: string, offset: number, options: TransferOptions): Promise<Opened> {
  let url = startUrl;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new DownloadFailure('UNSUPPORTED_REDIRECT', `Refusing a redirect to a ${parsed.protocol} URL`, false);
    }
    const literal = parsed.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && net.isIP(literal) && isPrivateAddress(literal))
      throw privateAddressFailure(literal, literal);
    const headers: Record<string, string> = {
      'accept-encoding': 'identity',
      'user-agent': 'Mozilla/5.0 (SocialMediaHub)',
      ...options.headers,
    };
    if (offset > 0) headers['range'] = `bytes=${offset}-`;
    const response = await get(parsed, headers, options);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      url = new URL(location, url).toString();
      continue;
    }
    return { response, url };
  }
  throw new DownloadFailure(
    'TOO_MANY_REDIRECTS',
    `More than ${MAX_REDIRECTS} redirects from ${new URL(startUrl).host}`,
    false,
  );
}

function header(response: http.IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Downloads `url` into `tempPath`, continuing from the bytes already in it. Throws DownloadFailure. */
export async function transferToFile(
  url: string,
  tempPath: string,
  hooks: TransferHooks,
  options: TransferOptions,
): Promise<TransferOutcome> {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  let offset = await fileSize(tempPath);
  let rangeUsable = true;
  let requests = 0;
  let rangeRequests = 0;
  let failures = 0;
  let expectedTotal: number | undefined;
  let lastFailure: DownloadFailure | undefined;
  /** Content type of an answer whose completeness is still being confirmed by a range probe. */
  let pendingMime: string | undefined;
  for (let attempt = 1; attempt <= MAX_TOTAL_ATTEMPTS; attempt += 1) {
    options.signal.throwIfAborted();
    if (!rangeUsable && offset > 0) {
      hooks.onRestart(offset);
      await fs.truncate(tempPath, 0);
      offset = 0;
    }
    const before = offset;
    try {
      const outcome = await attemptOnce();
      if (outcome) return outcome;
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      const failure =
        error instanceof DownloadFailure
          ? error
          : new DownloadFailure(
              'NETWORK_ERROR',
              `The transfer from ${new URL(url).host} broke off: ${(error as Error).message}`,
              true,
              { cause: error },
            );
      if (!failure.retryable || failure instanceof ExpiredUrlError) throw failure;
      lastFailure = failure;
      offset = await fileSize(tempPath);
      failures = offset > before ? 1 : failures + 1;
      if (failures >= options.maxAttempts) throw failure;
      const delay = Math.min(30_000, options.baseDelayMs * 2 ** (failures - 1));
      await sleep(Math.round(delay * (0.5 + random() * 0.5)), options.signal);
    }
  }
  throw (
    lastFailure ??
    new DownloadFailure('TRANSFER_FAILED', `The transfer from ${new URL(url).host} did not complete`, true)
  );

  /** One request. Resolves with the outcome when the file is complete, undefined to go round again. */
  async function attemptOnce(): Promise<TransferOutcome | undefined> {
    const askedRange = offset > 0 && rangeUsable;
    const { response, url: finalUrl } = await open(url, askedRange ? offset : 0, options);
    requests += 1;
    if (askedRange) rangeRequests += 1;
    const status = response.statusCode ?? 0;
    if (status === 416 && askedRange) {
      response.resume();
      const total = unsatisfiedRangeTotal(header(response, 'content-range'));
      if (total === offset && (expectedTotal === undefined || expectedTotal === offset))
        return finish(finalUrl, undefined);
      rangeUsable = false;
      return undefined;
    }
    if (status === 403) {
      response.resume();
      throw new ExpiredUrlError(finalUrl);
    }
    if (status !== 200 && status !== 206) {
      response.resume();
      throw httpFailure(status, finalUrl);
    }
    let start = 0;
    let total: number | undefined;
    if (status === 206) {
      const range = parseContentRange(header(response, 'content-range'));
      if (!askedRange || !range || range.start !== offset) {
        response.resume();
        rangeUsable = false; // a range we did not ask for, or at the wrong place: start over without Range
        return undefined;
      }
      start = offset;
      total = range.total;
    } else {
      const length = parseLength(header(response, 'content-length'));
      total = length;
      if (offset > 0) {
        hooks.onRestart(offset); // the server ignored Range and sends everything again
        await fs.truncate(tempPath, 0);
        offset = 0;
      }
    }
    if (total !== undefined) {
      if (expectedTotal !== undefined && expectedTotal !== total) {
        response.resume();
        rangeUsable = false; // the file changed between requests
        expectedTotal = total;
        return undefined;
      }
      expectedTotal = total;
      hooks.onSize?.(total);
    }
    const hash = await hashPrefix(tempPath, start);
    let received = 0;
    await fs.truncate(tempPath, start).catch(async () => fs.writeFile(tempPath, ''));
    // Each chunk is hashed and written before the next is read: backpressure, flat memory, and after a broken
    // connection the file holds exactly the bytes that were hashed (the next attempt resumes from there).
    const file = await fs.open(tempPath, 'a');
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        await file.write(chunk);
        hash.update(chunk);
        received += chunk.length;
        hooks.onBytes(chunk.length);
      }
    } finally {
      await file.close();
    }
    offset = start + received;
    const mime = baseMime(header(response, 'content-type'));
    if (expectedTotal !== undefined) {
      if (offset < expectedTotal) {
        throw new DownloadFailure('SHORT_BODY', `The server sent ${offset} of ${expectedTotal} bytes`, true);
      }
      if (offset > expectedTotal) {
        rangeUsable = false;
        throw new DownloadFailure(
          'LENGTH_MISMATCH',
          `The server sent ${offset} bytes but announced ${expectedTotal}`,
          true,
        );
      }
      return finish(finalUrl, mime, hash);
    }
    // No length to check against: if the server can do ranges, ask for what would come after our end;
    // a 416 "bytes */<our size>" confirms the file is complete, a 206 delivers what a truncated answer lost.
    if (header(response, 'accept-ranges') === 'bytes' && rangeUsable && offset > 0) {
      pendingMime = mime;
      return undefined;
    }
    return finish(finalUrl, mime, hash);
  }

  async function finish(finalUrl: string, mime: string | undefined, hash?: Hash): Promise<TransferOutcome> {
    const size = await fileSize(tempPath);
    if (expectedTotal !== undefined && size !== expectedTotal) {
      throw new DownloadFailure(
        'LENGTH_MISMATCH',
        `The file has ${size} bytes, the server announced ${expectedTotal}`,
        true,
      );
    }
    const digest = (hash ?? (await hashPrefix(tempPath, size))).digest('hex');
    return { size, sha256: digest, mime: mime ?? pendingMime, url: finalUrl, requests, rangeRequests };
  }
}
