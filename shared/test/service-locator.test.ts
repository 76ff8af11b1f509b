/** Several addresses of one service: calls take turns, and a refused connection is tried on the next address. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/tokens.js';
import { AppError } from '../src/http/errors.js';
import { createServiceClient } from '../src/http/service-client.js';
import { failoverLocator, isConnectError } from '../src/http/service-locator.js';

const servers: http.Server[] = [];
const hits: Record<string, number> = {};

async function replica(name: string): Promise<string> {
  const server = http.createServer((request, response) => {
    hits[name] = (hits[name] ?? 0) + 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ replica: name, path: request.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that refuses connections: opened to learn a free number, then closed. */
async function closedAddress(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const tokens = createTokenService('x'.repeat(40));
let a: string;
let b: string;
let dead: string;
let deadToo: string;

beforeAll(async () => {
  a = await replica('a');
  b = await replica('b');
  dead = await closedAddress();
  deadToo = await closedAddress();
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe('service client over several addresses', () => {
  it('spreads calls over the replicas in turn', async () => {
    const call = createServiceClient({ caller: 't', tokens, locate: failoverLocator(() => [a, b]) });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await call<{ replica: string }>('download-service', { path: '/x' }));
    expect(answers.map((answer) => answer.replica)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('goes on to the next address when one refuses the connection, and avoids it afterwards', async () => {
    const before = hits.b ?? 0;
    const call = createServiceClient({ caller: 't', tokens, locate: failoverLocator(() => [dead, b]) });
    for (let i = 0; i < 3; i += 1)
      expect(await call<{ replica: string }>('download-service', { method: 'POST', path: '/y', body: {} })).toEqual({
        replica: 'b',
        path: '/y',
      });
    expect((hits.b ?? 0) - before).toBe(3);
  });

  it('says which service and which URLs failed when none answers', async () => {
    const call = createServiceClient({ caller: 't', tokens, locate: failoverLocator(() => [dead, deadToo]) });
    const error = await call('scheduler-service', { path: '/z' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).message).toBe(`scheduler-service is unreachable at ${dead}, ${deadToo} (ECONNREFUSED)`);
  });

  it('names the URL with a single address too', async () => {
    const call = createServiceClient({ caller: 't', tokens, locate: () => dead });
    await expect(call('file-service', { path: '/z' })).rejects.toThrow(
      `file-service is unreachable at ${dead} (ECONNREFUSED)`,
    );
  });
});

describe('failoverLocator', () => {
  it('comes back to an avoided address after the pause, and answers even when all were reported', () => {
    let now = 0;
    const locate = failoverLocator(() => ['u1', 'u2'], { avoidMs: 1000, now: () => now });
    locate.unreachable?.('video-service', 'u1');
    expect([locate('video-service'), locate('video-service')]).toEqual(['u2', 'u2']);
    now = 1001;
    expect(new Set([locate('video-service'), locate('video-service')])).toEqual(new Set(['u1', 'u2']));
    locate.unreachable?.('video-service', 'u1');
    locate.unreachable?.('video-service', 'u2');
    expect(['u1', 'u2']).toContain(locate('video-service'));
  });

  it('treats only failures before anything was sent as a reason to try elsewhere', () => {
    expect(isConnectError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectError(new Error('fetch failed', { cause: { code: 'ENOTFOUND' } }))).toBe(true);
    expect(isConnectError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isConnectError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBe(false);
  });
});
