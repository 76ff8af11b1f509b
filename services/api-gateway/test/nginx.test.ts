/**
 * The real nginx (Debian package `nginx`) in front of an in-process gateway, with the shipped config files.
 * Skipped loudly when nginx is not installed; a failure when CI is set (CI installs it).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from 'undici';
import { alice, bearer, startGateway, type GatewayHarness } from './support.js';

const NGINX_DIR = path.resolve(import.meta.dirname, '..');
const nginxBinary = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((candidate) => {
  try {
    execFileSync(candidate, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!nginxBinary) {
  if (process.env.CI) throw new Error('nginx is required in CI (apt-get install -y nginx)');
  console.warn('\n!!! SKIPPING nginx tests: nginx is not installed (apt-get install -y nginx). !!!\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  await vi.waitFor(async () => expect(await accepts(), `nginx listens on ${port}`).toBe(true), {
    timeout: timeoutMs,
    interval: 100,
  });
}

/** Copies the shared config pieces into `dir`, pointing the upstream at `gatewayPort`. */
async function layOut(dir: string, gatewayPort: number): Promise<void> {
  await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
  await fs
    .copyFile('/etc/nginx/mime.types', path.join(dir, 'mime.types'))
    .catch(() => fs.writeFile(path.join(dir, 'mime.types'), 'types { text/html html; }\n'));
  for (const file of ['http-common.conf', 'locations.conf'])
    await fs.copyFile(path.join(NGINX_DIR, 'nginx', file), path.join(dir, file));
  const upstream = await fs.readFile(path.join(NGINX_DIR, 'nginx', 'upstream.conf'), 'utf8');
  await fs.writeFile(path.join(dir, 'upstream.conf'), upstream.replace('api-gateway:8080', `127.0.0.1:${gatewayPort}`));
}

describe.runIf(nginxBinary)('nginx in front of the gateway', () => {
  let h: GatewayHarness;
  let nginx: ChildProcess;
  let tmp: string;
  let edge: string;
  let gatewayPort: number;
  const stderr: string[] = [];

  beforeAll(async () => {
    h = await startGateway({
      gateway: { heartbeatMs: 60_000 },
      extend: {
        'file-service': (app) => {
          app.get('/api/files/:id/content', async (request, reply) => {
            const body = Buffer.from('0123456789abcdefghij');
            const match = /^bytes=(\d+)-(\d+)$/.exec(String(request.headers.range ?? ''));
            if (!match) return reply.type('video/mp4').send(body);
            const [start, end] = [Number(match[1]), Number(match[2])];
            return reply
              .code(206)
              .header('content-range', `bytes ${start}-${end}/${body.length}`)
              .type('video/mp4')
              .send(body.subarray(start, end + 1));
          });
        },
      },
    });
    await h.gateway.listen({ host: '127.0.0.1', port: 0 });
    gatewayPort = (h.gateway.server.address() as AddressInfo).port;
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-nginx-'));
    await layOut(tmp, gatewayPort);
    const port = await freePort();
    const template = await fs.readFile(path.join(NGINX_DIR, 'nginx', 'plain-http.conf.template'), 'utf8');
    await fs.writeFile(
      path.join(tmp, 'nginx.conf'),
      template.replace(/listen __LISTEN__;/, `listen 127.0.0.1:${port};`),
    );
    nginx = spawn(
      nginxBinary!,
      [
        '-p',
        tmp,
        '-c',
        path.join(tmp, 'nginx.conf'),
        '-e',
        path.join(tmp, 'logs', 'error.log'),
        '-g',
        `daemon off; pid ${path.join(tmp, 'nginx.pid')};`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    nginx.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    await waitForPort(port).catch(async (error: Error) => {
      const log = await fs.readFile(path.join(tmp, 'logs', 'error.log'), 'utf8').catch(() => '');
      throw new Error(
        `${error.message}; exit ${String(nginx.exitCode)}; stderr: ${stderr.join('')}; error.log: ${log}`,
      );
    });
    edge = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await h?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('proxies an API request with the client address and a request id', async () => {
    const response = await request(`${edge}/api/files?x=1`, {
      headers: { ...(await bearer(h.tokens, alice)), 'x-forwarded-for': '6.6.6.6' },
    });
    expect(response.statusCode).toBe(200);
    const echo = (await response.body.json()) as { url: string; headers: Record<string, string> };
    expect(echo.url).toBe('/api/files?x=1');
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-request-id']).toMatch(/^[a-f0-9]{32}$/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it("passes the client's request id on when it is well-formed, and uses its own otherwise", async () => {
    const echo = async (id: string) => {
      const response = await request(`${edge}/api/files`, {
        headers: { ...(await bearer(h.tokens, alice)), 'x-request-id': id },
      });
      return ((await response.body.json()) as { headers: Record<string, string> }).headers['x-request-id'];
    };
    expect(await echo('client-trace.42:a_b')).toBe('client-trace.42:a_b');
    expect(await echo('bad id with spaces')).toMatch(/^[a-f0-9]{32}$/);
    expect(await echo('x'.repeat(129))).toMatch(/^[a-f0-9]{32}$/);
  });

  it('keeps the gateway /metrics and /ready off the public edge', async () => {
    for (const path of ['/metrics', '/ready']) {
      const response = await request(`${edge}${path}`);
      await response.body.dump();
      expect(response.statusCode, path).toBe(404);
    }
  });

  it('passes Range requests through (206 + Content-Range)', async () => {
    const response = await request(`${edge}/api/files/f1/content`, {
      headers: { ...(await bearer(h.tokens, alice)), range: 'bytes=3-7' },
    });
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe('bytes 3-7/20');
    expect(await response.body.text()).toBe('34567');
  });

  it('delivers SSE events as they happen, unbuffered', async () => {
    const response = await request(`${edge}/api/events`, { headers: await bearer(h.tokens, alice) });
    response.body.on('error', () => undefined);
    expect(response.statusCode).toBe(200);
    let text = '';
    response.body.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    // The gateway subscribes before it writes `: connected`; that line getting through is the first sign.
    await vi.waitFor(() => expect(text).toContain(': connected'), { timeout: 10_000, interval: 10 });
    await h.events.publish('download.completed', {
      id: 'd-live',
      ownerId: alice.userId,
      fileIds: [],
      progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    });
    // A single small event would sit in nginx's buffer, while the stream stays open, without `proxy_buffering off`
    // (or the gateway's X-Accel-Buffering: no): it arrives only because nothing buffers it.
    await vi.waitFor(() => expect(text).toContain('d-live'), { timeout: 10_000, interval: 10 });
    response.body.destroy();
  });

  it('passes a curl -F upload above 1 MB (Expect: 100-continue) through to the service whole', async () => {
    const file = path.join(tmp, 'video.mp4');
    await fs.writeFile(file, Buffer.alloc(3 * 1024 * 1024, 7));
    const token = (await bearer(h.tokens, alice)).authorization!;
    // Asynchronously: the gateway answers from this same process.
    const { stdout: output } = await promisify(execFile)('curl', [
      '-sS',
      '-F',
      `file=@${file}`,
      '-H',
      `Authorization: ${token}`,
      '-w',
      '\n%{http_code}',
      `${edge}/api/files`,
    ]);
    const [body, status] = output.split(/\n(?=\d{3}$)/);
    expect(status, body).toBe('200');
    const echo = JSON.parse(body!) as { bodyBytes: number; headers: Record<string, string> };
    expect(echo.bodyBytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(echo.headers.expect).toBeUndefined();
  });

  it('accepts the production TLS config (nginx -t with a throwaway certificate)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-nginx-tls-'));
    try {
      await fs.mkdir(path.join(dir, 'nginx'));
      await layOut(path.join(dir, 'nginx'), gatewayPort);
      await fs.copyFile(path.join(dir, 'nginx', 'mime.types'), path.join(dir, 'mime.types'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
          '-keyout',
          path.join(dir, 'tls.key'),
          '-out',
          path.join(dir, 'tls.crt'),
        ],
        { stdio: 'ignore' },
      );
      const config = (await fs.readFile(path.join(NGINX_DIR, 'nginx.conf'), 'utf8'))
        .replaceAll('/etc/nginx/tls/', `${dir}/`)
        .replace('/dev/stdout', `${dir}/access.log`)
        .replace('/dev/stderr', `${dir}/error.log`);
      expect(config).toMatch(/listen 443 ssl/);
      expect(config).toMatch(/return 301 https:\/\/\$host\$request_uri/);
      await fs.writeFile(path.join(dir, 'nginx.conf'), config);
      const output = execFileSync(
        nginxBinary!,
        [
          '-t',
          '-p',
          dir,
          '-c',
          path.join(dir, 'nginx.conf'),
          '-e',
          path.join(dir, 'error.log'),
          '-g',
          `pid ${path.join(dir, 'nginx.pid')};`,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      expect(output).toBe('');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
