/**
 * The distributed hub as real OS processes: every service runs `node --import tsx services/<name>/src/main.ts`
 * on a free port (some with several replicas on the same queues), the gateway routes to them over HTTP.
 */
import path from 'node:path';
import { request } from 'undici';
import { BACKEND_SERVICES, type BackendServiceName, type ServiceName } from '@smh/shared';
import { freePort, spawnManaged, stopManaged, waitUntil, type ManagedProcess } from './processes.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

const URL_VARIABLES: Record<BackendServiceName, string> = {
  'download-service': 'DOWNLOAD_SERVICE_URL',
  'video-service': 'VIDEO_SERVICE_URL',
  'account-service': 'ACCOUNT_SERVICE_URL',
  'file-service': 'FILE_SERVICE_URL',
  'scheduler-service': 'SCHEDULER_SERVICE_URL',
};

export interface HubSettings {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
  secretKey: string;
  instagram: { webUrl: string; apiUrl: string };
  /** Extra variables for every process (e.g. OTEL_EXPORTER_OTLP_ENDPOINT, SMH_QUEUE_LOCK_MS). */
  env?: Record<string, string>;
}

/** The environment of one service process (pure). `primaries` are the ports the *_SERVICE_URLs point at. */
export function serviceEnvironment(
  settings: HubSettings,
  port: number,
  primaries: Record<BackendServiceName, number>,
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    REDIS_PREFIX: settings.redisPrefix,
    SMH_DATA_DIR: settings.dataDir,
    SMH_SECRET_KEY: settings.secretKey,
    INSTAGRAM_WEB_URL: settings.instagram.webUrl,
    INSTAGRAM_API_URL: settings.instagram.apiUrl,
    INSTAGRAM_MIN_INTERVAL_MS: '0',
    SMH_ALLOW_PRIVATE_URLS: 'true',
    LOG_LEVEL: 'info',
  };
  for (const service of BACKEND_SERVICES) env[URL_VARIABLES[service]] = `http://127.0.0.1:${primaries[service]}`;
  return { ...env, ...settings.env };
}

export interface ServiceInstance {
  service: ServiceName;
  replica: number;
  port: number;
  /** The gateway's METRICS_PORT (its public port has no /metrics); services serve /metrics on `port`. */
  metricsPort?: number;
  url: string;
  process: ManagedProcess;
}

export interface DistributedHub {
  gateway: ServiceInstance;
  instances: ServiceInstance[];
  instancesOf(service: ServiceName): ServiceInstance[];
  /** Starts a stopped or crashed instance again on its port and waits until it is ready. */
  restart(instance: ServiceInstance): Promise<void>;
  stop(): Promise<void>;
}

async function waitReady(instance: ServiceInstance, timeoutMs: number): Promise<void> {
  await waitUntil(
    `${instance.process.name} /ready`,
    async () => {
      if (!instance.process.running()) throw new Error(`${instance.process.name} exited:\n${instance.process.tail()}`);
      const response = await request(`${instance.url}/ready`);
      await response.body.dump();
      return response.statusCode === 200 || undefined;
    },
    { timeoutMs, intervalMs: 300, describe: () => instance.process.tail() },
  );
}

export async function startDistributedHub(
  settings: HubSettings,
  options: { logDir: string; replicas?: Partial<Record<BackendServiceName, number>>; readyTimeoutMs?: number },
): Promise<DistributedHub> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const plan: Array<{ service: ServiceName; replica: number; port: number }> = [];
  for (const service of BACKEND_SERVICES) {
    for (let replica = 1; replica <= (options.replicas?.[service] ?? 1); replica += 1)
      plan.push({ service, replica, port: await freePort() });
  }
  const primaries = Object.fromEntries(
    plan.filter((entry) => entry.replica === 1).map((entry) => [entry.service, entry.port]),
  ) as Record<BackendServiceName, number>;
  const spawnInstance = (entry: {
    service: ServiceName;
    replica: number;
    port: number;
    metricsPort?: number;
  }): ServiceInstance => ({
    ...entry,
    url: `http://127.0.0.1:${entry.port}`,
    process: spawnManaged(
      `${entry.service}-${entry.replica}`,
      process.execPath,
      ['--import', 'tsx', `services/${entry.service}/src/main.ts`],
      {
        cwd: REPO_ROOT,
        env: {
          ...serviceEnvironment(settings, entry.port, primaries),
          ...(entry.metricsPort === undefined ? {} : { METRICS_PORT: String(entry.metricsPort) }),
        },
        logDir: options.logDir,
      },
    ),
  });

  const instances: ServiceInstance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((instance) => stopManaged(instance.process, 8000)));
  };
  try {
    instances.push(...plan.map(spawnInstance));
    await Promise.all(instances.map((instance) => waitReady(instance, readyTimeoutMs)));
    const gateway = spawnInstance({
      service: 'api-gateway',
      replica: 1,
      port: await freePort(),
      metricsPort: await freePort(),
    });
    instances.push(gateway);
    await waitReady(gateway, readyTimeoutMs);
    return {
      gateway,
      instances,
      instancesOf: (service) => instances.filter((instance) => instance.service === service),
      async restart(instance) {
        if (instance.process.running()) await stopManaged(instance.process);
        instance.process = spawnInstance(instance).process;
        await waitReady(instance, readyTimeoutMs);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
