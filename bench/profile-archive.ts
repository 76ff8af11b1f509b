/**
 * Profile archive against the peers: the hub, gallery-dl and instaloader (unmodified Debian packages, their sleeps
 * off) each archive the same 300-post / 420-file profile from the same fake Instagram, with the same latency (100 ms
 * per API answer, 20 ms per media answer), in the same run. Prints the hub's wall time as a ratio to each peer's.
 * The peers hard-code Instagram's https hosts, so the race runs inside a private network namespace
 * (`unshare -mn`: own loopback, own /etc/hosts, throw-away CA), as the conformance suite does. Needs root.
 * Run directly: `npx tsx bench/profile-archive.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { certificateCommands, hostsFile } from '../tests/conformance/instagram/commands.js';
import { REAL_HOST_NAMES } from '../tests/fakes/instagram/server.js';
import type { BenchResult } from './index.js';
import {
  API_LATENCY_MS,
  ARCHIVE_FILES,
  ARCHIVE_POSTS,
  MEDIA_LATENCY_MS,
  type RaceResult,
} from './support/profile-archive-runner.js';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

/** Brings up `lo`, hides the real /etc/hosts behind ours (private mount namespace), then starts the race. */
const NAMESPACE_SCRIPT = [
  'set -e',
  'ip link set lo up',
  'mount --bind "$1/hosts" /etc/hosts',
  'NODE_EXTRA_CA_CERTS="$1/ca.pem" exec "$2" $3 --import tsx bench/support/profile-archive-runner.ts "$1"',
].join('\n');

/** The hub's two runs: the first archive after its start (V8 still compiling its hot code), then on a running hub. */
function label(hub: RaceResult): string {
  return hub.tool === 'hub' ? 'hub (first archive after start)' : 'hub (running)';
}

export async function run(): Promise<BenchResult[]> {
  if (process.getuid?.() !== 0)
    throw new Error('profile-archive needs root (unshare -mn for a private network namespace)');
  const dir = await mkdtemp(path.join(tmpdir(), 'smh-bench-archive-'));
  try {
    for (const step of certificateCommands(dir)) {
      if (step.extFile) await writeFile(step.extFile.path, step.extFile.text);
      await execFileAsync('openssl', step.args);
    }
    await writeFile(path.join(dir, 'hosts'), hostsFile(REAL_HOST_NAMES));
    // BENCH_ARCHIVE_CPU_PROF=<dir>: the race process writes a V8 CPU profile there (NODE_OPTIONS refuses --cpu-prof).
    const profileDir = process.env.BENCH_ARCHIVE_CPU_PROF;
    const nodeFlags = profileDir ? `--cpu-prof --cpu-prof-dir=${path.resolve(profileDir)}` : '';
    const args = ['-mn', 'sh', '-c', NAMESPACE_SCRIPT, 'profile-archive', dir, process.execPath, nodeFlags];
    await execFileAsync('unshare', args, {
      cwd: ROOT,
      timeout: 1_800_000,
      maxBuffer: 16 << 20,
    });
    const results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RaceResult[];
    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0)
      throw new Error(failed.map((f) => `${f.tool}: ${f.files} of ${ARCHIVE_FILES} files\n${f.log}`).join('\n'));
    const load = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
    const what = `profile archive, ${ARCHIVE_POSTS} posts / ${ARCHIVE_FILES} files, ${API_LATENCY_MS} ms per API answer, ${MEDIA_LATENCY_MS} ms per media answer`;
    const hubs = results.filter((result) => result.tool.startsWith('hub'));
    const peers = results.filter((result) => !result.tool.startsWith('hub'));
    const perFile = hubs.map((hub): BenchResult => {
      const statements = Object.entries(hub.statements ?? {}).sort((a, b) => b[1] - a[1]);
      const statementTotal = statements.reduce((sum, [, n]) => sum + n, 0);
      return {
        name: `${what}: ${label(hub)}'s SQL statements per file (ratio = statements / files)`,
        value: statementTotal,
        unit: 'statements',
        reference: hub.files,
        ratio: statementTotal / hub.files,
        note: `${Math.round(hub.ms)} ms wall, ${hub.cpuSeconds.toFixed(1)} CPU s; ${statements.map(([kind, n]) => `${kind} ×${n}`).join(', ')}`,
      };
    });
    return peers
      .flatMap((peer) =>
        hubs.flatMap((hub): BenchResult[] => [
          {
            name: `${what}: ${label(hub)} vs ${peer.tool}, wall time`,
            value: hub.ms,
            unit: 'ms',
            reference: peer.ms,
            ratio: hub.ms / peer.ms,
            note: `same fake over HTTPS, same run, sleeps off; hub ${hub.files} files (profile picture included), ${peer.tool} ${peer.files}; load average ${load}`,
          },
          {
            name: `${what}: ${label(hub)} vs ${peer.tool}, CPU time`,
            value: hub.cpuSeconds,
            unit: 's',
            reference: peer.cpuSeconds,
            ratio: hub.cpuSeconds / peer.cpuSeconds,
            note: 'user + system seconds, the fake serving each included: what the archive costs whatever the load',
          },
        ]),
      )
      .concat(perFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const result of await run()) {
    console.log(
      `${result.name}: ${result.value.toFixed(0)} ${result.unit} vs ${result.reference.toFixed(0)} ${result.unit} → ${result.ratio.toFixed(2)}× — ${result.note}`,
    );
  }
}
