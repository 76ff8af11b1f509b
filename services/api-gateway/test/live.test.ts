/** Gateway behaviour that needs a listening server: SSE, streaming without buffering. */
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from 'undici';
import { alice, bearer, bob, root, startGateway, type GatewayHarness } from './support.js';

const BIG = 200 * 1024 * 1024;
let h: GatewayHarness;
let base: string;

beforeAll(async () => {
  h = await startGateway({
    gateway: { heartbeatMs: 200 },
    extend: {
      'file-service': (app) => {
        app.get('/api/files/big/content', async (_request, reply) => {
          const chunk = Buffer.alloc(256 * 1024, 7);
          let sent = 0;
          const body = new Readable({
            read() {
              if (sent >= BIG) return this.push(null);
              sent += chunk.length;
              this.push(chunk);
            },
          });
          return reply.header('content-length', String(BIG)).type('application/octet-stream').send(body);
        });
      },
    },
  });
  await h.gateway.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(h.gateway.server.address() as AddressInfo).port}`;
});
afterAll(() => h.close());

/** Opens the stream, runs `act` once the server has subscribed (it says `: connected`), reads until `until` matches. */
async function readStream(
  url: string,
  headers: Record<string, string>,
  until: RegExp,
  act: () => Promise<void>,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const response = await request(url, { headers });
  response.body.on('error', () => undefined);
  let text = '';
  if (response.statusCode === 200) {
    response.body.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    // The server subscribes before it writes `: connected`, so events published from here on reach this stream.
    await vi.waitFor(() => expect(text).toContain(': connected'), { timeout: 10_000, interval: 10 });
    await act();
    await vi.waitFor(() => expect(text).toMatch(until), { timeout: 10_000, interval: 10 });
  }
  response.body.destroy();
  return { status: response.statusCode, headers: response.headers, text };
}

describe('GET /api/events', () => {
  const publishAll = async () => {
    await h.events.publish('download.progress', {
      id: 'd-bob',
      ownerId: bob.userId,
      progress: { filesDone: 1, filesTotal: 2, bytesDone: 1, bytesTotal: 2 },
    });
    await h.events.publish('file.updated', { id: 'f-alice-internal', ownerId: alice.userId });
    await h.events.publish('download.completed', {
      id: 'd-alice',
      ownerId: alice.userId,
      fileIds: ['f1'],
      progress: { filesDone: 2, filesTotal: 2, bytesDone: 2, bytesTotal: 2 },
    });
  };

  it("delivers only the caller's public events, with heartbeats, and accepts ?token=", async () => {
    const token = await h.tokens.signAccess(alice);
    const stream = await readStream(`${base}/api/events?token=${token}`, {}, /d-alice[\s\S]*heartbeat/, publishAll);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.text).toContain(`event: download.completed\ndata: {"id":"d-alice","ownerId":"${alice.userId}"`);
    expect(stream.text).not.toContain('d-bob');
    expect(stream.text).not.toContain('f-alice-internal');
    expect(stream.text).toMatch(/: heartbeat \d+/);
  });

  it('gives admins every public event and refuses anonymous callers', async () => {
    const stream = await readStream(`${base}/api/events`, await bearer(h.tokens, root), /d-alice/, publishAll);
    expect(stream.text).toContain('d-bob');
    expect(stream.text).toContain('d-alice');
    expect((await readStream(`${base}/api/events`, {}, /never/, async () => undefined)).status).toBe(401);
  });

  it('unsubscribes when the client goes away', async () => {
    let listeners = 0;
    const original = h.events.subscribe.bind(h.events);
    h.events.subscribe = (listener) => {
      listeners += 1;
      const unsubscribe = original(listener);
      return () => {
        listeners -= 1;
        unsubscribe();
      };
    };
    let whileOpen = 0;
    await readStream(`${base}/api/events`, await bearer(h.tokens, alice), /connected/, async () => {
      whileOpen = listeners;
    });
    expect(whileOpen).toBe(1);
    await vi.waitFor(() => expect(listeners).toBe(0), { timeout: 10_000 });
    h.events.subscribe = original;
  });
});

describe('streaming', () => {
  it('streams a 200 MB body without holding it in memory', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const response = await request(`${base}/api/files/big/content`, { headers: await bearer(h.tokens, alice) });
    expect(response.statusCode).toBe(200);
    let received = 0;
    for await (const chunk of response.body) {
      received += (chunk as Buffer).length;
      if (received % (16 * 1024 * 1024) < 256 * 1024) peak = Math.max(peak, process.memoryUsage().rss);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(received).toBe(BIG);
    // The test process holds the upstream, the gateway and the client: all three together stay far below 200 MB.
    expect(peak - before).toBeLessThan(80 * 1024 * 1024);
  });
});
