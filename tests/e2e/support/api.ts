/** A small HTTP client for the public API (through nginx), with polling and a Server-Sent Events reader. */
import { request, type Dispatcher } from 'undici';
import { waitUntil } from './processes.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 600)}`);
  }
}

export interface Download {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'canceled';
  progress: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number };
  fileIds: string[];
  error?: { code: string; message: string } | null;
}

export interface VideoJob {
  id: string;
  operation: string;
  status: string;
  progress: number;
  outputFileIds: string[];
  result?: Record<string, unknown>;
  error?: { code: string; message: string } | null;
}

export interface LibraryFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  duration?: number | null;
  source?: { platform: string; username: string; code: string } | null;
}

export class HubClient {
  token: string | undefined;

  constructor(readonly baseUrl: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  /** A JSON call; throws an ApiError naming the call unless the status is `expected`. */
  async json<T>(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    expected = method === 'POST' ? [200, 201, 202] : [200],
  ): Promise<T> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (!expected.includes(response.statusCode)) throw new ApiError(response.statusCode, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async raw(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    const response = await request(`${this.baseUrl}${path}`, { headers: this.headers(headers) });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.from(await response.body.arrayBuffer()),
    };
  }

  async login(username: string, password: string): Promise<void> {
    const session = await this.json<{ accessToken: string }>('POST', '/api/auth/login', { username, password });
    this.token = session.accessToken;
  }

  async waitForDownload(
    id: string,
    timeoutMs: number,
    until: (download: Download) => boolean = isFinished,
  ): Promise<Download> {
    let last: Download | undefined;
    return waitUntil(
      `download ${id}`,
      async () => {
        last = await this.json<Download>('GET', `/api/downloads/${id}`);
        return until(last) ? last : undefined;
      },
      { timeoutMs, intervalMs: 300, describe: () => `last seen: ${JSON.stringify(last)}` },
    );
  }

  async waitForVideoJob(id: string, timeoutMs: number): Promise<VideoJob> {
    let last: VideoJob | undefined;
    return waitUntil(
      `video job ${id}`,
      async () => {
        last = await this.json<VideoJob>('GET', `/api/videos/jobs/${id}`);
        return ['completed', 'failed', 'canceled'].includes(last.status) ? last : undefined;
      },
      { timeoutMs, intervalMs: 300, describe: () => `last seen: ${JSON.stringify(last)}` },
    );
  }

  /** Every file of the caller's library (follows the cursor). */
  async allFiles(query = ''): Promise<LibraryFile[]> {
    const files: LibraryFile[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await this.json<{ items: LibraryFile[]; nextCursor: string | null }>(
        'GET',
        `/api/files?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      files.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return files;
  }
}

export const isFinished = (download: Download): boolean =>
  ['completed', 'failed', 'canceled'].includes(download.status);

export interface ServerEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads /api/events (SSE); `next(predicate)` resolves with the first event, seen or future, that matches. */
export async function openEventStream(client: HubClient): Promise<{
  events: ServerEvent[];
  next(predicate: (event: ServerEvent) => boolean, timeoutMs: number): Promise<ServerEvent>;
  close(): void;
}> {
  const response = await request(`${client.baseUrl}/api/events`, {
    headers: { authorization: `Bearer ${client.token ?? ''}`, accept: 'text/event-stream' },
  });
  if (response.statusCode !== 200)
    throw new ApiError(response.statusCode, await response.body.text(), 'GET /api/events');
  const events: ServerEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  response.body.on('error', () => undefined);
  response.body.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.replace(/^data: ?/, ''))
        .join('\n');
      if (name && data) events.push({ event: name, data: JSON.parse(data) as Record<string, unknown> });
      for (const wake of waiters) wake();
    }
  });
  return {
    events,
    next: (predicate, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${events.map((event) => event.event).join(', ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () => response.body.destroy(),
  };
}
