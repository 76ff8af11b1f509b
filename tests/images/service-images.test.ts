// Every image starts on its own and answers /health, /ready and /metrics, as a non-root user with a read-only
// root filesystem (only /data, a volume, and a /tmp tmpfs are writable), all capabilities dropped.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SERVICE_PORTS } from '@smh/shared';
import { getInside, image, logsOf, podman, requirePodmanStore } from './support/podman.js';

requirePodmanStore();
const RUN = `smoke-${process.pid}`;
const IMAGES: [string, number][] = [...Object.entries(SERVICE_PORTS), ['all-in-one', 8080]];
const started: string[] = [];

afterAll(async () => {
  if (started.length > 0) await podman('rm', '--force', '--time', '0', '--volumes', ...started).catch(() => undefined);
});

describe.each(IMAGES)('image smh/%s', (service, port) => {
  const name = `${RUN}-${service}`;

  it('serves /health, /ready and /metrics as uid 1000 on a read-only root filesystem', async () => {
    await podman(
      'run',
      '--detach',
      '--name',
      name,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '--env',
      'LOG_LEVEL=warn',
      image(service),
    );
    started.push(name);

    await vi.waitFor(
      async () => {
        const ready = await getInside(name, port, '/ready');
        if (ready.status !== 200) throw new Error(`/ready: ${ready.status} ${ready.body}\n${await logsOf(name)}`);
      },
      { timeout: 90_000, interval: 1000 },
    );
    const health = await getInside(name, port, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    const metrics = await getInside(name, port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('# TYPE http_requests_total counter');

    expect((await podman('exec', name, 'id', '-u')).trim()).toBe('1000');
    expect((await podman('inspect', '--format', '{{.HostConfig.ReadonlyRootfs}}', name)).trim()).toBe('true');
    await expect(podman('exec', name, 'touch', '/app/written')).rejects.toThrow(/Read-only file system/);
    // The image runs compiled JavaScript: no TypeScript sources, no tsx, no npm.
    const listing = await podman(
      'exec',
      name,
      'sh',
      '-c',
      'find /app -name "*.ts" -not -path "*/node_modules/*" | head -3; ls /app/node_modules/tsx /usr/local/bin/npm 2>&1 | head -2',
    );
    expect(listing).not.toMatch(/\.ts\n/);
    expect(listing).toMatch(/No such file or directory[\s\S]*No such file or directory/);
  });
});
