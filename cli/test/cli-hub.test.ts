/**
 * `smh` against a whole embedded hub and the fake Instagram: downloads (completed, refused, failed), the library
 * (ls, get, merge), subscriptions, sessions, --json, and the errors a user meets first (bad key, no hub).
 */
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import type { DownloadView, FileView, InstagramSession, Subscription } from '../src/types.js';
import { type CliHub, startCliHub } from './support.js';

let t: CliHub;
beforeAll(async () => {
  t = await startCliHub();
  t.hub.fake.addProfile({ username: 'cli_star', posts: [{ kind: 'photo' }, { kind: 'video' }, { kind: 'video' }] });
  t.hub.fake.addProfile({ username: 'cli_hidden', posts: 2, isPrivate: true });
  t.hub.fake.addSession('cli-session-0001', 'cli_star');
});
afterAll(async () => t?.stop());

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');

describe('smh download', () => {
  it('downloads a profile: exit 0, progress on stderr, the outcome on stdout, the files in the library', async () => {
    const run = await t.smh(['download', 'https://www.instagram.com/cli_star/']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^@cli_star: completed · 4\/4 files · .+ · download [\w-]+\n$/);
    expect(run.stderr).toMatch(/@cli_star: (queued|scanning|downloading) · /);
    const files = await t.api<{ items: FileView[] }>('GET', '/api/files?username=cli_star');
    expect(files.body.items).toHaveLength(4);
  });

  it('--json prints the final download views', async () => {
    const run = await t.smh(['download', '@cli_star', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const [view] = run.json<DownloadView[]>();
    expect(view).toMatchObject({ status: 'completed', kind: 'profile' });
    const stored = await t.api<DownloadView>('GET', `/api/downloads/${view?.id}`);
    expect(stored.body.status).toBe('completed');
  });

  it('a refused URL exits 1 with the API message, and --json names the error', async () => {
    const url = 'https://www.instagram.com/explore/tags/cats/';
    const direct = await t.api<{ error: { code: string; message: string } }>('POST', '/api/downloads', { url });
    expect(direct.status).toBe(400);
    const run = await t.smh(['download', url]);
    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toContain(`smh: ${url}: ${direct.body.error.message}`);
    const asJson = await t.smh(['download', url, '--json']);
    expect(asJson.code).toBe(EXIT.failed);
    expect(asJson.json()).toEqual([{ url, error: direct.body.error }]);
  });

  it('a download that fails exits 1 with its reason', async () => {
    const run = await t.smh(['download', 'https://www.instagram.com/cli_hidden/']);
    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toMatch(/smh: @cli_hidden: failed: .*private/i);
  });

  it("follows the hub's live events: a download ends without waiting for the next poll", async () => {
    const run = await t.smh(['download', 'https://www.instagram.com/cli_star/'], {}, { pollMs: 600_000 });
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toMatch(/^@cli_star: completed/);
  });

  it('--no-wait prints the id and returns while the hub works on', async () => {
    const run = await t.smh(['download', '--no-wait', 'cli_star']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const id = run.stdout.split(/\s+/)[0] ?? '';
    expect((await t.api<DownloadView>('GET', `/api/downloads/${id}`)).status).toBe(200);
    await expect
      .poll(async () => (await t.api<DownloadView>('GET', `/api/downloads/${id}`)).body.status)
      .toBe('completed');
  });

  it('sync brings a profile up to date with only the new post', async () => {
    t.hub.fake.addPost('cli_star', { kind: 'photo' });
    const run = await t.smh(['sync', 'cli_star', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const [view] = run.json<DownloadView[]>();
    expect(view?.status).toBe('completed');
    const files = await t.api<{ items: FileView[] }>('GET', '/api/files?username=cli_star');
    expect(files.body.items).toHaveLength(5);
  });
});

describe('smh ls, get, merge', () => {
  it('ls filters by username and type; --json gives the file records', async () => {
    const run = await t.smh(['ls', '--username', 'cli_star', '--type', 'video', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const files = run.json<FileView[]>();
    expect(files).toHaveLength(2);
    expect(files.every((file) => file.type === 'video' && file.source?.username === 'cli_star')).toBe(true);
    const human = await t.smh(['ls', '--username', 'cli_star']);
    expect(human.stdout.split('\n')[0]).toMatch(/^ID\s+TYPE\s+SIZE\s+ACCOUNT\s+NAME$/);
    expect(human.stdout.trim().split('\n')).toHaveLength(1 + 5);
    expect((await t.smh(['ls', '--type', 'pdf'])).code).toBe(EXIT.usage);
    const instagram = (await t.smh(['ls', '--username', 'cli_star', '--platform', 'instagram', '--json'])).json<
      FileView[]
    >();
    expect(instagram).toHaveLength(5);
    expect((await t.smh(['ls', '--platform', 'youtube', '--json'])).json<FileView[]>()).toEqual([]);
    expect((await t.smh(['ls', '--platform', 'not a platform'])).code).not.toBe(EXIT.ok);
  });

  it('get saves the exact bytes under the file names', async () => {
    const files = (await t.smh(['ls', '--username', 'cli_star', '--json'])).json<(FileView & { sha256: string })[]>();
    const ids = files.slice(0, 2).map((file) => file.id);
    const run = await t.smh(['get', ...ids, '-o', 'saved', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const saved = run.json<{ id: string; path: string }[]>();
    for (const [index, entry] of saved.entries()) {
      const file = files[index]!;
      expect(entry.path).toBe(path.join(t.workDir, 'saved', path.basename(file.name)));
      expect(await sha256(entry.path)).toBe(file.sha256);
    }
  });

  it('merge joins two videos into a new library file and saves it with -o', async () => {
    const videos = (await t.smh(['ls', '--username', 'cli_star', '--type', 'video', '--json'])).json<FileView[]>();
    const run = await t.smh(['merge', ...videos.map((video) => video.id), '-o', 'joined.mp4', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const result = run.json<{ fileId: string; path: string }>();
    expect(result.path).toBe(path.join(t.workDir, 'joined.mp4'));
    const record = await t.api<{ file: FileView & { sha256: string } }>('GET', `/api/files/${result.fileId}`);
    expect(await sha256(result.path)).toBe(record.body.file.sha256);
    expect(record.body.file.mime).toBe('video/mp4');
    expect((await t.smh(['merge', videos[0]!.id])).code).toBe(EXIT.usage);
  });
});

describe('smh subs and sessions', () => {
  it('adds, lists, runs and removes a subscription', async () => {
    const added = await t.smh(['subs', 'add', 'cli_star', '--every', '12h', '--json']);
    expect(added.code, added.stderr).toBe(EXIT.ok);
    const subscription = added.json<Subscription>();
    expect(subscription).toMatchObject({ target: 'cli_star', schedule: { every: '12h' } });
    const listed = await t.smh(['subs', 'ls']);
    expect(listed.stdout).toMatch(new RegExp(`^${subscription.id}\\s+@cli_star\\s+every 12h\\s+active`, 'm'));
    const ran = await t.smh(['subs', 'run', subscription.id]);
    expect(ran.code, ran.stderr).toBe(EXIT.ok);
    expect(ran.stdout).toMatch(/^@cli_star: completed/);
    expect((await t.smh(['subs', 'rm', subscription.id])).code).toBe(EXIT.ok);
    expect((await t.smh(['subs', 'ls', '--json'])).json()).toEqual([]);
    const missing = await t.smh(['subs', 'rm', subscription.id]);
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.stderr).toMatch(/^smh: .+/);
  });

  it('subs add of a profile Instagram does not know exits 1 with the hub message, and nothing is stored', async () => {
    const refused = await t.smh(['subs', 'add', 'https://www.instagram.com/no_such_cli_profile/']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stderr).toMatch(/^smh: .*Instagram has no profile @no_such_cli_profile/m);
    expect((await t.smh(['subs', 'ls', '--json'])).json()).toEqual([]);
  });

  it('links a session from a cookies.txt file', async () => {
    const file = path.join(t.workDir, 'cookies.txt');
    await fs.writeFile(
      file,
      [
        '# Netscape HTTP Cookie File',
        '.instagram.com\tTRUE\t/\tTRUE\t2000000000\tsessionid\tcli-session-0001',
        '.instagram.com\tTRUE\t/\tTRUE\t2000000000\tcsrftoken\tabc',
        '',
      ].join('\n'),
    );
    const run = await t.smh(['sessions', 'add', '--cookies', 'cookies.txt', '--json']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.json<InstagramSession>()).toMatchObject({ username: 'cli_star', status: 'active' });
    expect(JSON.stringify(run.json())).not.toContain('cli-session-0001');
    const listed = await t.smh(['sessions', 'ls']);
    expect(listed.stdout).toMatch(/@cli_star\s+active/);
    const unreadable = await t.smh(['sessions', 'add', '--cookies', 'missing.txt']);
    expect(unreadable.code).toBe(EXIT.usage);
    expect(unreadable.stderr).toContain('Cannot read the cookies file');
  });
});

describe('smh notify', () => {
  it('adds a webhook (secret shown once), lists it, sends a signed test, and removes it', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const added = await t.smh(['notify', 'add', 'webhook', '--endpoint', url, '--name', 'ci', '--json']);
      expect(added.code, added.stderr).toBe(EXIT.ok);
      const target = added.json<{ id: string; secret: string }>();
      expect(target.secret).toMatch(/\S{16,}/);
      const listed = await t.smh(['notify', 'ls']);
      expect(listed.stdout).toMatch(new RegExp(`^${target.id}\\s+webhook\\s+ci\\s+`, 'm'));
      expect(listed.stdout).not.toContain(target.secret);

      const tested = await t.smh(['notify', 'test', target.id]);
      expect(tested.code, tested.stderr).toBe(EXIT.ok);
      expect(tested.stdout).toMatch(/^test delivered \(HTTP 204\)/);
      const [delivery] = received;
      const timestamp = String(delivery?.headers['x-smh-timestamp']);
      const expected = createHmac('sha256', target.secret).update(`${timestamp}.${delivery?.body}`).digest('hex');
      expect(delivery?.headers['x-smh-signature']).toBe(`sha256=${expected}`);
      expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ event: 'test' });

      const bad = await t.smh(['notify', 'add', 'telegram', '--bot-token', 'x']);
      expect(bad.code).toBe(EXIT.usage);
      expect(bad.stderr).toContain('needs --chat-id');
      expect((await t.smh(['notify', 'rm', target.id])).code).toBe(EXIT.ok);
      expect((await t.smh(['notify', 'ls', '--json'])).json()).toEqual([]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('errors a newcomer meets', () => {
  it('a wrong API key exits 3 saying the key was rejected', async () => {
    const run = await t.smh(['ls'], { SMH_API_KEY: 'smh_not_a_real_key' });
    expect(run.code).toBe(EXIT.connection);
    expect(run.stderr).toMatch(/^smh: The hub rejected the API key .*SMH_API_KEY/);
  });

  it('no hub at the address exits 3 naming the address; --json prints the error object', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const run = await t.smh(['--json', 'ls', '--url', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(EXIT.connection);
    expect(run.stderr).toBe(
      `smh: Cannot reach the hub at http://127.0.0.1:${port} (ECONNREFUSED). Is it running? Set SMH_URL or --url to its address.\n`,
    );
    expect(run.json()).toMatchObject({ error: { code: 'UNREACHABLE' } });
  });

  it('no API key at all is a usage error that says where to get one', async () => {
    const run = await t.smh(['ls'], { SMH_API_KEY: undefined });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('SMH_API_KEY');
  });
});

describe('the installed command', () => {
  const repoRoot = path.resolve(import.meta.dirname, '../..');
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        path.join(repoRoot, 'node_modules/.bin/smh'),
        args,
        { env: { PATH: process.env.PATH ?? '', ...env }, cwd: t.workDir },
        (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    // What `npm ci` does through the package's prepare script: compile to cli/dist, which node_modules/.bin/smh runs.
    await promisify(execFile)('npm', ['run', '--silent', 'build', '-w', '@smh/cli'], { cwd: repoRoot });
  }, 120_000);

  it('node_modules/.bin/smh runs the compiled CLI with SMH_URL and SMH_API_KEY', async () => {
    const viaBin = await run(['subs', 'ls', '--json'], { SMH_URL: t.hub.url, SMH_API_KEY: t.apiKey });
    expect(viaBin.code, viaBin.stderr).toBe(0);
    expect(JSON.parse(viaBin.stdout)).toEqual((await t.smh(['subs', 'ls', '--json'])).json());
    const url = 'https://www.instagram.com/explore/tags/cats/';
    const direct = await t.api<{ error: { message: string } }>('POST', '/api/downloads', { url });
    const refused = await run(['download', url], { SMH_URL: t.hub.url, SMH_API_KEY: t.apiKey });
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.stderr).toBe(`smh: ${url}: ${direct.body.error.message}\n`);
  });
});
