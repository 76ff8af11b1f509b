/**
 * yt-dlp downloads across their life, on the real yt-dlp against the test's video site: a cancel while yt-dlp is
 * stalled mid-file kills its whole process group (yt-dlp runs behind a wrapper script here, so it is a grandchild of
 * the hub, as with pip or distribution wrappers) and leaves nothing behind; a hub stopped mid-file resumes from
 * yt-dlp's `.part` file with a Range request and ends byte-exact.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';
import { startFakeVideoSite, videoPage, type FakeVideoSite } from '../fakes/video-site/server.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MEDIA_BYTES = 6_000_000;

/** Processes whose command line mentions `marker`, with their process group (from /proc). */
async function processesMentioning(marker: string): Promise<Array<{ pid: number; pgid: number; cmd: string }>> {
  const found: Array<{ pid: number; pgid: number; cmd: string }> = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (!args.some((arg) => arg.includes(marker))) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may contain spaces, the fields after it do not.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // a zombie has exited (its parent has not reaped it yet)
      found.push({ pid: Number(entry), pgid: Number(fields[2]), cmd: path.basename(args[0] ?? '') });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

let site: FakeVideoSite;
let wrapperDir: string;
const savedPath = process.env.YTDLP_PATH;
beforeAll(async () => {
  site = await startFakeVideoSite();
  // A wrapper that does not exec yt-dlp: killing only the process the hub started would leave yt-dlp running.
  const ytdlp = execFileSync('sh', ['-c', 'command -v yt-dlp'], { encoding: 'utf8' }).trim();
  wrapperDir = await mkdtemp(path.join(tmpdir(), 'smh-ytdlp-wrapper-'));
  const wrapper = path.join(wrapperDir, 'yt-dlp-wrapper');
  await writeFile(wrapper, `#!/bin/sh\n"${ytdlp}" "$@"\nexit $?\n`);
  await chmod(wrapper, 0o755);
  process.env.YTDLP_PATH = wrapper;
});
afterAll(async () => {
  if (savedPath === undefined) delete process.env.YTDLP_PATH;
  else process.env.YTDLP_PATH = savedPath;
  await site?.close();
  await rm(wrapperDir, { recursive: true, force: true });
});

describe('yt-dlp downloads: cancel and resume', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const transferring = (view: { status: string; progress: { bytesDone: number } }) =>
    view.status === 'running' && view.progress.bytesDone > 0;

  it('cancel kills the whole yt-dlp process group; the download ends canceled with nothing stored', async () => {
    await site.writeLargeMedia('/held/cancel.mp4', MEDIA_BYTES);
    await site.writePage('/held/cancel.html', videoPage('Held for a cancel', '/held/cancel.mp4'));
    const hold = site.holdAfter('/held/cancel.mp4', 1_000_000);
    try {
      const pageUrl = `${site.url}/held/cancel.html`;
      const started = await h.download(ALICE, { url: pageUrl });
      await h.waitFor(ALICE, started.id, transferring);
      const running = await processesMentioning(pageUrl);
      // The wrapper and yt-dlp, in one process group.
      expect(running.map((p) => p.cmd)).toHaveLength(2);
      expect(running.map((p) => p.cmd)).toContain('sh');
      expect(new Set(running.map((p) => p.pgid)).size).toBe(1);
      expect((await h.tempFiles()).some((file) => file.endsWith('.part'))).toBe(true);

      const canceled = await h.request(ALICE, 'POST', `/api/downloads/${started.id}/cancel`);
      expect(canceled).toMatchObject({ status: 200, json: { status: 'canceled' } });
      await expect.poll(() => processesMentioning(pageUrl), { timeout: 10_000 }).toEqual([]);
      const after = await h.waitFor(ALICE, started.id);
      expect(after).toMatchObject({ status: 'canceled', fileIds: [] });
      await expect.poll(() => h.tempFiles(), { timeout: 10_000 }).toEqual([]);
      expect((await h.libraryFiles()).filter((key) => key.includes('cancel'))).toEqual([]);
    } finally {
      hold.release();
    }
  });

  it('a transfer interrupted by a hub stop resumes from its .part file with a Range request, byte-exact', async () => {
    const media = await site.writeLargeMedia('/held/resume.mp4', MEDIA_BYTES);
    await site.writePage('/held/resume.html', videoPage('Held for a resume', '/held/resume.mp4'));
    const hold = site.holdAfter('/held/resume.mp4', 2_000_000);
    const pageUrl = `${site.url}/held/resume.html`;
    let released = false;
    try {
      const started = await h.download(ALICE, { url: pageUrl });
      await h.waitFor(ALICE, started.id, transferring);
      const partFile = async () => (await h.tempFiles()).find((file) => file.endsWith('.part'));
      const partSize = async () => {
        const part = await partFile();
        return part ? (await stat(path.join(h.context.storage.root, '.tmp', part))).size : 0;
      };
      await expect.poll(partSize, { timeout: 10_000 }).toBeGreaterThan(0);
      await h.crash();
      // The stop killed yt-dlp and left its .part where the next attempt looks for it.
      expect(await processesMentioning(pageUrl)).toEqual([]);
      const written = await partSize();
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(media.length);
      expect(await h.libraryFiles()).not.toContainEqual(expect.stringContaining('resume'));

      hold.release();
      released = true;
      const before = site.requestLog.length;
      await h.restart();
      const done = await h.waitFor(ALICE, started.id, undefined, 120_000);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const mediaRequests = site.requestLog.slice(before).filter((entry) => entry.path === '/held/resume.mp4');
      expect(mediaRequests).toEqual([{ path: '/held/resume.mp4', range: `bytes=${written}-` }]);
      const file = await h.fileRecord(done.fileIds[0] as string);
      expect(file).toMatchObject({ size: media.length, sha256: sha256(media) });
      expect(sha256(await readFile(path.join(h.context.storage.root, file.storageKey)))).toBe(sha256(media));
      expect(await h.tempFiles()).toEqual([]);
    } finally {
      if (!released) hold.release();
    }
  });
});
