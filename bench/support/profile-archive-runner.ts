/**
 * The profile-archive race, run INSIDE a private network namespace (see bench/profile-archive.ts): one fake
 * Instagram, in a process of its own (fake-instagram-process.ts), serves HTTPS under the real host names with the
 * issue's latency split (100 ms per API answer, 20 ms per media answer); the hub (download-service + file-service on
 * PGlite, as embedded, in this process), gallery-dl and instaloader (unmodified Debian packages, sleeps off) each
 * archive the same profile from it, one after the other, timed wall-clock; the hub twice, right after its start and
 * then running (for a second user). Writes `<dir>/results.json` (RaceResult[]).
 *   usage: NODE_EXTRA_CA_CERTS=<dir>/ca.pem node --import tsx bench/support/profile-archive-runner.ts <dir>
 * BENCH_ARCHIVE_PEERS=0 runs the hub alone; BENCH_ARCHIVE_CPU_PROF=<dir> (read by bench/profile-archive.ts) makes this
 * process write a V8 CPU profile there.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ALICE,
  BOB,
  type DownloadView,
  type Harness,
  startHarness,
} from '../../services/download-service/test/helpers/harness.js';
import { galleryDlCommands, instaloaderCommands, type Command } from '../../tests/conformance/instagram/commands.js';
import { REAL_HOST_NAMES } from '../../tests/fakes/instagram/server.js';
import type { Database } from '@smh/shared';
import { ARCHIVE_FILES, ARCHIVE_USERNAME as USERNAME } from './archive-profile.js';

export { API_LATENCY_MS, ARCHIVE_FILES, ARCHIVE_POSTS, MEDIA_LATENCY_MS } from './archive-profile.js';

const run = promisify(execFile);

const MEDIA_FILE = /\.(jpe?g|mp4|webp|png|heic)$/i;

export interface RaceResult {
  tool: 'hub' | 'hub (running)' | 'gallery-dl' | 'instaloader';
  ms: number;
  /** CPU seconds (user + system) of the tool, the fake's share of this process included on every side. */
  cpuSeconds: number;
  /** The hub's SQL statements during the archive, by their first words ("UPDATE downloads.download_items"). */
  statements?: Record<string, number>;
  files: number;
  ok: boolean;
  log: string;
}

const CLOCK_TICKS = 100;

/** Counts the statements the hub sends to its database (both services share it) until `stop`. */
function countStatements(db: Database): { stop(): Record<string, number> } {
  const counts: Record<string, number> = {};
  const original = db.query;
  const count = (text: string) => {
    const words = text.replace(/"/g, '').trim().split(/\s+/);
    const kind =
      words[0]?.toUpperCase() === 'WITH'
        ? 'WITH …'
        : `${words[0]?.toUpperCase()} ${words[0]?.toUpperCase() === 'SELECT' ? '' : (words.find((word, i) => i > 0 && word.includes('.')) ?? '')}`.trim();
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  db.query = ((text: string, params?: readonly unknown[]) => {
    count(text);
    return original.call(db, text, params);
  }) as Database['query'];
  const originalTransaction = db.transaction;
  db.transaction = ((fn: Parameters<Database['transaction']>[0]) =>
    originalTransaction.call(db, (tx) => {
      count('transaction');
      return fn({ ...tx, query: (text, params) => (count(text), tx.query(text, params)) });
    })) as Database['transaction'];
  return {
    stop() {
      db.query = original;
      db.transaction = originalTransaction;
      return counts;
    },
  };
}

/** CPU seconds of a process plus its waited-for children (/proc/<pid>/stat utime, stime, cutime, cstime). */
async function cpuSecondsOf(pid: number | 'self'): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / CLOCK_TICKS;
}

/** The fake's process: started once, serving every side of the race. */
let fakeProcess: ChildProcess | undefined;

/** CPU seconds so far of this process (the hub, the peers once waited for) and of the fake's process. */
async function cpuSecondsSoFar(): Promise<number> {
  return (await cpuSecondsOf('self')) + (fakeProcess?.pid ? await cpuSecondsOf(fakeProcess.pid) : 0);
}

async function startFakeProcess(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fake-instagram-process.ts'), dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the fake Instagram exited with ${code} before it was ready`)));
  });
  await ready;
  return child;
}

async function mediaFilesUnder(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && MEDIA_FILE.test(entry.name)).length;
}

async function runPeer(command: Command, dir: string, outDir: string): Promise<RaceResult> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(dir, 'home'),
    LANG: 'C.UTF-8',
    REQUESTS_CA_BUNDLE: join(dir, 'ca.pem'),
    SSL_CERT_FILE: join(dir, 'ca.pem'),
  };
  const started = performance.now();
  const cpuBefore = await cpuSecondsSoFar();
  let log = '';
  let ok = true;
  try {
    const done = await run(command.tool, command.args, { env, cwd: dir, timeout: 600_000, maxBuffer: 16 << 20 });
    log = `${done.stdout}\n${done.stderr}`;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    ok = false;
    log = `${failed.stdout ?? ''}\n${failed.stderr ?? String(error)}`;
  }
  const ms = performance.now() - started;
  const cpuSeconds = (await cpuSecondsSoFar()) - cpuBefore;
  const files = await mediaFilesUnder(outDir);
  return {
    tool: command.tool,
    ms,
    cpuSeconds,
    files,
    ok: ok && files >= ARCHIVE_FILES,
    log: log.trim().split('\n').slice(-10).join('\n'),
  };
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: profile-archive-runner.ts <dir>');
  const fake = await startFakeProcess(dir);
  fakeProcess = fake;
  try {
    await race(dir);
  } finally {
    // Stopped however the race ended: a fake left running would hold the namespace's output open.
    if (fake.exitCode === null && fake.signalCode === null) {
      fake.kill('SIGTERM');
      await once(fake, 'exit');
    }
  }
}

/** One user's archive of the profile, from the POST to the download's end event. */
async function timeHubArchive(h: Harness, user: typeof ALICE, tool: RaceResult['tool']): Promise<RaceResult> {
  let downloadId: string | undefined;
  // The service's own end event, not polling (a GET every few ms would load the database it is timing).
  const ended = new Promise<void>((resolve) => {
    const unsubscribe = h.context.events.subscribe((event) => {
      if ((event.name === 'download.completed' || event.name === 'download.failed') && event.data.id === downloadId) {
        unsubscribe();
        resolve();
      }
    });
  });
  const statements = countStatements(h.context.db);
  const started = performance.now();
  const cpuBefore = await cpuSecondsSoFar();
  downloadId = (await h.download(user, { url: `https://www.instagram.com/${USERNAME}/` })).id;
  await ended;
  const ms = performance.now() - started;
  const cpuSeconds = (await cpuSecondsSoFar()) - cpuBefore;
  const statementCounts = statements.stop();
  // The end event has been published: one read, no poller (vi.waitFor needs vitest's worker state).
  const done = (await h.request(user, 'GET', `/api/downloads/${downloadId}`)).json as DownloadView;
  return {
    tool,
    ms,
    cpuSeconds,
    statements: statementCounts,
    files: done.progress.filesDone,
    ok: done.status === 'completed' && done.progress.filesDone >= ARCHIVE_FILES,
    log: done.status === 'completed' ? '' : JSON.stringify(done.error),
  };
}

async function race(dir: string): Promise<void> {
  // The harness's own fake (on a loopback port) stays unused: the hub is pointed at the real host names, which this
  // namespace's /etc/hosts gives to the fake's process.
  const h = await startHarness({
    env: { INSTAGRAM_WEB_URL: `https://${REAL_HOST_NAMES.web}`, INSTAGRAM_API_URL: `https://${REAL_HOST_NAMES.api}` },
    // Production timings (progress saved every 500 ms, the queue polled every 500 ms).
    settings: { progressIntervalMs: 500, idleTimeoutMs: 30_000 },
    queuePollMs: 500,
  });
  const results: RaceResult[] = [];
  try {
    // The first archive after the hub started pays for V8 compiling its hot code (the database's WebAssembly and
    // the services' JavaScript, ~1.2 CPU s on background threads); a hub that has been running has done that. Both
    // are timed: the same profile for two users, whose libraries are separate (the second one transfers everything
    // again).
    results.push(await timeHubArchive(h, ALICE, 'hub'));
    results.push(await timeHubArchive(h, BOB, 'hub (running)'));
    if (process.env.BENCH_ARCHIVE_PEERS === '0') return;
    const target = { username: USERNAME, viewer: USERNAME, shortcode: 'unused' };
    const pick = (commands: Command[]) => commands.find((command) => command.scenario === 'profile (anonymous)')!;
    const galleryOut = join(dir, 'out', 'gallery-dl');
    results.push(await runPeer(pick(galleryDlCommands(target, galleryOut, '')), dir, galleryOut));
    const instaloaderOut = join(dir, 'out', 'instaloader');
    results.push(await runPeer(pick(instaloaderCommands(target, instaloaderOut, '')), dir, instaloaderOut));
  } finally {
    await h.close();
    await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  }
}

if (process.argv[1]?.endsWith('profile-archive-runner.ts')) await main();
