// Several registries on one /metrics page: one family per name, series kept apart by the `service` label,
// checked by Prometheus' own parser (promtool check metrics).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collectRegistries, createMetrics } from '../src/metrics.js';

const promtoolProblems = (text: string) => {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error) throw result.error;
  // Exit 3 = lint hints only (naming conventions of the default process metrics); 1 = unparseable.
  return result.status === 1 ? result.stderr || result.stdout : '';
};

describe('metrics of several services on one page', () => {
  it('groups each family once and keeps every service’s series', async () => {
    const gateway = createMetrics('api-gateway');
    const download = createMetrics('download-service');
    const video = createMetrics('video-service');
    gateway.include(download);
    gateway.include(video);
    gateway.include(video); // twice: still once
    gateway.httpRequests.inc({ method: 'GET', route: '/api/health', status_code: '200' });
    download.httpRequests.inc({ method: 'POST', route: '/api/downloads', status_code: '202' }, 3);
    video.httpDuration.observe({ method: 'GET', route: '/api/videos', status_code: '200' }, 0.2);
    download.onJobOutcome({ queue: 'downloads', outcome: 'completed' } as Parameters<typeof download.onJobOutcome>[0]);

    const { contentType, text } = await gateway.exposition();
    expect(contentType).toMatch(/^text\/plain/);
    expect(text.match(/^# TYPE http_requests_total /gm)).toHaveLength(1);
    expect(text).toMatch(/^http_requests_total\{[^}]*route="\/api\/health"[^}]*service="api-gateway"[^}]*\} 1$/m);
    expect(text).toMatch(
      /^http_requests_total\{[^}]*route="\/api\/downloads"[^}]*service="download-service"[^}]*\} 3$/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{[^}]*le="0\.25"[^}]*service="video-service"[^}]*\} 1$/m,
    );
    expect(text).toMatch(/^smh_jobs_total\{queue="downloads",outcome="completed",service="download-service"\} 1$/m);
    for (const service of ['api-gateway', 'download-service', 'video-service']) {
      expect(text).toContain(`process_cpu_user_seconds_total{service="${service}"}`);
    }
    expect(promtoolProblems(text)).toBe('');
  });

  it('serves a single registry unchanged', async () => {
    const alone = createMetrics('file-service');
    alone.onJobOutcome({ queue: 'media', outcome: 'failed' } as Parameters<typeof alone.onJobOutcome>[0]);
    const { text } = await collectRegistries([alone.registry]);
    expect(text).toContain('smh_jobs_total{queue="media",outcome="failed",service="file-service"} 1');
    expect((await alone.exposition()).text.match(/^# HELP /gm)).toEqual(text.match(/^# HELP /gm));
  });
});
