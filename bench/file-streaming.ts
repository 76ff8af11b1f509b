/**
 * File streaming: the file-service (its own process, as in distributed mode) against nginx serving the same
 * file from the same disk, sequential and parallel GETs of one large file with undici; plus the file-service's
 * RSS growth while it streams (it must stay flat: files are streamed, never buffered).
 *
 *   npx tsx bench/file-streaming.ts          (BENCH_FILE_MB=512 by default; nginx must be installed)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { createTokenService } from '@smh/shared';
import type { BenchResult } from './index.js';

const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 512);
const SEQUENTIAL = 3;
const PARALLEL = 4;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STORAGE_KEY = 'bench/big.mp4';

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

/** Writes `megabytes` of incompressible bytes, hashing on the way. */
async function writeBigFile(file: string, megabytes: number): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < megabytes; i += 1) {
    block.writeUInt32LE(i, 0);
    hash.update(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const response = await request(url);
      await response.body.dump();
      if (response.statusCode < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function nginxConfig(prefix: string, port: number, root: string): string {
  const asRoot = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${asRoot}worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  types { video/mp4 mp4; }
  server { listen 127.0.0.1:${port}; root ${root}; }
}
`;
}

async function startNginx(prefix: string, root: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  await fs.mkdir(prefix, { recursive: true });
  await fs.writeFile(path.join(prefix, 'nginx.conf'), nginxConfig(prefix, port, root));
  const child = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.once('error', () => undefined);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/`, child, 10_000);
  return { child, base };
}

async function startFileService(dataDir: string, secret: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/file-service/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SMH_DATA_DIR: dataDir,
      SMH_SECRET_KEY: secret,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/ready`, child);
  return { child, base };
}

/** Resident set size of a process (Linux), in bytes. */
async function rssOf(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

async function download(url: string, headers: Record<string, string>): Promise<number> {
  const response = await request(url, { headers });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Buffer).length;
  return bytes;
}

/** MB/s over `SEQUENTIAL` downloads one after another, and over `PARALLEL` at once. */
async function throughput(
  url: string,
  headers: Record<string, string>,
  expected: number,
): Promise<{ sequential: number; parallel: number }> {
  const check = (bytes: number) => {
    if (bytes !== expected) throw new Error(`GET ${url}: ${bytes} bytes instead of ${expected}`);
  };
  check(await download(url, headers)); // warm-up: page cache, JIT, connections
  let started = performance.now();
  for (let i = 0; i < SEQUENTIAL; i += 1) check(await download(url, headers));
  const sequential = (SEQUENTIAL * expected) / 1e6 / ((performance.now() - started) / 1000);
  started = performance.now();
  (await Promise.all(Array.from({ length: PARALLEL }, () => download(url, headers)))).forEach(check);
  const parallel = (PARALLEL * expected) / 1e6 / ((performance.now() - started) / 1000);
  return { sequential, parallel };
}

export async function run(): Promise<BenchResult[]> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-bench-files-'));
  const dataDir = path.join(work, 'data');
  const secret = randomBytes(32).toString('hex');
  const tokens = createTokenService(secret);
  const children: ChildProcess[] = [];
  try {
    const size = FILE_MB * 1024 * 1024;
    const sha256 = await writeBigFile(path.join(dataDir, 'media', ...STORAGE_KEY.split('/')), FILE_MB);
    const service = await startFileService(dataDir, secret);
    children.push(service.child);
    const nginx = await startNginx(path.join(work, 'nginx'), path.join(dataDir, 'media'));
    children.push(nginx.child);

    const ownerId = '00000000-0000-4000-8000-000000000001';
    const registered = await request(`${service.base}/internal/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-smh-service-token': await tokens.signService('bench') },
      body: JSON.stringify({
        ownerId,
        storageKey: STORAGE_KEY,
        name: 'big.mp4',
        mime: 'video/mp4',
        size,
        sha256,
        origin: { kind: 'upload' },
      }),
    });
    if (registered.statusCode !== 201)
      throw new Error(`register: ${registered.statusCode} ${await registered.body.text()}`);
    const { file } = (await registered.body.json()) as { file: { id: string } };
    const identity = {
      'x-smh-identity': await tokens.signIdentity({ userId: ownerId, username: 'bench', role: 'user' }),
    };

    const pid = service.child.pid as number;
    const rssBefore = await rssOf(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(
      () =>
        void rssOf(pid).then(
          (rss) => (rssPeak = Math.max(rssPeak, rss)),
          () => undefined,
        ),
      50,
    );
    const ours = await throughput(`${service.base}/api/files/${file.id}/content`, identity, size).finally(() =>
      clearInterval(sampler),
    );
    const theirs = await throughput(`${nginx.base}/${STORAGE_KEY}`, {}, size);

    const growthMb = (rssPeak - rssBefore) / 1e6;
    const results: BenchResult[] = [
      {
        name: `sequential GET ×${SEQUENTIAL} of ${FILE_MB} MiB`,
        value: ours.sequential,
        unit: 'MB/s',
        reference: theirs.sequential,
        ratio: ours.sequential / theirs.sequential,
        note: 'reference: nginx 1 worker, sendfile, same file',
      },
      {
        name: `parallel GET ×${PARALLEL} of ${FILE_MB} MiB`,
        value: ours.parallel,
        unit: 'MB/s',
        reference: theirs.parallel,
        ratio: ours.parallel / theirs.parallel,
        note: 'aggregate throughput',
      },
      {
        name: 'file-service RSS growth while streaming',
        value: growthMb,
        unit: 'MB',
        reference: size / 1e6,
        ratio: growthMb / (size / 1e6),
        note: `peak ${(rssPeak / 1e6).toFixed(0)} MB vs ${(rssBefore / 1e6).toFixed(0)} MB before; reference = file size (what buffering would cost)`,
      },
    ];
    for (const result of results) {
      process.stdout.write(
        `  ${result.name}: ${result.value.toFixed(1)} ${result.unit} (reference ${result.reference.toFixed(1)}, ratio ${result.ratio.toFixed(2)})\n`,
      );
    }
    return results;
  } finally {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
    await fs.rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await run();
  console.table(results);
}
