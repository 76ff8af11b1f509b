/** The CLI's pure parts: request bodies, connection settings, SSE frames, labels and error bodies. */
import { describe, expect, it } from 'vitest';
import { apiErrorFrom, buildUrl, unreachable } from '../src/client.js';
import { downloadBody, profileUrl } from '../src/commands/downloads.js';
import { safeFileName } from '../src/commands/library.js';
import { subscriptionBody, targetText } from '../src/commands/subscriptions.js';
import { DEFAULT_URL, resolveConnection } from '../src/config.js';
import { EXIT } from '../src/errors.js';
import { downloadLabel, downloadPhase, formatBytes, progressSummary } from '../src/format.js';
import { lineReporter } from '../src/progress.js';
import { parseSseFrames } from '../src/sse.js';
import type { DownloadView } from '../src/types.js';

describe('request bodies', () => {
  it('sends full and sessionId only when asked for', () => {
    expect(downloadBody('@a', {})).toEqual({ url: '@a' });
    expect(downloadBody('@a', { full: true, session: 'S' })).toEqual({ url: '@a', full: true, sessionId: 'S' });
    expect(downloadBody('@a', { full: false })).toEqual({ url: '@a' });
  });

  it('turns a username into a profile URL and keeps URLs', () => {
    expect(profileUrl('@natgeo')).toBe('https://www.instagram.com/natgeo/');
    expect(profileUrl('natgeo')).toBe('https://www.instagram.com/natgeo/');
    expect(profileUrl('https://www.instagram.com/x/')).toBe('https://www.instagram.com/x/');
  });

  it('subscriptions default to every 6h and validate --include', () => {
    expect(subscriptionBody('a', {})).toEqual({ target: 'a', schedule: { every: '6h' } });
    expect(subscriptionBody('a', { cron: '0 * * * *', include: 'posts, reels', session: 'S' })).toEqual({
      target: 'a',
      schedule: { cron: '0 * * * *' },
      include: ['posts', 'reels'],
      sessionId: 'S',
    });
    expect(() => subscriptionBody('a', { include: 'posts,igtv' })).toThrow(/not igtv/);
    expect(() => subscriptionBody('a', { every: '1h', cron: '* * * * *' })).toThrow(/either --every or --cron/);
  });

  it('subscribes to a page of another site as given, and shows it as its URL', () => {
    expect(subscriptionBody('https://tube.example.org/c/fish', { every: '1d' })).toEqual({
      target: 'https://tube.example.org/c/fish',
      schedule: { every: '1d' },
    });
    expect(targetText({ kind: 'site', target: 'https://tube.example.org/c/fish' })).toBe(
      'https://tube.example.org/c/fish',
    );
    expect(targetText({ kind: 'instagram', target: 'natgeo' })).toBe('@natgeo');
  });
});

describe('connection', () => {
  it('takes flags over SMH_URL/SMH_API_KEY over the default address', () => {
    expect(resolveConnection({}, { SMH_API_KEY: 'k' })).toEqual({ url: DEFAULT_URL, apiKey: 'k' });
    expect(resolveConnection({}, { SMH_URL: 'http://hub:9/', SMH_API_KEY: 'k' }).url).toBe('http://hub:9');
    expect(
      resolveConnection({ url: 'https://a.b/x/', apiKey: 'f' }, { SMH_URL: 'http://c', SMH_API_KEY: 'k' }),
    ).toEqual({
      url: 'https://a.b/x',
      apiKey: 'f',
    });
    expect(buildUrl('https://a.b/x', '/api/files', { q: 'a b', cursor: undefined })).toBe(
      'https://a.b/x/api/files?q=a+b',
    );
  });

  it('refuses a missing key and a non-http URL as usage errors', () => {
    expect(() => resolveConnection({}, {})).toThrow(expect.objectContaining({ exitCode: EXIT.usage }));
    expect(() => resolveConnection({ url: 'ftp://x' }, { SMH_API_KEY: 'k' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveConnection({ url: 'not a url' }, { SMH_API_KEY: 'k' })).toThrow(/is not a URL/);
  });
});

describe('errors from the hub', () => {
  it('keeps the API message and code; 401 says the key was rejected and exits 3', () => {
    const refused = apiErrorFrom(
      400,
      JSON.stringify({ error: { code: 'UNSUPPORTED_URL', message: 'No.', details: 1 } }),
    );
    expect(refused).toMatchObject({ status: 400, code: 'UNSUPPORTED_URL', message: 'No.', details: 1, exitCode: 1 });
    const unauthorized = apiErrorFrom(401, JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Sign in.' } }));
    expect(unauthorized.exitCode).toBe(EXIT.connection);
    expect(unauthorized.message).toBe('The hub rejected the API key (Sign in). Check SMH_API_KEY or --api-key.');
    expect(apiErrorFrom(502, '<html>')).toMatchObject({ code: 'HTTP_502', message: 'The hub answered HTTP 502.' });
  });
});

describe('an unreachable hub', () => {
  it('names the address and the reason, and exits 3', () => {
    const refused = unreachable('http://h:1', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    expect(refused).toMatchObject({ exitCode: EXIT.connection, code: 'UNREACHABLE' });
    expect(refused.message).toMatch(/^Cannot reach the hub at http:\/\/h:1 \(ECONNREFUSED\)\. Is it running\?/);
    const blocked = unreachable('http://h:6000', new TypeError('fetch failed', { cause: { message: 'bad port' } }));
    expect(blocked.message).toContain("(Node's fetch refuses to connect to this port)");
  });
});

describe('SSE frames', () => {
  it('parses complete frames, keeps the incomplete rest, skips comments', () => {
    const text = 'retry: 5000\n: connected\n\nevent: download.progress\ndata: {"id":"a"}\n\nevent: x\r\ndata: {"n":';
    const { events, rest } = parseSseFrames(text);
    expect(events).toEqual([{ event: 'download.progress', data: { id: 'a' } }]);
    expect(rest).toBe('event: x\ndata: {"n":');
  });
});

describe('human text', () => {
  it('labels downloads by what they are', () => {
    expect(downloadLabel('https://www.instagram.com/natgeo/')).toBe('@natgeo');
    expect(downloadLabel('@natgeo')).toBe('@natgeo');
    expect(downloadLabel('https://www.instagram.com/p/C0de_1/')).toBe('post C0de_1');
    expect(downloadLabel('https://www.instagram.com/reel/R1/')).toBe('reel R1');
    expect(downloadLabel('https://www.instagram.com/stories/natgeo/')).toBe('stories of @natgeo');
    expect(downloadLabel('https://www.instagram.com/stories/highlights/123/')).toBe('highlight 123');
    expect(downloadLabel('https://cdn.example/a.mp4')).toBe('https://cdn.example/a.mp4');
  });

  it('names the phase and summarizes progress without passing 100%', () => {
    const progress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
    expect(downloadPhase({ status: 'running', progress })).toBe('scanning');
    expect(downloadPhase({ status: 'running', progress: { ...progress, filesTotal: 3 } })).toBe('downloading');
    expect(downloadPhase({ status: 'running', progress, phase: 'resolving' })).toBe('resolving');
    expect(downloadPhase({ status: 'queued', progress })).toBe('queued');
    expect(progressSummary({ filesDone: 2, filesTotal: 5, bytesDone: 2_500_000, bytesTotal: 2_000_000 })).toBe(
      '2/5 files · 2.5 MB of 2.5 MB',
    );
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
  });

  it('saves under the base name only, with unsafe characters replaced', () => {
    expect(safeFileName('../../etc/passwd', 'id')).toBe('passwd');
    expect(safeFileName('a:b?.jpg', 'id')).toBe('a_b_.jpg');
    expect(safeFileName('..', 'id')).toBe('id');
  });
});

describe('progress without a terminal', () => {
  it('prints a line per phase change and at most one per interval, with files, bytes and speed', () => {
    const written: string[] = [];
    let clock = 0;
    const reporter = lineReporter({ write: (text: string) => written.push(text) }, 10_000, () => clock);
    const view = (status: DownloadView['status'], filesDone: number, bytesDone: number): DownloadView => ({
      id: 'd1',
      url: 'https://www.instagram.com/natgeo/',
      kind: 'profile',
      status,
      progress: { filesDone, filesTotal: filesDone ? 4 : 0, bytesDone, bytesTotal: filesDone ? 4_000_000 : 0 },
      fileIds: [],
      createdAt: '',
      finishedAt: null,
    });
    reporter.update(view('queued', 0, 0), undefined);
    clock = 1000;
    reporter.update(view('running', 0, 0), undefined);
    clock = 2000;
    reporter.update(view('running', 1, 1_000_000), 500_000);
    clock = 5000;
    reporter.update(view('running', 2, 2_000_000), 500_000);
    clock = 12_000;
    reporter.update(view('running', 3, 3_000_000), 250_000);
    reporter.update(view('completed', 4, 4_000_000), undefined);
    expect(written).toEqual([
      '@natgeo: queued · 0 files · 0 B\n',
      '@natgeo: scanning · 0 files · 0 B\n',
      '@natgeo: downloading · 1/4 files · 1.0 MB of 4.0 MB · 500.0 kB/s\n',
      '@natgeo: downloading · 3/4 files · 3.0 MB of 4.0 MB · 250.0 kB/s\n',
    ]);
  });
});
