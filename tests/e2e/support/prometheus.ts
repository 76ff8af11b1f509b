/** The real Prometheus server scraping the distributed services, queried over its HTTP API. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { freePort, spawnManaged, stopManaged, waitUntil, type ManagedProcess } from './processes.js';

export interface ScrapeTarget {
  service: string;
  port: number;
}

/** A scrape config for these targets (pure): like monitoring/prometheus/prometheus.yml, with a short interval. */
export function scrapeConfig(targets: readonly ScrapeTarget[], intervalSec = 1): string {
  const lines = [
    'global:',
    `  scrape_interval: ${intervalSec}s`,
    `  evaluation_interval: ${intervalSec}s`,
    'scrape_configs:',
    '  - job_name: smh-services',
    '    metrics_path: /metrics',
    '    honor_labels: true',
    '    static_configs:',
  ];
  for (const target of targets) {
    lines.push(
      `      - targets: ["127.0.0.1:${target.port}"]`,
      `        labels: { service: ${JSON.stringify(target.service)} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface Prometheus {
  url: string;
  process: ManagedProcess;
  /** Instant query; the sum of every series' value (0 when there is none). */
  sum(expression: string): Promise<number>;
  /** Instant query, raw series. */
  query(expression: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  targetsUp(): Promise<{ up: number; total: number }>;
  stop(): Promise<void>;
}

export async function startPrometheus(
  binary: string,
  options: { targets: readonly ScrapeTarget[]; dir: string; logDir: string },
): Promise<Prometheus> {
  const port = await freePort();
  await fs.mkdir(path.join(options.dir, 'tsdb'), { recursive: true });
  const configFile = path.join(options.dir, 'prometheus.yml');
  await fs.writeFile(configFile, scrapeConfig(options.targets));
  const child = spawnManaged(
    'prometheus',
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(options.dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { logDir: options.logDir },
  );
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await request(`${url}${pathAndQuery}`);
    const body = (await response.body.json()) as { status: string; data: T; error?: string };
    if (response.statusCode !== 200 || body.status !== 'success')
      throw new Error(`prometheus ${pathAndQuery}: ${response.statusCode} ${body.error ?? ''}`);
    return body.data;
  };
  const query = async (expression: string) =>
    (
      await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
        `/api/v1/query?query=${encodeURIComponent(expression)}`,
      )
    ).result;
  const prometheus: Prometheus = {
    url,
    process: child,
    query,
    sum: async (expression) => (await query(expression)).reduce((total, series) => total + Number(series.value[1]), 0),
    targetsUp: async () => {
      const data = await api<{ activeTargets: Array<{ health: string }> }>('/api/v1/targets?state=active');
      return {
        up: data.activeTargets.filter((target) => target.health === 'up').length,
        total: data.activeTargets.length,
      };
    },
    stop: () => stopManaged(child),
  };
  await waitUntil(
    'prometheus to answer',
    async () => {
      if (!child.running()) throw new Error(`prometheus exited: ${child.tail()}`);
      return (await prometheus.targetsUp()).total > 0 || undefined;
    },
    { timeoutMs: 30_000, intervalMs: 500, describe: () => child.tail() },
  );
  return prometheus;
}
