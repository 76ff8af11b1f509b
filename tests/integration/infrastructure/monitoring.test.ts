// Prometheus config and rules checked by promtool; every PromQL expression (alerts and Grafana panels) may only
// read series that the services export; dashboards and provisioning are consistent.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { metricNamesIn } from './support/promql.js';
import { SERVICES, exportedSeriesNames, repoPath, toolMissing } from './support/seed.js';

const PROM_DIR = repoPath('monitoring/prometheus');
const DASHBOARD_DIR = repoPath('monitoring/grafana/dashboards');
const hasPromtool = !spawnSync('promtool', ['--version']).error;
let exported: Set<string>;
beforeAll(async () => {
  exported = await exportedSeriesNames();
});

/** Runs promtool on a copy whose rule_files point at the repository's alerts.yml. */
function promtool(args: string[], configFile?: string, transform: (text: string) => string = (t) => t) {
  const dir = mkdtempSync(join(tmpdir(), 'smh-promtool-'));
  copyFileSync(join(PROM_DIR, 'alerts.yml'), join(dir, 'alerts.yml'));
  const files = configFile ? [join(dir, 'prometheus.yml')] : [join(dir, 'alerts.yml')];
  if (configFile) {
    const text = readFileSync(join(PROM_DIR, configFile), 'utf8').replaceAll(
      '/etc/prometheus/alerts.yml',
      join(dir, 'alerts.yml'),
    );
    writeFileSync(files[0]!, transform(text));
  }
  return spawnSync('promtool', [...args, ...files], { encoding: 'utf8' });
}

describe('promtool', () => {
  const skip = hasPromtool ? false : toolMissing('promtool', 'apt-get install -y prometheus') === 'skip';

  it.skipIf(skip)('accepts alerts.yml', () => {
    const result = promtool(['check', 'rules']);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  it.skipIf(skip)('accepts prometheus.yml (compose) with its rule file', () => {
    const result = promtool(['check', 'config'], 'prometheus.yml');
    expect(result.stdout + result.stderr).toContain('is valid prometheus config file syntax');
    expect(result.status).toBe(0);
  });

  it.skipIf(skip)(
    'accepts prometheus.kubernetes.yml (Debian builds lack kubernetes_sd: then checked with it swapped out)',
    () => {
      let result = promtool(['check', 'config'], 'prometheus.kubernetes.yml');
      if (result.status !== 0 && /field kubernetes_sd_configs not found/.test(result.stderr + result.stdout)) {
        console.warn(
          'promtool was built without Kubernetes service discovery; checking the rest of prometheus.kubernetes.yml',
        );
        result = promtool(['check', 'config'], 'prometheus.kubernetes.yml', (text) =>
          text.replace(
            /kubernetes_sd_configs:\n(?: {6,}.*\n)+/,
            'static_configs:\n      - targets: ["placeholder:1"]\n',
          ),
        );
      }
      expect(result.stdout + result.stderr).toContain('is valid prometheus config file syntax');
      expect(result.status).toBe(0);
    },
  );

  it.skipIf(skip)('rejects a broken rule (so a passing check means something)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smh-promtool-'));
    writeFileSync(
      join(dir, 'bad.yml'),
      'groups:\n  - name: x\n    rules:\n      - alert: Bad\n        expr: sum(rate(x[5m])\n',
    );
    expect(spawnSync('promtool', ['check', 'rules', join(dir, 'bad.yml')]).status).not.toBe(0);
  });
});

describe('scrape configuration', () => {
  it('scrapes every service on its seed port (the gateway on its metrics port) in the compose config', () => {
    const config = parse(readFileSync(join(PROM_DIR, 'prometheus.yml'), 'utf8'));
    const job = config.scrape_configs.find((j: { job_name: string }) => j.job_name === 'smh-services');
    const targets = job.static_configs.map((c: { targets: string[]; labels: { service: string } }) => [
      c.labels.service,
      c.targets,
    ]);
    expect(Object.fromEntries(targets)).toEqual(
      Object.fromEntries(SERVICES.map((s) => [s.name, [`${s.name}:${s.metricsPort ?? s.port}`]])),
    );
  });
});

describe('metric names in PromQL', () => {
  it('extracts series names, ignoring functions, labels, grouping, ranges and Grafana variables', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"$service", route!="/x"}[$__rate_interval]))) / on(job) group_left up > 2 and bool scrape_duration_seconds offset 5m',
      ),
    ).toEqual(['http_request_duration_seconds_bucket', 'scrape_duration_seconds', 'up']);
    expect(metricNamesIn('sum(smh_queue_jobs{state="waiting"}) without (pod)')).toEqual(['smh_queue_jobs']);
  });

  it('knows the exported names, histogram series and Node defaults, and nothing invented', () => {
    expect(exported.has('smh_ffmpeg_duration_seconds_bucket')).toBe(true);
    expect(exported.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(exported.has('process_resident_memory_bytes')).toBe(true);
    expect(exported.has('smh_ffmpeg_duration_seconds')).toBe(false);
    expect(exported.has('smh_download_failures_total')).toBe(false);
  });

  it('uses only exported series in alerts.yml, and covers the required alerts', () => {
    const rules = parse(readFileSync(join(PROM_DIR, 'alerts.yml'), 'utf8')).groups.flatMap(
      (g: { rules: unknown[] }) => g.rules,
    );
    for (const rule of rules as { alert: string; expr: string }[]) {
      expect(
        metricNamesIn(rule.expr).filter((n) => !exported.has(n)),
        rule.alert,
      ).toEqual([]);
    }
    const exprOf = (alert: string) =>
      (rules as { alert: string; expr: string }[]).find((r) => r.alert === alert)?.expr ?? '';
    expect(exprOf('SmhServiceDown')).toContain('up{');
    expect(exprOf('SmhQueueBacklog')).toContain('smh_queue_jobs{state="waiting"}');
    expect(exprOf('SmhHighErrorRate')).toContain('status_code=~"5.."');
    expect(exprOf('SmhDownloadFailureRate')).toContain('smh_downloads_total{status="failed"}');
  });
});

describe('grafana dashboards', () => {
  const files = readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'));
  const datasource = parse(
    readFileSync(repoPath('monitoring/grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
  );
  const provider = parse(readFileSync(repoPath('monitoring/grafana/provisioning/dashboards/smh.yml'), 'utf8'));
  const prometheusUid = datasource.datasources.find((d: { type: string }) => d.type === 'prometheus').uid;

  it('provisions the Prometheus datasource and the dashboards folder that compose mounts', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(provider.providers[0].options.path).toBe('/etc/grafana/dashboards');
    expect(datasource.datasources.find((d: { type: string }) => d.type === 'prometheus').url).toBe(
      'http://prometheus:9090',
    );
  });

  it.each(files)(
    '%s parses, has unique ids and queries only exported series through the provisioned datasource',
    (file) => {
      const dashboard = JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8'));
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      const panels: {
        id: number;
        title: string;
        datasource: { uid: string };
        targets: { expr: string; datasource: { uid: string } }[];
      }[] = dashboard.panels;
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      for (const panel of panels) {
        expect(panel.targets.length, panel.title).toBeGreaterThan(0);
        expect(panel.datasource.uid).toBe(prometheusUid);
        for (const target of panel.targets) {
          expect(target.datasource.uid).toBe(prometheusUid);
          expect(
            metricNamesIn(target.expr).filter((n) => !exported.has(n)),
            `${panel.title}: ${target.expr}`,
          ).toEqual([]);
        }
      }
      for (const variable of dashboard.templating.list)
        expect(
          metricNamesIn(variable.query.query.replace(/^label_values\((\w+),.*\)$/, '$1')).every((n: string) =>
            exported.has(n),
          ),
        ).toBe(true);
    },
  );

  it('covers request rate/latency/errors, queue depth and outcomes, download bytes/files and ffmpeg durations', () => {
    const all = files.map((f) => readFileSync(join(DASHBOARD_DIR, f), 'utf8')).join('\n');
    for (const series of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'smh_queue_jobs',
      'smh_jobs_total',
      'smh_download_bytes_total',
      'smh_download_files_total',
      'smh_ffmpeg_duration_seconds_bucket',
      'smh_video_jobs_total',
      'smh_instagram_requests_total',
    ]) {
      expect(all, series).toContain(series);
    }
  });
});

describe('jaeger', () => {
  it('receives OTLP over HTTP on 4318 and stores traces for the query UI', () => {
    const config = parse(readFileSync(repoPath('monitoring/jaeger/jaeger.yml'), 'utf8'));
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(config.service.pipelines.traces.receivers).toContain('otlp');
    const store = config.exporters.jaeger_storage_exporter.trace_storage;
    expect(config.extensions.jaeger_storage.backends[store]).toBeDefined();
    expect(config.extensions.jaeger_query.storage.traces).toBe(store);
  });
});
