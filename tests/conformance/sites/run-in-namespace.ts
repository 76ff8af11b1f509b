/**
 * Runs a PeerTube conformance runner inside a private network namespace (`unshare -mn`): `lo` up with the fake's
 * public-looking address on it, our /etc/hosts mapping framatube.org there. Returns the runner's results.json.
 * Needs root; without it this throws, saying so. The browser test of the named site
 * (tests/e2e-browser/named-site/run.ts) starts its namespace with the same `siteNamespaceSetup`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PEERTUBE_ADDRESS, peertubeHostsFile } from './peertube-scenarios.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');

/** Why a site namespace cannot be made here, or null when it can (root). */
export function siteNamespaceRefusal(): string | null {
  if (process.getuid?.() === 0) return null;
  return (
    'The named-site tests need root (unshare -mn for a private network namespace with its own ' +
    '/etc/hosts and CA bundle). Run the test suite as root, as CI does.'
  );
}

/**
 * A work directory holding the namespace's hosts file, and the shell lines that, run under `unshare -mn` with that
 * directory as "$1", bring `lo` up with the fake's address and bind our hosts file over /etc/hosts.
 */
export async function siteNamespaceSetup(): Promise<{ dir: string; lines: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'smh-site-namespace-'));
  await writeFile(join(dir, 'hosts'), peertubeHostsFile());
  return {
    dir,
    lines: [
      'set -e',
      'ip link set lo up',
      `ip addr add ${PEERTUBE_ADDRESS}/32 dev lo`,
      'mount --bind "$1/hosts" /etc/hosts',
    ],
  };
}

export async function runInSiteNamespace<T>(runner: string, timeoutMs: number): Promise<{ dir: string; results: T }> {
  const refusal = siteNamespaceRefusal();
  if (refusal) throw new Error(refusal);
  const { dir, lines } = await siteNamespaceSetup();
  const script = [...lines, `exec "$2" --import tsx tests/conformance/sites/${runner} "$1"`].join('\n');
  await run('unshare', ['-mn', 'sh', '-c', script, 'site-conformance', dir, process.execPath], {
    cwd: repoRoot,
    timeout: timeoutMs,
    maxBuffer: 16 << 20,
  });
  return { dir, results: JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as T };
}
