/**
 * `smh download` with pages of other sites, against a whole embedded hub whose download-service runs the real
 * yt-dlp (Debian package) on a site served by the test: an HTML5 video page (stored byte-exact) and an HLS stream
 * (video and audio, checked with ffprobe), then `smh ls --platform` finds them. The named site (PeerTube) through
 * the CLI is in tests/conformance/site-hub.test.ts.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVideoSite, type FakeVideoSite } from '../../tests/fakes/video-site/server.js';
import { EXIT } from '../src/errors.js';
import type { DownloadView, FileView } from '../src/types.js';
import { type CliHub, startCliHub } from './support.js';

const run = promisify(execFile);

let t: CliHub;
let site: FakeVideoSite;
beforeAll(async () => {
  site = await startFakeVideoSite();
  t = await startCliHub();
});
afterAll(async () => {
  await t?.stop();
  await site?.close();
});

async function storedFile(view: DownloadView): Promise<{ file: FileView & { storageKey?: string }; bytes: Buffer }> {
  const id = view.fileIds?.[0];
  expect(id, JSON.stringify(view)).toBeTruthy();
  const { body } = await t.api<{ file: FileView }>('GET', `/api/files/${id}`);
  const content = await fetch(`${t.hub.url}/api/files/${id}/content`, {
    headers: { authorization: `Bearer ${t.apiKey}` },
  });
  expect(content.status).toBe(200);
  return { file: body.file, bytes: Buffer.from(await content.arrayBuffer()) };
}

describe('smh download with pages of other sites (yt-dlp)', () => {
  it('an HTML5 video page: exit 0, the outcome on stdout, the video stored byte-exact', async () => {
    const url = `${site.url}/video.html`;
    const cli = await t.smh(['download', url, '--json']);
    expect(cli.code, cli.stderr).toBe(EXIT.ok);
    const [view] = cli.json<DownloadView[]>();
    expect(view).toMatchObject({ status: 'completed', kind: 'site' });
    const { file, bytes } = await storedFile(view as DownloadView);
    expect(file.source).toMatchObject({ platform: 'generic' });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(site.clip).digest('hex'));
    const human = await t.smh(['download', url]);
    expect(human.code, human.stderr).toBe(EXIT.ok);
    expect(human.stdout).toMatch(/completed · 1\/1 files/);
  });

  it('an HLS stream: exit 0, one MP4 with video and audio', async () => {
    const cli = await t.smh(['download', `${site.url}/hls/index.m3u8`, '--json']);
    expect(cli.code, cli.stderr).toBe(EXIT.ok);
    const [view] = cli.json<DownloadView[]>();
    expect(view).toMatchObject({ status: 'completed' });
    const { file, bytes } = await storedFile(view as DownloadView);
    expect(file.mime).toBe('video/mp4');
    const copy = path.join(t.workDir, 'hls.mp4');
    await fs.writeFile(copy, bytes);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', copy]);
    const streams = (JSON.parse(stdout) as { streams: { codec_type: string }[] }).streams.map((s) => s.codec_type);
    expect(streams.sort()).toEqual(['audio', 'video']);
  });

  it('a page without media exits 1 with the API message naming the site', async () => {
    const url = `${site.url}/empty.html`;
    const direct = await t.api<{ error: { code: string; message: string } }>('POST', '/api/downloads', { url });
    expect(direct.body.error.code).toBe('UNSUPPORTED_SITE');
    const cli = await t.smh(['download', url]);
    expect(cli.code).toBe(EXIT.failed);
    expect(cli.stderr).toContain(`smh: ${url}: ${direct.body.error.message}`);
    expect(cli.stderr).toContain('127.0.0.1');
  });

  it('smh ls --platform generic lists what the pages gave, and only that', async () => {
    const listed = (await t.smh(['ls', '--platform', 'generic', '--json'])).json<FileView[]>();
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.every((file) => file.source?.platform === 'generic')).toBe(true);
    expect((await t.smh(['ls', '--platform', 'instagram', '--json'])).json<FileView[]>()).toEqual([]);
  });
});
