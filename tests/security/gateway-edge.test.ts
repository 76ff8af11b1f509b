/**
 * The gateway's edge against a hostile or merely ordinary client: credentials never logged however the query
 * spells them (item 8), event streams that end with their credential (item 15), and uploads of any size from
 * real curl, which sends `Expect: 100-continue` above 1 MB (item 18).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@smh/shared';
import { alice, bearer, bob, startGateway, type GatewayHarness } from '../../services/api-gateway/test/support.js';

const run = promisify(execFile);
let h: GatewayHarness;
let base: string;
const logs: string[] = [];
let requestCount = 0;

beforeAll(async () => {
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  h = await startGateway({
    gateway: {
      heartbeatMs: 60_000,
      logger: createLogger({ service: 'api-gateway', level: 'debug', destination: capture }),
      rateLimits: { perIp: 10_000, perUser: 10_000, windowMs: 60_000 },
    },
  });
  await h.gateway.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.gateway.server.address() as AddressInfo).port}`;
});
afterAll(() => h?.close());

describe('credentials in the query string are never logged', () => {
  it.each([
    ['token', 'token'],
    ['to%6Ben', 'percent-encoded name'],
    ['%74%6F%6B%65%6E', 'fully encoded name'],
    ['TOKEN', 'upper case'],
    ['access%5Ftoken', 'encoded access_token'],
  ])('?%s= (%s) is redacted in the request log', async (name) => {
    const token = await h.tokens.signAccess(alice);
    requestCount += 1;
    const file = `f-${requestCount}`;
    const url = `/api/files/${file}/content?${name}=${token}&x=1`;
    const response = await request(`${base}${url}`, { method: 'GET' });
    await response.body.text();
    await expect.poll(() => logs.join('')).toContain(`/api/files/${file}/content?`);
    expect(logs.join('')).toContain(`${name}=[redacted]&x=1`);
    expect(logs.join('')).not.toContain(token);
    expect(logs.join('')).not.toContain(token.split('.')[2]!);
  });
});

/** Opens /api/events and collects its text until it ends. */
async function openStream(headers: Record<string, string>) {
  const response = await request(`${base}/api/events`, { headers });
  expect(response.statusCode).toBe(200);
  let text = '';
  const ended = new Promise<void>((resolve) => {
    response.body.on('data', (chunk: Buffer) => (text += chunk.toString()));
    response.body.on('end', () => resolve());
    response.body.on('error', () => resolve());
  });
  await expect.poll(() => text).toContain(': connected');
  return { text: () => text, ended, close: () => response.body.destroy() };
}

describe('open event streams follow their credential', () => {
  it('ends at the access token expiry', async () => {
    const token = await h.tokens.signAccess(alice, 2);
    const stream = await openStream({ authorization: `Bearer ${token}` });
    await stream.ended;
    expect(stream.text()).toContain('event: stream.closed\ndata: {"reason":"expired"}');
  });

  it("ends on credentials.revoked for its user, and only that user's streams", async () => {
    const aliceStream = await openStream(await bearer(h.tokens, alice));
    const bobStream = await openStream(await bearer(h.tokens, bob));
    await h.events.publish('credentials.revoked', { id: alice.userId, ownerId: alice.userId });
    await aliceStream.ended;
    expect(aliceStream.text()).toContain('data: {"reason":"revoked"}');
    await h.events.publish('download.completed', {
      id: 'd-after',
      ownerId: bob.userId,
      fileIds: [],
      progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    });
    await expect.poll(() => bobStream.text()).toContain('d-after');
    expect(bobStream.text()).not.toContain('stream.closed');
    bobStream.close();
  });
});

describe('uploads through the gateway with real curl', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-curl-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it.each([
    ['3 MB', 3 * 1024 * 1024],
    ['1 byte over 1 MiB', 1024 * 1024 + 1],
    ['small', 1000],
  ])('curl -F file=@video.mp4 (%s) reaches file-service whole', async (_what, size) => {
    const file = path.join(dir, 'video.mp4');
    await fs.writeFile(file, Buffer.alloc(size, 7));
    const token = await h.tokens.signAccess(alice);
    const { stdout } = await run('curl', [
      '-sS',
      '-F',
      `file=@${file}`,
      '-H',
      `Authorization: Bearer ${token}`,
      '-w',
      '\n%{http_code}',
      `${base}/api/files`,
    ]);
    const [body, status] = stdout.split(/\n(?=\d{3}$)/);
    expect(status, body).toBe('200');
    const echo = JSON.parse(body!) as { method: string; bodyBytes: number; headers: Record<string, string> };
    expect(echo.method).toBe('POST');
    expect(echo.bodyBytes).toBeGreaterThan(size);
    expect(echo.headers.expect).toBeUndefined();
  });

  it('an explicit Expect: 100-continue on a JSON POST works too', async () => {
    const token = await h.tokens.signAccess(alice);
    const { stdout } = await run('curl', [
      '-sS',
      '-H',
      `Authorization: Bearer ${token}`,
      '-H',
      'Expect: 100-continue',
      '-H',
      'Content-Type: application/json',
      '--data',
      '{"url":"https://example.com/a.mp4"}',
      '-w',
      '\n%{http_code}',
      `${base}/api/downloads`,
    ]);
    expect(stdout.endsWith('\n200'), stdout).toBe(true);
  });
});
