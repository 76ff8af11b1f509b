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
import { retryDelay } from '@smh/shared/backoff';
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

/** Bytes gathered from the network before they are hashed and written in one go. */
const WRITE_BATCH_BYTES = 256 * 1024;

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
  const transfer = new ResumableTransfer(url, tempPath, hooks, options);
  transfer.offset = await fileSize(tempPath);
  /** Attempts in a row that added no byte (a retry that made progress starts the count again). */
  let failures = 0;
  let lastFailure: DownloadFailure | undefined;
  for (let attempt = 1; attempt <= MAX_TOTAL_ATTEMPTS; attempt += 1) {
    options.signal.throwIfAborted();
    if (!transfer.rangeUsable && transfer.offset > 0) {
      hooks.onRestart(transfer.offset);
      await fs.truncate(tempPath, 0);
      transfer.offset = 0;
    }
    const before = transfer.offset;
    try {
      const outcome = await transfer.attemptOnce();
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
      transfer.offset = await fileSize(tempPath);
      failures = transfer.offset > before ? 1 : failures + 1;
      if (failures >= options.maxAttempts) throw failure;
      const delay = retryDelay({ baseMs: options.baseDelayMs, maxMs: 30_000, jitter: 0.5 }, failures, { random });
      await sleep(delay, options.signal);
    }
  }
  throw (
    lastFailure ??
    new DownloadFailure('TRANSFER_FAILED', `The transfer from ${new URL(url).host} did not complete`, true)
  );
}

/** What one transfer knows across its attempts: how far the file is, whether Range works, the announced size. */
class ResumableTransfer {
  offset = 0;
  rangeUsable = true;
  requests = 0;
  rangeRequests = 0;
  expectedTotal: number | undefined;
  /** Content type of an answer whose completeness is still being confirmed by a range probe. */
  pendingMime: string | undefined;

  constructor(
    readonly url: string,
    readonly tempPath: string,
    readonly hooks: TransferHooks,
    readonly options: TransferOptions,
  ) {}

  /** One request. Resolves with the outcome when the file is complete, undefined to go round again. */
  async attemptOnce(): Promise<TransferOutcome | undefined> {
    const askedRange = this.offset > 0 && this.rangeUsable;
    const { response, url: finalUrl } = await open(this.url, askedRange ? this.offset : 0, this.options);
    this.requests += 1;
    if (askedRange) this.rangeRequests += 1;
    const status = response.statusCode ?? 0;
    if (status === 416 && askedRange) {
      response.resume();
      const total = unsatisfiedRangeTotal(header(response, 'content-range'));
      if (total === this.offset && (this.expectedTotal === undefined || this.expectedTotal === this.offset))
        return this.finish(finalUrl, undefined);
      this.rangeUsable = false;
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
      if (!askedRange || !range || range.start !== this.offset) {
        response.resume();
        this.rangeUsable = false; // a range we did not ask for, or at the wrong place: start over without Range
        return undefined;
      }
      start = this.offset;
      total = range.total;
    } else {
      const length = parseLength(header(response, 'content-length'));
      total = length;
      if (this.offset > 0) {
        this.hooks.onRestart(this.offset); // the server ignored Range and sends everything again
        await fs.truncate(this.tempPath, 0);
        this.offset = 0;
      }
    }
    if (total !== undefined) {
      if (this.expectedTotal !== undefined && this.expectedTotal !== total) {
        response.resume();
        this.rangeUsable = false; // the file changed between this.requests
        this.expectedTotal = total;
        return undefined;
      }
      this.expectedTotal = total;
      this.hooks.onSize?.(total);
    }
    const hash = await hashPrefix(this.tempPath, start);
    let received = 0;
    // A fresh file is created empty; a resumed one is cut to the bytes hashed so far and appended to.
    if (start > 0) await fs.truncate(this.tempPath, start);
    // Chunks are gathered up to WRITE_BATCH_BYTES and then hashed and written at once (one write instead of one per
    // network chunk): memory stays flat, and after a broken connection the file still holds exactly the bytes that
    // were hashed and counted (the next attempt resumes from there; what was only gathered is asked for again).
    const file = await fs.open(this.tempPath, start > 0 ? 'a' : 'w');
    let gathered: Buffer[] = [];
    let gatheredBytes = 0;
    const writeGathered = async () => {
      if (gatheredBytes === 0) return;
      const data = gathered.length === 1 ? (gathered[0] as Buffer) : Buffer.concat(gathered, gatheredBytes);
      for (let written = 0; written < data.length; )
        written += (await file.write(data, written, data.length - written)).bytesWritten;
      hash.update(data);
      received += data.length;
      this.hooks.onBytes(data.length);
      gathered = [];
      gatheredBytes = 0;
    };
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        gathered.push(chunk);
        gatheredBytes += chunk.length;
        if (gatheredBytes >= WRITE_BATCH_BYTES) await writeGathered();
      }
      await writeGathered();
    } finally {
      await file.close();
    }
    this.offset = start + received;
    const mime = baseMime(header(response, 'content-type'));
    if (this.expectedTotal !== undefined) {
      if (this.offset < this.expectedTotal) {
        throw new DownloadFailure('SHORT_BODY', `The server sent ${this.offset} of ${this.expectedTotal} bytes`, true);
      }
      if (this.offset > this.expectedTotal) {
        this.rangeUsable = false;
        throw new DownloadFailure(
          'LENGTH_MISMATCH',
          `The server sent ${this.offset} bytes but announced ${this.expectedTotal}`,
          true,
        );
      }
      return this.finish(finalUrl, mime, hash);
    }
    // No length to check against: if the server can do ranges, ask for what would come after our end;
    // a 416 "bytes */<our size>" confirms the file is complete, a 206 delivers what a truncated answer lost.
    if (header(response, 'accept-ranges') === 'bytes' && this.rangeUsable && this.offset > 0) {
      this.pendingMime = mime;
      return undefined;
    }
    return this.finish(finalUrl, mime, hash);
  }

  async finish(finalUrl: string, mime: string | undefined, hash?: Hash): Promise<TransferOutcome> {
    const size = await fileSize(this.tempPath);
    if (this.expectedTotal !== undefined && size !== this.expectedTotal) {
      throw new DownloadFailure(
        'LENGTH_MISMATCH',
        `The file has ${size} bytes, the server announced ${this.expectedTotal}`,
        true,
      );
    }
    const digest = (hash ?? (await hashPrefix(this.tempPath, size))).digest('hex');
    return {
      size,
      sha256: digest,
      mime: mime ?? this.pendingMime,
      url: finalUrl,
      requests: this.requests,
      rangeRequests: this.rangeRequests,
    };
  }
}
