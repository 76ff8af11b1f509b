/**
 * Runs a PeerTube conformance runner inside a private network namespace (`unshare -mn`): `lo` up with the fake's
 * public-looking address on it, our /etc/hosts mapping framatube.org there. Returns the runner's results.json.
 * Needs root; without it this throws, saying so.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PEERTUBE_ADDRESS, peertubeHostsFile } from './peertube-scenarios.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');

export async function runInSiteNamespace<T>(runner: string, timeoutMs: number): Promise<{ dir: string; results: T }> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The site conformance suite needs root (unshare -mn for a private network namespace with its own ' +
        '/etc/hosts and CA bundle). Run the test suite as root, as CI does.',
    );
  }
  const script = [
    'set -e',
    'ip link set lo up',
    `ip addr add ${PEERTUBE_ADDRESS}/32 dev lo`,
    'mount --bind "$1/hosts" /etc/hosts',
    `exec "$2" --import tsx tests/conformance/sites/${runner} "$1"`,
  ].join('\n');
  const dir = await mkdtemp(join(tmpdir(), 'smh-site-conformance-'));
  await writeFile(join(dir, 'hosts'), peertubeHostsFile());
  await run('unshare', ['-mn', 'sh', '-c', script, 'site-conformance', dir, process.execPath], {
    cwd: repoRoot,
    timeout: timeoutMs,
    maxBuffer: 16 << 20,
  });
  return { dir, results: JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as T };
}
