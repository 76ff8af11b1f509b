/**
 * Pages of other sites through the real yt-dlp (Debian package) against a site served by the test: an HTML5 video
 * page archived byte-exact, an HLS stream and a DASH manifest checked with ffprobe, a feed as a collection (and its
 * incremental second run), a page without media refused at intake, a file URL without extension left to the
 * direct downloader, and the egress guard: media on a loopback address is refused by default.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmPackagedBinary } from '../../shared/src/process/media-binaries.js';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';
import { startFakeVideoSite, videoPage, type FakeVideoSite } from '../fakes/video-site/server.js';

const run = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let site: FakeVideoSite;
beforeAll(async () => {
  site = await startFakeVideoSite();
});
afterAll(async () => site?.close());

async function probeStreams(file: string): Promise<{ duration: number; streams: string[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  const info = JSON.parse(stdout) as { format: { duration: string }; streams: Array<{ codec_type: string }> };
  return { duration: Number(info.format.duration), streams: info.streams.map((s) => s.codec_type).sort() };
}

describe('pages of other sites through yt-dlp (private URLs allowed, as on a LAN)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const libraryPath = (key: string) => path.join(h.context.storage.root, key);
  let pageFileId = '';

  it('archives the video of an HTML5 page byte-exact, with its page facts in the catalog and the sidecar', async () => {
    const accepted = await h.download(ALICE, { url: `${site.url}/video.html` });
    expect(accepted.kind).toBe('site');
    const done = await h.waitFor(ALICE, accepted.id);
    expect(done.error).toBeUndefined();
    expect(done).toMatchObject({ status: 'completed', progress: { filesDone: 1, filesTotal: 1 } });
    expect(done.progress.bytesDone).toBe(site.clip.length);
    const file = await h.fileRecord(done.fileIds[0] as string);
    expect(file).toMatchObject({
      mime: 'video/mp4',
      size: site.clip.length,
      sha256: sha256(site.clip),
      source: { platform: 'generic', url: `${site.url}/video.html` },
    });
    expect(file.source.caption).toContain('A clip on a page');
    // The page names no uploader and no date: <platform>/<uploader>/<date>_<id>.<ext> with placeholders.
    expect(file.storageKey).toMatch(/^generic\/unknown\/undated_video(-1)?\.mp4$/);
    pageFileId = file.id;
    expect(sha256(await readFile(libraryPath(file.storageKey)))).toBe(sha256(site.clip));
    const sidecar = JSON.parse(await readFile(libraryPath(file.sidecarKey), 'utf8'));
    expect(sidecar).toMatchObject({
      platform: 'generic',
      url: `${site.url}/video.html`, // yt-dlp numbers the page's media: "A clip on a page (1)".
      title: expect.stringMatching(/^A clip on a page/),
    });
    expect(await h.tempFiles()).toEqual([]);
  });

  it("merges with the npm package's static ffmpeg (as in the images, which have no Debian ffmpeg), shown by /ready", async () => {
    const ready = await h.service.app.inject({ method: 'GET', url: '/ready' });
    const packaged = npmPackagedBinary('ffmpeg');
    expect(packaged).toBeDefined();
    expect(JSON.stringify(ready.json())).toContain(JSON.stringify(packaged));
  });

  it('archives an HLS stream with its video and audio and the expected duration', async () => {
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${site.url}/hls/index.m3u8` })).id);
    expect(done).toMatchObject({ status: 'completed' });
    const file = await h.fileRecord(done.fileIds[0] as string);
    expect(file.mime).toBe('video/mp4');
    const probed = await probeStreams(libraryPath(file.storageKey));
    expect(probed.streams).toEqual(['audio', 'video']);
    expect(probed.duration).toBeGreaterThan(1.8);
    expect(probed.duration).toBeLessThan(2.3);
    expect(site.requests).toEqual(expect.arrayContaining(['/hls/seg0.ts', '/hls/seg1.ts']));
  });

  it('archives a DASH manifest: best video and best audio merged into one MP4', async () => {
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${site.url}/dash/manifest.mpd` })).id);
    expect(done).toMatchObject({ status: 'completed' });
    const file = await h.fileRecord(done.fileIds[0] as string);
    expect(file.mime).toBe('video/mp4');
    const probed = await probeStreams(libraryPath(file.storageKey));
    expect(probed.streams).toEqual(['audio', 'video']);
    expect(probed.duration).toBeGreaterThan(1.8);
    expect(probed.duration).toBeLessThan(2.3);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('downloads a feed as a collection, and a second run takes only the new entry', async () => {
    await site.writePage('/p1/index.html', videoPage('First clip', '/clip.mp4'));
    await site.writePage('/p2/index.html', videoPage('Second clip', '/hls/index.m3u8'));
    await site.writeFeed(['/p2/index.html', '/p1/index.html']);
    const first = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${site.url}/feed.xml` })).id);
    expect(first).toMatchObject({ kind: 'site', status: 'completed', progress: { filesDone: 2, filesTotal: 2 } });
    expect(first.fileIds).toHaveLength(2);

    await site.writePage('/p3/index.html', videoPage('Third clip', '/dash/manifest.mpd'));
    await site.writeFeed(['/p3/index.html', '/p2/index.html', '/p1/index.html']);
    const before = site.requests.length;
    const second = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${site.url}/feed.xml` })).id);
    expect(second).toMatchObject({ status: 'completed', progress: { filesDone: 1, filesTotal: 1 } });
    const fetched = site.requests.slice(before);
    expect(fetched).toContain('/p3/index.html');
    expect(fetched).not.toContain('/p2/index.html');
    expect(fetched).not.toContain('/p1/index.html');
  });

  it('refuses a page without media at intake with 400 UNSUPPORTED_SITE naming the site', async () => {
    const response = await h.request(ALICE, 'POST', '/api/downloads', { url: `${site.url}/empty.html` });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('UNSUPPORTED_SITE');
    expect(response.json.error.message).toContain('127.0.0.1');
    expect(response.json.error.details).toMatchObject({ site: '127.0.0.1' });
  });

  it('leaves a media file behind a URL without extension to the direct downloader (same bytes: same file)', async () => {
    const accepted = await h.download(ALICE, { url: `${site.url}/media/clip` });
    expect(accepted.kind).toBe('direct');
    const done = await h.waitFor(ALICE, accepted.id);
    expect(done.status).toBe('completed');
    expect(done.fileIds).toEqual([pageFileId]);
  });
});

describe('the egress guard applies to yt-dlp (private URLs refused, the default)', () => {
  const PUBLIC_LOOKING = '93.184.216.34';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { SMH_ALLOW_PRIVATE_URLS: 'false' },
      service: {
        // videos.example is "public"; the test routes that address to its loopback fixture.
        resolve: async (host) => (host === 'videos.example' ? [PUBLIC_LOOKING] : ['127.0.0.1']),
        egressDial: (address, port) =>
          address === PUBLIC_LOOKING ? { host: '127.0.0.1', port: site.port } : { host: address, port },
      },
    });
    await site.writePage('/ssrf.html', videoPage('Looks harmless', `http://127.0.0.1:${site.port}/clip.mp4`));
  });
  afterAll(async () => h?.close());

  it('refuses a public-looking page whose media is on a loopback address, and stores nothing', async () => {
    const before = site.requests.length;
    const accepted = await h.download(ALICE, { url: `http://videos.example:${site.port}/ssrf.html` });
    const done = await h.waitFor(ALICE, accepted.id);
    expect(done).toMatchObject({ status: 'failed', fileIds: [], error: { code: 'PRIVATE_ADDRESS', retryable: false } });
    const fetched = site.requests.slice(before);
    expect(fetched).toContain('/ssrf.html');
    expect(fetched).not.toContain('/clip.mp4');
    expect(await h.libraryFiles()).toEqual([]);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('refuses a page on a loopback address at intake', async () => {
    const response = await h.request(ALICE, 'POST', '/api/downloads', { url: `${site.url}/video.html` });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('PRIVATE_ADDRESS');
  });
});
