/** The real nginx with the project's plain-HTTP edge config (services/api-gateway/nginx/), upstream → a gateway port. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { freePort, portOpen, spawnManaged, stopManaged, waitUntil, type ManagedProcess } from './processes.js';

const NGINX_DIR = path.resolve(import.meta.dirname, '../../../services/api-gateway/nginx');

/** Writes the edge config into `dir` (pure file layout: the shipped pieces, two substitutions). */
export async function layOutNginx(dir: string, gatewayPort: number, listenPort: number): Promise<string> {
  await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
  await fs
    .copyFile('/etc/nginx/mime.types', path.join(dir, 'mime.types'))
    .catch(() => fs.writeFile(path.join(dir, 'mime.types'), 'types { text/html html; }\n'));
  for (const file of ['http-common.conf', 'locations.conf'])
    await fs.copyFile(path.join(NGINX_DIR, file), path.join(dir, file));
  const upstream = await fs.readFile(path.join(NGINX_DIR, 'upstream.conf'), 'utf8');
  if (!upstream.includes('api-gateway:8080'))
    throw new Error('nginx/upstream.conf no longer points at api-gateway:8080; update the e2e layout');
  await fs.writeFile(path.join(dir, 'upstream.conf'), upstream.replace('api-gateway:8080', `127.0.0.1:${gatewayPort}`));
  const template = await fs.readFile(path.join(NGINX_DIR, 'plain-http.conf.template'), 'utf8');
  if (!template.includes('listen __LISTEN__;'))
    throw new Error('plain-http.conf.template lost its __LISTEN__ placeholder');
  const config = path.join(dir, 'nginx.conf');
  await fs.writeFile(config, template.replace('listen __LISTEN__;', `listen 127.0.0.1:${listenPort};`));
  return config;
}

export interface Edge {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startNginx(
  binary: string,
  options: { gatewayPort: number; dir: string; logDir: string },
): Promise<Edge> {
  const port = await freePort();
  const config = await layOutNginx(options.dir, options.gatewayPort, port);
  const nginx = spawnManaged(
    'nginx',
    binary,
    [
      '-p',
      options.dir,
      '-c',
      config,
      '-e',
      path.join(options.dir, 'logs', 'error.log'),
      '-g',
      `daemon off; pid ${path.join(options.dir, 'nginx.pid')};`,
    ],
    { logDir: options.logDir },
  );
  await waitUntil(
    'nginx to listen',
    async () => {
      if (!nginx.running()) throw new Error(`nginx exited: ${nginx.tail()}`);
      return (await portOpen(port)) || undefined;
    },
    { timeoutMs: 10_000, describe: () => nginx.tail() },
  );
  return { url: `http://127.0.0.1:${port}`, process: nginx, stop: () => stopManaged(nginx) };
}
