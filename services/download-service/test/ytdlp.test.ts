/**
 * yt-dlp's command lines as data, checked against the real yt-dlp (it parses every option before it does anything),
 * and what it prints turned into items, progress and errors.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionItems, planSiteItem } from '../src/domain/plan.js';
import { siteName, sourceFor } from '../src/domain/item-naming.js';
import { DEFAULT_FORMAT, downloadArgs, INFO_PREFIX, PROGRESS_PREFIX, probeArgs } from '../src/ytdlp/args.js';
import {
  errorLine,
  isUnsupportedUrl,
  mediaOfInfo,
  parseInfoLine,
  parseProbe,
  parseProgressLine,
  toolStatus,
  versionDate,
} from '../src/ytdlp/output.js';
import { createYtdlp, findYtdlp, toolEnvironment } from '../src/ytdlp/tool.js';

const run = promisify(execFile);
const PROXY = 'http://127.0.0.1:9';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smh-ytdlp-test-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('argument builders', () => {
  it('probe: no config, the proxy, native downloaders only, one JSON document, the URL after "--"', () => {
    expect(probeArgs('https://e.com/-x', { proxy: PROXY, flat: true })).toEqual([
      '--ignore-config',
      '--no-cache-dir',
      '--no-color',
      '--proxy',
      PROXY,
      '--downloader',
      'native',
      '--dump-single-json',
      '--flat-playlist',
      '--',
      'https://e.com/-x',
    ]);
    expect(probeArgs('https://e.com/v', { proxy: PROXY, flat: false })).toContain('--no-playlist');
  });

  it('download: the format, MP4 merge, resume, output in the given directory, progress and info lines', () => {
    const args = downloadArgs('https://e.com/v', { proxy: PROXY, format: DEFAULT_FORMAT, outputDir: '/tmp/w' });
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('--proxy')).toBe(PROXY);
    expect(after('--downloader')).toBe('native');
    expect(after('--format')).toBe('bv*+ba/b');
    expect(after('--merge-output-format')).toBe('mp4');
    expect(after('--paths')).toBe('/tmp/w');
    expect(after('--output')).not.toContain('/');
    expect(args).toEqual(expect.arrayContaining(['--continue', '--newline', '--no-playlist', '--ignore-config']));
    expect(after('--progress-template')).toMatch(new RegExp(`^download:${PROGRESS_PREFIX}`));
    expect(after('--print')).toBe(`after_move:${INFO_PREFIX}%()j`);
    expect(args.slice(-2)).toEqual(['--', 'https://e.com/v']);
    expect(args).not.toContain('--ffmpeg-location');
  });

  it('download: the ffmpeg to merge with, when given, as --ffmpeg-location', () => {
    const ffmpegPath = '/app/node_modules/@ffmpeg-installer/linux-x64/ffmpeg';
    const args = downloadArgs('https://e.com/v', {
      proxy: PROXY,
      format: DEFAULT_FORMAT,
      outputDir: '/tmp/w',
      ffmpegPath,
    });
    expect(args[args.indexOf('--ffmpeg-location') + 1]).toBe(ffmpegPath);
    expect(args.indexOf('--ffmpeg-location')).toBeLessThan(args.indexOf('--'));
  });

  it('the real yt-dlp accepts every option the builders use', async () => {
    const bin = await findYtdlp();
    expect(bin, 'yt-dlp must be installed (scripts/system/packages.txt)').toBeDefined();
    for (const args of [
      probeArgs('https://e.com/v', { proxy: PROXY, flat: true }),
      downloadArgs('https://e.com/v', {
        proxy: PROXY,
        format: DEFAULT_FORMAT,
        outputDir: dir,
        ffmpegPath: '/x/ffmpeg',
      }),
    ]) {
      // --version is acted on only after every option parsed: an unknown option fails the run.
      const options = args.slice(0, args.indexOf('--'));
      const { stdout } = await run(bin as string, [...options, '--version']);
      expect(versionDate(stdout)).not.toBeNull();
    }
  });
});

describe('finding yt-dlp', () => {
  it('takes YTDLP_PATH first, then PATH, and nothing that is not executable', async () => {
    const fake = path.join(dir, 'yt-dlp');
    await writeFile(fake, '#!/bin/sh\necho 2024.01.02\n');
    expect(await findYtdlp({ PATH: dir })).toBeUndefined();
    await chmod(fake, 0o755);
    expect(await findYtdlp({ PATH: `/nonexistent:${dir}` })).toBe(fake);
    expect(await findYtdlp({ YTDLP_PATH: '/nonexistent/yt-dlp', PATH: dir })).toBeUndefined();
    expect(await findYtdlp({ YTDLP_PATH: fake, PATH: '' })).toBe(fake);
    const tool = createYtdlp({
      bin: fake,
      proxy: async () => PROXY,
      format: DEFAULT_FORMAT,
      probeTimeoutMs: 5000,
      downloadTimeoutMs: 5000,
    });
    expect(await tool.version()).toBe('2024.01.02');
  });

  it('gives yt-dlp no proxy variables that could send it around the egress proxy', () => {
    const env = toolEnvironment({ PATH: '/bin', HOME: '/h', http_proxy: 'x', HTTPS_PROXY: 'y', NO_PROXY: '*' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/h' });
  });
});

describe('output parsing', () => {
  const info = {
    id: 'abc123',
    extractor_key: 'Vimeo',
    title: 'A title',
    uploader: 'Some One',
    upload_date: '20240131',
    description: 'Words',
    webpage_url: 'https://vimeo.com/abc123',
    thumbnail: 'https://i.vimeocdn.com/t.jpg',
    duration: 12.5,
    width: 1280,
    height: 720,
    ext: 'mp4',
  };

  it('a single item: its page facts, the platform from the extractor', () => {
    expect(parseProbe(JSON.stringify(info))).toEqual({
      type: 'single',
      direct: false,
      media: {
        id: 'abc123',
        platform: 'vimeo',
        title: 'A title',
        uploader: 'Some One',
        uploadedAt: '2024-01-31T00:00:00.000Z',
        description: 'Words',
        pageUrl: 'https://vimeo.com/abc123',
        thumbnail: 'https://i.vimeocdn.com/t.jpg',
        durationSec: 12.5,
        width: 1280,
        height: 720,
        ext: 'mp4',
      },
    });
    expect(parseProbe(JSON.stringify({ ...info, extractor_key: 'Generic', direct: true }))).toMatchObject({
      direct: true,
      media: { platform: 'generic' },
    });
  });

  it('a collection: http(s) entries only, each with the extractor that will resolve it', () => {
    const probed = parseProbe(
      JSON.stringify({
        _type: 'playlist',
        id: 'ch',
        title: 'Channel',
        extractor_key: 'YoutubeTab',
        entries: [
          { _type: 'url', ie_key: 'Youtube', id: 'v2', url: 'https://www.youtube.com/watch?v=v2', title: 'Two' },
          { _type: 'url', url: 'file:///etc/passwd', id: 'evil' },
          null,
          { _type: 'url', url: 'https://e.com/p1', title: 'No id' },
        ],
      }),
    );
    expect(probed).toEqual({
      type: 'collection',
      platform: 'youtubetab',
      id: 'ch',
      title: 'Channel',
      entries: [
        { url: 'https://www.youtube.com/watch?v=v2', platform: 'youtube', id: 'v2', title: 'Two' },
        { url: 'https://e.com/p1', platform: 'youtubetab', id: null, title: 'No id' },
      ],
    });
  });

  it('progress lines, info lines and errors', () => {
    expect(
      parseProgressLine(
        `${PROGRESS_PREFIX}{"status": "downloading", "downloaded_bytes": 10, "total_bytes": null, "total_bytes_estimate": 99.5}`,
      ),
    ).toEqual({ status: 'downloading', downloadedBytes: 10, totalBytes: 99.5 });
    expect(parseProgressLine('[download] 10%')).toBeUndefined();
    expect(parseProgressLine(`${PROGRESS_PREFIX}{broken`)).toBeUndefined();
    expect(parseInfoLine(`${INFO_PREFIX}${JSON.stringify({ ...info, filepath: '/w/abc123.mp4' })}`)).toMatchObject({
      filepath: '/w/abc123.mp4',
      media: { id: 'abc123' },
    });
    expect(() => parseInfoLine(`${INFO_PREFIX}${JSON.stringify(info)}`)).toThrow(/file path/);
    expect(isUnsupportedUrl(['WARNING: x', 'ERROR: Unsupported URL: https://e.com/'])).toBe(true);
    expect(isUnsupportedUrl(['ERROR: [generic] x: HTTP Error 404: Not Found'])).toBe(false);
    expect(errorLine(['WARNING: x', 'ERROR: [generic] x: HTTP Error 404: Not Found'])).toBe(
      '[generic] x: HTTP Error 404: Not Found',
    );
  });

  it('calls a version outdated after 90 days', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(toolStatus('2026.09.08', now)).toEqual({
      version: '2026.09.08',
      released: '2026-09-08',
      ageDays: 90,
      outdated: false,
    });
    expect(toolStatus('2026.09.07', now)).toMatchObject({ ageDays: 91, outdated: true });
    expect(toolStatus('2023.03.04', now)).toMatchObject({ outdated: true });
    expect(toolStatus('custom-build', now)).toEqual({
      version: 'custom-build',
      released: null,
      ageDays: null,
      outdated: false,
    });
  });

  it('the version is a date', () => {
    expect(versionDate('2023.03.04\n')?.toISOString()).toBe('2023-03-04T00:00:00.000Z');
    expect(versionDate('2024.10.22.232921')?.toISOString()).toBe('2024-10-22T00:00:00.000Z');
    expect(versionDate('nightly')).toBeNull();
  });
});

describe('items of other sites', () => {
  const media = parseProbe(
    JSON.stringify({
      id: 'x/../1',
      extractor_key: 'Vimeo',
      uploader: 'A/B',
      upload_date: '20240131',
      webpage_url: 'https://vimeo.com/1',
      title: 'T',
      description: 'D',
    }),
  );

  it('are named <platform>/<uploader>/<date>_<id>.<ext> with safe segments, and keep their facts as source', () => {
    if (media.type !== 'single') throw new Error('single expected');
    const item = planSiteItem(media.media);
    expect(item.mediaKey).toBe('vimeo:x/../1');
    expect(siteName(item, 'mp4')).toBe('vimeo/A_B/2024-01-31_x_.._1.mp4');
    expect(sourceFor(item)).toEqual({
      platform: 'vimeo',
      username: 'A/B',
      code: 'x/../1',
      takenAt: '2024-01-31T00:00:00.000Z',
      caption: 'T\n\nD',
      url: 'https://vimeo.com/1',
      mediaId: 'vimeo:x/../1',
    });
  });

  it('a collection stops before the first archived entry (incremental) and at the limit', () => {
    const entries = ['a', 'b', 'c', 'd'].map((id) => ({ url: `https://e.com/${id}`, platform: 'e', id, title: null }));
    const keys = (specs: ReturnType<typeof collectionItems>) => specs.map((spec) => spec.mediaKey);
    expect(keys(collectionItems(entries, { archived: new Set(['e:c']) }))).toEqual(['e:a', 'e:b']);
    expect(keys(collectionItems(entries, { archived: new Set(), limit: 3 }))).toEqual(['e:a', 'e:b', 'e:c']);
    expect(keys(collectionItems(entries, { archived: new Set(['e:a']) }))).toEqual([]);
  });

  it('keys generic pages by their page, not by the file name yt-dlp gives them as id', () => {
    const smuggled = '#__youtubedl_smuggle=%7B%22force_videoid%22%3A+%22index%22%7D';
    const entries = ['p1', 'p2'].map((dir) => ({
      url: `https://blog.example/${dir}/index.html${smuggled}`,
      platform: 'generic',
      id: 'index',
      title: null,
    }));
    const keys = collectionItems(entries, { archived: new Set() }).map((spec) => spec.mediaKey);
    expect(keys).toEqual(['generic:https://blog.example/p1/index.html', 'generic:https://blog.example/p2/index.html']);
    // The item yt-dlp resolves later gets the same key (so incremental runs recognise it) and a clean page URL.
    const media = mediaOfInfo({
      id: 'index',
      extractor_key: 'Generic',
      webpage_url: `https://blog.example/p2/index.html${smuggled}`,
    });
    expect(media.pageUrl).toBe('https://blog.example/p2/index.html');
    expect(planSiteItem(media).mediaKey).toBe(keys[1]);
  });
});
