/**
 * Acceptance test of the fake Instagram: the real, unmodified gallery-dl and instaloader (Debian packages)
 * download from it over HTTPS under the real host names, inside a private network namespace (`unshare -mn`:
 * own loopback, own /etc/hosts, throw-away CA). Every scenario must end with every expected file downloaded and
 * byte-identical (sha256) to what the fake's CDN served. Needs root; without it this fails loudly.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_HOST_NAMES } from '../fakes/instagram/server.js';
import { hostsFile, type ScenarioName } from './instagram/commands.js';
import type { ScenarioResult } from './instagram/runner.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../..');

/** Brings up `lo`, hides the real /etc/hosts behind ours (private mount namespace), then starts the runner. */
const NAMESPACE_SCRIPT = [
  'set -e',
  'ip link set lo up',
  'mount --bind "$1/hosts" /etc/hosts',
  'exec "$2" --import tsx tests/conformance/instagram/runner.ts "$1"',
].join('\n');

const EXPECTED: Record<'gallery-dl' | 'instaloader', ScenarioName[]> = {
  'gallery-dl': [
    'profile (anonymous)',
    'profile (session)',
    'profile (anonymous, GraphQL API)',
    'reels',
    'tagged',
    'single post',
    'stories (session)',
    'highlights (session)',
  ],
  // instaloader 4.9 has no reels download.
  instaloader: [
    'profile (anonymous)',
    'profile (session)',
    'tagged',
    'single post',
    'stories (session)',
    'highlights (session)',
  ],
};

describe('real Instagram clients against the fake (conformance)', () => {
  let dir: string;
  let results: ScenarioResult[] = [];

  beforeAll(async () => {
    if (process.getuid?.() !== 0) {
      throw new Error(
        'The Instagram conformance suite needs root (unshare -mn for a private network namespace with its own ' +
          '/etc/hosts). Run the test suite as root, as CI does.',
      );
    }
    dir = await mkdtemp(join(tmpdir(), 'smh-ig-conformance-'));
    await writeFile(join(dir, 'hosts'), hostsFile(REAL_HOST_NAMES));
    await run('unshare', ['-mn', 'sh', '-c', NAMESPACE_SCRIPT, 'conformance', dir, process.execPath], {
      cwd: repoRoot,
      timeout: 540_000,
      maxBuffer: 16 << 20,
    });
    results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ScenarioResult[];
    console.log(
      ['| tool | scenario | files byte-exact | seconds |', '|---|---|---|---|']
        .concat(results.map((r) => `| ${r.tool} | ${r.scenario} | ${r.matched} of ${r.expected} | ${r.seconds} |`))
        .join('\n'),
    );
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const [tool, scenarios] of Object.entries(EXPECTED)) {
    for (const scenario of scenarios) {
      it(`${tool}: ${scenario}`, () => {
        const result = results.find((r) => r.tool === tool && r.scenario === scenario);
        expect(result, `${tool} ${scenario} did not run`).toBeDefined();
        const { log, seconds: _seconds, ...facts } = result!;
        expect(facts, log).toMatchObject({ exitCode: 0, missing: [], unexpected: [] });
        expect(result!.expected).toBeGreaterThan(0);
        expect(result!.matched).toBe(result!.expected);
      });
    }
  }
});
