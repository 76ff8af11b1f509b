/**
 * Conformance run, executed INSIDE a private network namespace whose /etc/hosts maps the real Instagram host
 * names to 127.0.0.1-3 (see instagram-tools.test.ts): makes a throw-away CA, serves the fake over HTTPS on :443
 * under those names, runs the unmodified gallery-dl and instaloader for every scenario and writes
 * `<dir>/results.json` comparing each downloaded file, by sha256, with what the fake's CDN served.
 *   usage: node --import tsx runner.ts <work dir>
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FakeMedia } from '../../fakes/instagram/model.js';
import { startFakeInstagram } from '../../fakes/instagram/server.js';
import {
  type Command,
  certificateCommands,
  cookiesTxt,
  galleryDlCommands,
  HOST_ADDRESSES,
  instaloaderCommands,
  instaloaderSessionScript,
  type ScenarioName,
  slug,
} from './commands.js';

const run = promisify(execFile);
const MEDIA_FILE = /\.(jpe?g|mp4|webp|png|heic)$/i;

export interface ScenarioResult {
  tool: string;
  scenario: ScenarioName;
  exitCode: number;
  seconds: number;
  expected: number;
  downloaded: number;
  /** Downloaded files whose sha256 equals a file the fake served for an expected media. */
  matched: number;
  missing: string[];
  unexpected: string[];
  log: string;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && MEDIA_FILE.test(e.name)).map((e) => join(e.parentPath, e.name));
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: runner.ts <work dir>');
  for (const step of certificateCommands(dir)) {
    if (step.extFile) await writeFile(step.extFile.path, step.extFile.text);
    await run('openssl', step.args);
  }
  const fake = await startFakeInstagram({
    realHosts: {
      key: await readFile(join(dir, 'leaf.key')),
      cert: await readFile(join(dir, 'leaf.pem')),
      bind: HOST_ADDRESSES,
    },
  });
  const profile = fake.addProfile({
    username: 'conform_user',
    posts: 31,
    pinned: 1,
    stories: 2,
    highlights: 2,
    tagged: 3,
  });
  const viewer = fake.addProfile({ username: 'conform_viewer' });
  fake.addSession('conformance-session', viewer.username);
  const single = profile.posts.find((post) => post.mediaType === 8)!;
  const target = { username: profile.username, viewer: viewer.username, shortcode: single.code };

  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  const cookies = join(dir, 'cookies.txt');
  await writeFile(cookies, cookiesTxt('conformance-session', viewer.id));
  const sessionFile = join(dir, 'instaloader.session');
  await run('/usr/bin/python3', instaloaderSessionScript(sessionFile, 'conformance-session', viewer.id));

  const expectedMedia: Record<ScenarioName, FakeMedia[]> = {
    'profile (anonymous)': profile.posts,
    'profile (session)': profile.posts,
    'profile (anonymous, GraphQL API)': profile.posts,
    reels: profile.posts.filter((post) => post.productType === 'clips'),
    tagged: profile.tagged,
    'single post': [single],
    'stories (session)': profile.stories,
    'highlights (session)': profile.highlights.flatMap((highlight) => highlight.items),
  };
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    REQUESTS_CA_BUNDLE: join(dir, 'ca.pem'),
    SSL_CERT_FILE: join(dir, 'ca.pem'),
  };
  const out = join(dir, 'out');
  const commands: Command[] = [
    ...galleryDlCommands(target, join(out, 'gallery-dl'), cookies),
    ...instaloaderCommands(target, join(out, 'instaloader'), sessionFile),
  ];
  const results: ScenarioResult[] = [];
  for (const command of commands) {
    const started = Date.now();
    let exitCode = 0;
    let log = '';
    try {
      const done = await run(command.tool, command.args, { env, cwd: home, timeout: 180_000, maxBuffer: 16 << 20 });
      log = `${done.stdout}\n${done.stderr}`;
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      exitCode = typeof failed.code === 'number' ? failed.code : 1;
      log = `${failed.stdout ?? ''}\n${failed.stderr ?? String(error)}`;
    }
    const seconds = (Date.now() - started) / 1000;
    // What the CDN served, by hash -> resource pk.
    const servedBy = new Map<string, string>();
    for (const [pk, paths] of fake.servedFiles) for (const path of paths) servedBy.set(await sha256(path), pk);
    const wanted = new Set(expectedMedia[command.scenario].flatMap((media) => media.resources.map((r) => r.pk)));
    const covered = new Set<string>();
    const unexpected: string[] = [];
    const files = await filesUnder(join(out, command.tool, slug(command.scenario)));
    for (const file of files) {
      // A second file of one media (instaloader's highlight cover) is fine as long as the fake served it.
      const pk = servedBy.get(await sha256(file));
      if (pk !== undefined && wanted.has(pk)) covered.add(pk);
      else unexpected.push(file.slice(out.length + 1));
    }
    results.push({
      tool: command.tool,
      scenario: command.scenario,
      exitCode,
      seconds,
      expected: wanted.size,
      downloaded: files.length,
      matched: covered.size,
      missing: [...wanted].filter((pk) => !covered.has(pk)),
      unexpected,
      log: log.trim().split('\n').slice(-15).join('\n'),
    });
  }
  await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  await writeFile(
    join(dir, 'requests.log'),
    fake.requestLog.map((e) => `${e.status} ${e.method} ${e.host} ${e.path}${e.query}`).join('\n'),
  );
  await fake.close();
}

await main();
