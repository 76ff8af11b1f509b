/**
 * Acceptance test of the fake PeerTube (the named site of the yt-dlp extractor): the real, unmodified yt-dlp (Debian
 * package) reads it over HTTPS as framatube.org inside a private network namespace (`unshare -mn`: own loopback,
 * own /etc/hosts, a throw-away CA trusted only there). Single videos are saved byte-identical (sha256) to what the
 * fake served; channel and account listings come newest first; a second pass with a download archive fetches only
 * the new upload. Needs root; without it this fails loudly.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteScenarioResult } from './sites/peertube-scenarios.js';
import { runInSiteNamespace } from './sites/run-in-namespace.js';

interface FlatPlaylist {
  _type: string;
  id: string;
  title: string;
  entries: Array<{ id: string; title: string; url: string; ie_key: string }>;
}

describe('yt-dlp against the fake PeerTube (framatube.org) over HTTPS', () => {
  let dir: string;
  let results: SiteScenarioResult[] = [];
  const result = (name: string): SiteScenarioResult => {
    const found = results.find((r) => r.name === name);
    if (!found) throw new Error(`scenario "${name}" did not run`);
    return found;
  };

  beforeAll(async () => {
    ({ dir, results } = await runInSiteNamespace<SiteScenarioResult[]>('peertube-runner.ts', 300_000));
  }, 330_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // 101: yt-dlp stopped at the first upload already in its archive (--break-on-existing), as a subscription should.
  for (const [name, exitCode] of [
    ['single video (/w/ short UUID)', 0],
    ['single video (/videos/watch/ UUID)', 0],
    ['channel download (first pass)', 0],
    ['channel download (next pass: one new upload)', 101],
  ] as const) {
    it(`${name}: every expected file saved byte-exact, nothing else`, () => {
      const { matched, expected, unexpected, log, ...facts } = result(name);
      expect({ exitCode: facts.exitCode, unexpected }, log).toEqual({ exitCode, unexpected: [] });
      expect(expected.length).toBeGreaterThan(0);
      expect(matched).toEqual(expected);
    });
  }

  it('the first pass saves both uploads, the next pass only the new one', () => {
    expect(result('channel download (first pass)').matched).toHaveLength(2);
    expect(result('channel download (next pass: one new upload)').matched).toHaveLength(1);
  });

  it('single video metadata: title, uploader, date, duration, page URL and both resolutions', () => {
    const { exitCode, stdout, log } = result('single video metadata (-J)');
    expect(exitCode, log).toBe(0);
    const info = JSON.parse(stdout) as Record<string, unknown> & { formats: Array<{ height?: number }> };
    expect(info).toMatchObject({
      extractor_key: 'PeerTube',
      title: 'First upload',
      uploader: 'fixture_account',
      channel: 'Fixture channel',
      upload_date: expect.stringMatching(/^\d{8}$/),
      duration: 2,
      webpage_url: `https://framatube.org/videos/watch/${info['id']}`,
      thumbnail: expect.stringMatching(/^https:\/\/framatube\.org\/lazy-static\/thumbnails\/.+\.jpg$/),
    });
    expect(info.formats.map((format) => format.height).sort()).toEqual([360, 720]);
  });

  for (const [name, kind] of [
    ['channel listing (flat)', 'channel'],
    ['account listing (flat)', 'account'],
  ] as const) {
    it(`${kind} listing: a playlist of the uploads, newest first`, () => {
      const { exitCode, stdout, log } = result(name);
      expect(exitCode, log).toBe(0);
      const playlist = JSON.parse(stdout) as FlatPlaylist;
      expect(playlist._type).toBe('playlist');
      expect(playlist.entries.map((entry) => entry.title)).toEqual(['Second upload', 'First upload']);
      for (const entry of playlist.entries) {
        expect(entry.url).toMatch(/^https:\/\/framatube\.org\/w\/[1-9A-HJ-NP-Za-km-z]{22}$/);
        expect(entry.ie_key).toBe('PeerTube');
      }
    });
  }
});
