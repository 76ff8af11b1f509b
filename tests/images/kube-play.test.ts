/**
 * The Helm chart's Deployments, rendered by the real helm, started as pods with `podman kube play`: the images
 * built by this stage, the chart's security context (uid 1000, read-only root filesystem, no privilege
 * escalation), smh-config as a ConfigMap, smh-secrets as a podman secret pointing at a PostgreSQL and a Redis
 * container (the chart's "external" data stores). Every pod must become ready (GET /ready 200).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { SERVICE_PORTS } from '@smh/shared';
import { freePort } from '../e2e/support/processes.js';
import { helmTemplate } from '../integration/infrastructure/support/kube-tools.js';
import type { K8sObject } from '../integration/infrastructure/support/kubernetes.js';
import { IMAGE_TAG, getInside, logsOf, podman, requirePodmanStore } from './support/podman.js';

requirePodmanStore();
const RUN = `kube-${process.pid}`;
const NETWORK = `${RUN}-net`;
const dir = mkdtempSync(path.join(tmpdir(), 'smh-kube-'));
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};
const base64 = (text: string) => Buffer.from(text).toString('base64');

let deploymentsFile: string;
let deployments: K8sObject[];

beforeAll(async () => {
  await podman('network', 'create', NETWORK);
  await podman(
    'run',
    '--detach',
    '--name',
    `${RUN}-postgres`,
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
  await podman('run', '--detach', '--name', `${RUN}-redis`, '--network', NETWORK, 'redis:7-bookworm');
  await vi.waitFor(() => podman('exec', `${RUN}-postgres`, 'pg_isready', '-q', '-U', 'smh', '-d', 'smh'), {
    timeout: 60_000,
    interval: 1000,
  });

  const objects = helmTemplate({
    image: { registry: 'localhost/smh', tag: IMAGE_TAG, pullPolicy: 'Never' },
    config: { LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    // One pod per Deployment: podman kube play has no scheduler to spread replicas.
    services: Object.fromEntries(Object.keys(SERVICE_PORTS).map((name) => [name, { replicas: 1 }])),
  });
  deployments = objects.filter((o) => o.kind === 'Deployment');
  // podman 4.3 publishes every containerPort on the host: pin each to a free host port instead of the seed
  // port (which may be taken on this machine). Nothing else of the rendered objects changes.
  for (const deployment of deployments) {
    for (const port of deployment.spec.template.spec.containers[0].ports) port.hostPort = await freePort();
  }
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'smh-config')!;
  // podman takes a Secret as a podman secret holding a JSON map of base64 values (not as a YAML document).
  const secret = {
    SMH_SECRET_KEY: base64('kube-play-secret-key-0123456789abcdef0123'),
    DATABASE_URL: base64(`postgres://smh:smh@${RUN}-postgres:5432/smh`),
    REDIS_URL: base64(`redis://${RUN}-redis:6379`),
  };
  await podman('secret', 'create', 'smh-secrets', file('secret.json', JSON.stringify(secret)));
  deploymentsFile = file('deployments.yaml', deployments.map((d) => stringify(d)).join('---\n'));
  await podman(
    'kube',
    'play',
    '--network',
    NETWORK,
    '--configmap',
    file('configmap.yaml', stringify(configMap)),
    deploymentsFile,
  );
});

afterAll(async () => {
  if (deploymentsFile)
    await podman('kube', 'down', deploymentsFile).catch((error: Error) => console.error(error.message));
  await podman('rm', '--force', '--time', '0', `${RUN}-postgres`, `${RUN}-redis`).catch(() => undefined);
  await podman('secret', 'rm', 'smh-secrets').catch(() => undefined);
  await podman('volume', 'rm', '--force', 'smh-media').catch(() => undefined);
  await podman('network', 'rm', '--force', NETWORK).catch(() => undefined);
});

describe('the chart’s Deployments as pods (podman kube play)', () => {
  it('renders one Deployment per service, each with the locally built image', () => {
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(Object.keys(SERVICE_PORTS).sort());
    for (const d of deployments)
      expect(d.spec.template.spec.containers[0].image).toBe(`localhost/smh/${d.metadata!.name}:${IMAGE_TAG}`);
  });

  it.each(Object.entries(SERVICE_PORTS))(
    '%s becomes ready as uid 1000 on a read-only root filesystem',
    async (name, port) => {
      // kube play names a Deployment's pod <name>-pod-<n> and its container <pod>-<container name>.
      const container = (await podman('ps', '--all', '--format', '{{.Names}}'))
        .split('\n')
        .find((candidate) => candidate.startsWith(`${name}-pod-`) && candidate.endsWith(`-${name}`));
      if (!container) throw new Error(`no container of Deployment ${name}: ${await podman('ps', '--all')}`);
      await vi.waitFor(
        async () => {
          const ready = await getInside(container, port, '/ready');
          if (ready.status !== 200)
            throw new Error(`/ready: ${ready.status} ${ready.body}\n${await logsOf(container)}`);
        },
        { timeout: 120_000, interval: 1000 },
      );
      expect((await podman('exec', container, 'id', '-u')).trim()).toBe('1000');
      expect((await podman('inspect', '--format', '{{.HostConfig.ReadonlyRootfs}}', container)).trim()).toBe('true');
      // The gateway's /metrics is on the chart's metricsPort (9464), not on its public port.
      const metrics = await getInside(container, name === 'api-gateway' ? 9464 : port, '/metrics');
      expect(metrics.body).toContain(`service="${name}"`);
    },
  );
});
