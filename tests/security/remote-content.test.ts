/**
 * Issue 12 item 1: remote content is typed by its bytes, and ffmpeg never follows a file to another one.
 * The attack: a "video" URL serves an HLS playlist naming a file on the hub's disk (another user's video); before
 * the fix it was stored, and ffprobe/ffmpeg read the named file through it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';
import { createFfmpeg, type Ffmpeg } from '../../services/video-service/src/ffmpeg/ffmpeg.js';
import { probeArgs } from '../../services/video-service/src/ffmpeg/probe.js';
import { resolveFfmpeg } from '../../services/video-service/src/ffmpeg/resolve.js';
import { transcodeArgs } from '../../services/video-service/src/ffmpeg/transcode-args.js';

const run = promisify(execFile);

/** An HLS playlist whose one segment is a local file: what a hostile server sends as "video.mp4". */
const playlistNaming = (target: string) =>
  `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:7.0,\n${target}\n#EXT-X-ENDLIST\n`;

let dir: string;
let victim: string;
let server: Server;
let base: string;
let ffmpegPath: string;
let ffprobePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smh-sec-remote-'));
  ({ ffmpeg: ffmpegPath, ffprobe: ffprobePath } = (await resolveFfmpeg()).paths);
  // Someone else's 7-second video somewhere on the hub's disk.
  victim = join(dir, 'victim.mp4');
  await run(ffmpegPath, [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=7'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', victim],
  ]);
  server = createServer((req, res) => {
    if (req.url === '/video.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4' }).end(playlistNaming(victim));
    } else if (req.url === '/page' || req.url === '/page.jpg') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>hi</title><p>not media</p>');
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('direct downloads are typed by their bytes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it.each([
    ['an HLS playlist naming a local file, served as video/mp4', '/video.mp4', /HLS playlist/],
    ['an ordinary HTML page behind a file name', '/page.jpg', /HTML page/],
  ])('refuses %s with NOT_MEDIA and stores nothing', async (_name, path, detected) => {
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: `${base}${path}` })).id);
    expect(done).toMatchObject({ status: 'failed', fileIds: [], error: { code: 'NOT_MEDIA', retryable: false } });
    expect(done.error?.message).toMatch(detected);
    expect(await h.libraryFiles()).toEqual([]);
    expect(await h.tempFiles()).toEqual([]);
  });

  it('refuses an ordinary page without media at intake (yt-dlp finds nothing), storing nothing', async () => {
    const response = await h.request(ALICE, 'POST', '/api/downloads', { url: `${base}/page` });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('UNSUPPORTED_SITE');
    expect(await h.libraryFiles()).toEqual([]);
  });
});

describe('ffprobe/ffmpeg open only the one file, with its sniffed demuxer', () => {
  let ff: Ffmpeg;
  let planted: string;
  beforeAll(async () => {
    ff = createFfmpeg({ paths: { ffmpeg: ffmpegPath, ffprobe: ffprobePath } });
    // A library file stored before the fix: the playlist under a video's name.
    planted = join(dir, 'planted.mp4');
    await writeFile(planted, playlistNaming(victim));
  });

  it('the builders name the demuxer and allow only the file protocol (data)', () => {
    const args = probeArgs('/m/a.mp4', 'mov');
    expect(args.slice(-5)).toEqual(['-protocol_whitelist', 'file', '-f', 'mov', 'file:/m/a.mp4']);
    const transcode = transcodeArgs({
      input: '/m/a.mp4',
      inputFormat: 'mov',
      output: '/o.mp4',
      source: { width: 320, height: 240 },
    });
    const at = transcode.indexOf('-i');
    expect(transcode.slice(at - 4, at + 2)).toEqual([
      '-protocol_whitelist',
      'file',
      '-f',
      'mov',
      '-i',
      'file:/m/a.mp4',
    ]);
  });

  it('with the built arguments the real ffprobe does not read the named file', async () => {
    // Without -f, ffprobe follows the playlist and reports the victim's 7 s: the leak this closes.
    const naive = await run(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', planted]);
    expect(Number(JSON.parse(naive.stdout).format.duration)).toBeGreaterThan(6);
    await expect(run(ffprobePath, probeArgs(planted, 'mov'))).rejects.toMatchObject({ code: 1 });
  });

  it('the facade refuses the planted file before running ffmpeg (probe, transcode)', async () => {
    await expect(ff.probe(planted)).rejects.toMatchObject({ code: 'NOT_MEDIA' });
    await expect(ff.transcode(planted, join(dir, 'stolen.mp4'))).rejects.toMatchObject({ code: 'NOT_MEDIA' });
    expect((await ff.probe(victim)).durationSec).toBeCloseTo(7, 0);
  });
});
