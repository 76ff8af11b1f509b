/** Direct URL downloads: naming, content de-duplication by sha256, and the private-address guard. */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

// A JPEG header then noise: the hub types downloads by their bytes, whatever the URL or Content-Type says.
const report = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]),
  randomBytes(300_000),
]);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/files/report.pdf' || req.url === '/mirror/copy.pdf') {
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': report.length });
      res.end(report);
    } else if (req.url === '/moved') {
      res.writeHead(302, { Location: '/files/report.pdf' });
      res.end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('direct downloads (private URLs allowed, as on a LAN)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('stores the file under direct/<host>/<name> with its sha256, and de-duplicates the same content', async () => {
    const first = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}/files/report.pdf` })).id);
    expect(first).toMatchObject({ status: 'completed', kind: 'direct' });
    const file = await h.fileRecord(first.fileIds[0]!);
    expect(file).toMatchObject({
      storageKey: 'direct/127.0.0.1/report.jpg',
      name: 'report.jpg',
      mime: 'image/jpeg',
      size: report.length,
      sha256: createHash('sha256').update(report).digest('hex'),
    });
    const copy = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}/mirror/copy.pdf` })).id);
    expect(copy.fileIds).toEqual(first.fileIds);
    const redirected = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}/moved` })).id);
    expect(redirected.fileIds).toEqual(first.fileIds);
    expect(await h.libraryFiles()).toEqual(['direct/127.0.0.1/report.jpg']);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('a missing file fails with MEDIA_NOT_FOUND', async () => {
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}/nothing.bin` })).id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'MEDIA_NOT_FOUND', retryable: false } });
  });
});

describe('direct downloads when private addresses are refused', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { SMH_ALLOW_PRIVATE_URLS: 'false' },
      service: {
        resolve: async (host) =>
          host === 'intranet.example'
            ? ['10.1.2.3']
            : host === 'v6.example'
              ? ['2001:db8::1', '::1']
              : ['93.184.216.34'],
      },
    });
  });
  afterAll(async () => h?.close());

  it.each([
    ['a loopback literal', () => `${base}/files/report.pdf`, /127\.0\.0\.1/],
    ['a name resolving to a private address', () => 'https://intranet.example/file.zip', /10\.1\.2\.3/],
    ['a name with one loopback address among several', () => 'https://v6.example/file.zip', /2001:db8::1|::1/],
    ['an IPv4-mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]/x', /::ffff:7f00:1/],
  ])('refuses %s with 400 PRIVATE_ADDRESS', async (_name, url, address) => {
    const response = await h.request(ALICE, 'POST', '/api/downloads', { url: url() });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('PRIVATE_ADDRESS');
    expect(response.json.error.message).toMatch(address);
  });
});
