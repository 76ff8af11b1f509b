// Every image starts from `podman run` with its own defaults and answers /health, /ready and /metrics, as uid
// 1000 with a read-only root filesystem (only the /data volume and a /tmp tmpfs are writable) and every
// capability dropped. The six service images run in distributed mode against PostgreSQL and Redis containers;
// the all-in-one image runs alone in embedded mode (PGlite and the durable queue under /data).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SERVICE_PORTS } from '@smh/shared';
import { getInside, image, logsOf, podman, requirePodmanStore } from './support/podman.js';

requirePodmanStore();
const RUN = `smoke-${process.pid}`;
const NETWORK = `${RUN}-net`;
const IMAGES: [string, number][] = [...Object.entries(SERVICE_PORTS), ['all-in-one', 8080]];
const containers: string[] = [];

/** The gateway and the all-in-one hub serve /metrics on METRICS_PORT (9464), not on their public port. */
const metricsPortOf = (service: string, port: number) =>
  service === 'api-gateway' || service === 'all-in-one' ? 9464 : port;

const HARDENED = ['--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

beforeAll(async () => {
  await podman('network', 'create', NETWORK);
  const postgres = `${RUN}-postgres`;
  const redis = `${RUN}-redis`;
  containers.push(postgres, redis);
  await podman(
    'run',
    '--detach',
    '--name',
    postgres,
    '--network',
    NETWORK,
    '--env',
    'POSTGRES_USER=smh',
    '--env',
    'POSTGRES_PASSWORD=smh',
    '--env',
    'POSTGRES_DB=smh',
    'postgres:15-bookworm',
  );
  await podman('run', '--detach', '--name', redis, '--network', NETWORK, 'redis:7-bookworm');
  await vi.waitFor(() => podman('exec', postgres, 'pg_isready', '-q', '-U', 'smh', '-d', 'smh'), {
    timeout: 60_000,
    interval: 1000,
  });
  // All at once: the machine's cores work on every start-up together.
  await Promise.all(
    IMAGES.map(async ([service]) => {
      const name = `${RUN}-${service}`;
      const stores =
        service === 'all-in-one'
          ? []
          : [
              '--network',
              NETWORK,
              '--env',
              `DATABASE_URL=postgres://smh:smh@${postgres}:5432/smh`,
              '--env',
              `REDIS_URL=redis://${redis}:6379`,
            ];
      await podman(
        'run',
        '--detach',
        '--name',
        name,
        ...HARDENED,
        '--env',
        'LOG_LEVEL=warn',
        ...stores,
        image(service),
      );
      containers.push(name);
    }),
  );
});

afterAll(async () => {
  if (containers.length > 0)
    await podman('rm', '--force', '--time', '0', '--volumes', ...containers).catch(() => undefined);
  await podman('network', 'rm', '--force', NETWORK).catch(() => undefined);
});

describe.each(IMAGES)('image smh/%s', (service, port) => {
  const name = `${RUN}-${service}`;

  it('serves /health, /ready and /metrics as uid 1000 on a read-only root filesystem', async () => {
    await vi.waitFor(
      async () => {
        const ready = await getInside(name, port, '/ready');
        if (ready.status !== 200) throw new Error(`/ready: ${ready.status} ${ready.body}\n${await logsOf(name)}`);
      },
      { timeout: 150_000, interval: 1000 },
    );
    const health = await getInside(name, port, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    const metrics = await getInside(name, metricsPortOf(service, port), '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('# TYPE http_requests_total counter');
    if (metricsPortOf(service, port) !== port) expect((await getInside(name, port, '/metrics')).status).toBe(404);

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
