/**
 * yt-dlp against the fake PeerTube, executed INSIDE a private network namespace (see site-tools.test.ts): makes a
 * throw-away CA and trusts it for this namespace only (bind-mounted over the system bundle), serves the fake over
 * HTTPS on :443 as framatube.org at a public-looking address, runs the unmodified Debian yt-dlp for each scenario
 * and writes `<dir>/results.json`, comparing what yt-dlp saved with what the fake served, by sha256.
 *   usage: node --import tsx peertube-runner.ts <work dir>
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PEERTUBE_REAL_HOST, startFakePeerTube } from '../../fakes/peertube/server.js';
import { trustThrowawayCa } from './namespace-tls.js';
import { PEERTUBE_ADDRESS, type SiteScenarioResult, siteScenarios } from './peertube-scenarios.js';

const run = promisify(execFile);

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: peertube-runner.ts <work dir>');
  const tls = await trustThrowawayCa(dir, [PEERTUBE_REAL_HOST]);

  const site = await startFakePeerTube({ realHost: { ...tls, address: PEERTUBE_ADDRESS } });
  const channel = site.addChannel('fixture_account', 'fixture_channel', 'Fixture channel');
  const first = site.addVideo(channel, { name: 'First upload', resolutions: [720, 360] });
  const second = site.addVideo(channel, {
    name: 'Second upload',
    description: 'A description longer than a line. '.repeat(10),
  });
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' };

  const results: SiteScenarioResult[] = [];
  const scenarios = siteScenarios(
    { channel: channel.name, account: channel.account.name, first, second },
    join(dir, 'out'),
  );
  for (const scenario of scenarios) {
    // The subscription scenario's second pass finds one new upload (published after the first pass).
    if (scenario.addUploadBefore) site.addVideo(channel, { name: scenario.addUploadBefore });
    const started = Date.now();
    let exitCode = 0;
    let stdout = '';
    let log = '';
    try {
      const done = await run('yt-dlp', scenario.args, { env, cwd: home, timeout: 180_000, maxBuffer: 32 << 20 });
      stdout = done.stdout;
      log = done.stderr;
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      exitCode = typeof failed.code === 'number' ? failed.code : 1;
      stdout = failed.stdout ?? '';
      log = failed.stderr ?? String(error);
    }
    const expected = new Map<string, string>();
    for (const video of scenario.expectFiles(site.store))
      expected.set(await sha256(await site.filePath(video)), video.shortUUID);
    const saved = (await readdir(scenario.outDir, { withFileTypes: true }).catch(() => []))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.mp4'))
      .map((entry) => join(scenario.outDir, entry.name));
    const matched: string[] = [];
    const unexpected: string[] = [];
    for (const file of saved) {
      const id = expected.get(await sha256(file));
      if (id) matched.push(id);
      else unexpected.push(file.slice(dir.length + 1));
    }
    results.push({
      name: scenario.name,
      exitCode,
      seconds: (Date.now() - started) / 1000,
      expected: [...expected.values()].sort(),
      matched: matched.sort(),
      unexpected,
      stdout: stdout.slice(0, 200_000),
      log: log.trim().split('\n').slice(-15).join('\n'),
    });
  }
  await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  await writeFile(
    join(dir, 'requests.log'),
    site.requestLog.map((e) => `${e.status} ${e.method} ${e.path}`).join('\n'),
  );
  await site.close();
}

await main();
