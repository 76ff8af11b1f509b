// Facts the infrastructure files must agree with: service names and seed ports, and the metric names
import { spawnSync } from 'node:child_process';
// that the services export (docs/deployment.md, "Monitoring").
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

export interface SeedService {
  name: string;
  port: number;
  /** Where its /metrics is, when not on `port` (the gateway's public port has none): METRICS_PORT. */
  metricsPort?: number;
  /** Mounts the shared media library (SMH_DATA_DIR). */
  media: boolean;
  /** Its image carries Debian's ffmpeg. */
  ffmpeg: boolean;
}

export const SERVICES: readonly SeedService[] = [
  { name: 'api-gateway', port: 8080, metricsPort: 9464, media: false, ffmpeg: false },
  { name: 'download-service', port: 8001, media: true, ffmpeg: false },
  { name: 'video-service', port: 8002, media: true, ffmpeg: true },
  { name: 'account-service', port: 8003, media: false, ffmpeg: false },
  { name: 'file-service', port: 8004, media: true, ffmpeg: false },
  { name: 'scheduler-service', port: 8005, media: false, ffmpeg: false },
];

export const serviceByName = (name: string): SeedService | undefined => SERVICES.find((s) => s.name === name);

/** The gateway's env variable for each back-end service, e.g. DOWNLOAD_SERVICE_URL → http://download-service:8001. */
export const SERVICE_URL_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  SERVICES.filter((s) => s.name !== 'api-gateway').map((s) => [
    `${s.name.toUpperCase().replace(/-/g, '_')}_URL`,
    `http://${s.name}:${s.port}`,
  ]),
);

/** Application metrics (prom-client) by type; histograms also expose _bucket/_sum/_count series. */
export const APP_COUNTERS = [
  'http_requests_total',
  'smh_jobs_total',
  'smh_download_bytes_total',
  'smh_download_files_total',
  'smh_downloads_total',
  'smh_instagram_requests_total',
  'smh_video_jobs_total',
] as const;
export const APP_GAUGES = ['smh_queue_jobs'] as const;
export const APP_HISTOGRAMS = ['http_request_duration_seconds', 'smh_ffmpeg_duration_seconds'] as const;

/** Series that Prometheus itself adds to every scrape target. */
export const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'] as const;

/** Every series name a PromQL expression in this repository may use. Node defaults come from prom-client itself. */
export async function exportedSeriesNames(): Promise<Set<string>> {
  const client = await import('prom-client');
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const defaults = (await registry.getMetricsAsJSON()).map((m) => ({
    name: m.name,
    histogram: String(m.type) === 'histogram',
  }));
  const names = new Set<string>([...APP_COUNTERS, ...APP_GAUGES, ...PROMETHEUS_SERIES]);
  const histograms = [...APP_HISTOGRAMS, ...defaults.filter((m) => m.histogram).map((m) => m.name)];
  for (const m of defaults.filter((d) => !d.histogram)) names.add(m.name);
  for (const h of histograms) for (const suffix of ['_bucket', '_sum', '_count']) names.add(h + suffix);
  return names;
}

/** Fails under CI, warns loudly elsewhere: for checks that need a tool missing on a developer machine. */
export function toolMissing(tool: string, install: string): 'skip' {
  const message = `${tool} is not installed: ${install}`;
  if (process.env.CI || process.env.SMH_REQUIRE_SERVICES === '1')
    throw new Error(`${message} (required when CI or SMH_REQUIRE_SERVICES is set)`);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return 'skip';
}

/** KUBECTL_INSTALL: Debian's kubernetes-client (1.20) is too old for `kubectl kustomize` of our manifests. */
export const KUBECTL_INSTALL = 'install kubectl >= 1.27 (https://kubernetes.io/docs/tasks/tools/)';
export const hasKubectl = !spawnSync('kubectl', ['version', '--client']).error;

/** Inside a test that needs `tool`: nothing when it is there; else fails under CI, or skips the test loudly. */
export function needTool(
  context: { skip: (note?: string) => void },
  available: boolean,
  tool: string,
  install: string,
) {
  if (available) return;
  toolMissing(tool, install);
  context.skip(`${tool} is not installed`);
}
