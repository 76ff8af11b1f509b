/**
 * Issue 12 item 6: what one user can make the hub fetch is bounded — the size and the duration of one item, and
 * the downloads one user may have queued or running at once.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]);
let server: Server;
let base: string;
const drips = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/big.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(Buffer.concat([JPEG_HEAD, Buffer.alloc(50_000, 7)]));
    } else if (req.url?.startsWith('/drip')) {
      // A slow-drip server: a byte every 50 ms, for ever.
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(JPEG_HEAD);
      drips.add(res);
      const timer = setInterval(() => res.write(Buffer.from([0])), 50);
      res.on('close', () => {
        clearInterval(timer);
        drips.delete(res);
      });
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of drips) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('one item', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { maxItemBytes: 10_000, maxItemDurationMs: 1_500, idleTimeoutMs: 10_000 } });
  });
  afterAll(async () => h?.close());

  it('larger than DOWNLOAD_MAX_BYTES fails for good, nothing stored', async () => {
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}/big.jpg` })).id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'DOWNLOAD_TOO_LARGE', retryable: false } });
    expect(await h.libraryFiles()).toEqual([]);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('dripping for longer than DOWNLOAD_MAX_DURATION_MS fails for good, nothing stored', async () => {
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}/drip/one.jpg` })).id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'DOWNLOAD_TOO_SLOW', retryable: false } });
    expect(await h.libraryFiles()).toEqual([]);
  });
});

describe('one user', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { maxOpenPerUser: 2, maxItemDurationMs: 60_000, idleTimeoutMs: 30_000 } });
  });
  afterAll(async () => h?.close());

  it('cannot have more than DOWNLOAD_MAX_OPEN_PER_USER downloads queued or running; others still can', async () => {
    const first = await h.download(ALICE, { url: `${base}/drip/a.jpg` });
    const second = await h.download(ALICE, { url: `${base}/drip/b.jpg` });
    const third = await h.request(ALICE, 'POST', '/api/downloads', { url: `${base}/drip/c.jpg` });
    expect(third.status).toBe(429);
    expect(third.json.error).toMatchObject({ code: 'TOO_MANY_DOWNLOADS', details: { open: 2, limit: 2 } });
    expect((await h.request(BOB, 'POST', '/api/downloads', { url: `${base}/drip/d.jpg` })).status).toBe(202);
    for (const id of [first.id, second.id])
      expect((await h.request(ALICE, 'POST', `/api/downloads/${id}/cancel`)).status).toBeLessThan(300);
  });
});

describe('between users', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      settings: { jobConcurrency: 2, maxOpenPerUser: 10, maxItemDurationMs: 60_000, idleTimeoutMs: 30_000 },
    });
  });
  afterAll(async () => h?.close());

  const status = async (user: typeof ALICE, id: string) =>
    ((await h.request(user, 'GET', `/api/downloads/${id}`)).json as { status: string }).status;

  it("one user's slow backlog holds every slot; the first slot to free up goes to another user's download", async () => {
    const alices = [];
    for (const name of ['a', 'b', 'c', 'd']) alices.push(await h.download(ALICE, { url: `${base}/drip/${name}.jpg` }));
    const [first, second, third, fourth] = alices.map((download) => download.id) as [string, string, string, string];
    await h.waitFor(ALICE, first, (view) => view.status === 'running');
    await h.waitFor(ALICE, second, (view) => view.status === 'running');
    const bobs = await h.download(BOB, { url: `${base}/drip/bob.jpg` });
    expect(await status(BOB, bobs.id)).toBe('queued');

    expect((await h.request(ALICE, 'POST', `/api/downloads/${first}/cancel`)).status).toBeLessThan(300);
    await h.waitFor(BOB, bobs.id, (view) => view.status === 'running');
    // Alice's backlog has not drained: her next two still wait behind Bob's one download.
    expect([await status(ALICE, third), await status(ALICE, fourth)]).toEqual(['queued', 'queued']);

    for (const id of [second, third, fourth])
      expect((await h.request(ALICE, 'POST', `/api/downloads/${id}/cancel`)).status).toBeLessThan(300);
    expect((await h.request(BOB, 'POST', `/api/downloads/${bobs.id}/cancel`)).status).toBeLessThan(300);
  });
});
