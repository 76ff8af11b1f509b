// The embedded hub runs every service in one process: its /metrics, on METRICS_PORT (not the public port), carries
// every service's series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_PORTS } from '@smh/shared';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ env: { METRICS_PORT: '0' } });
});
afterAll(async () => {
  await hub?.stop();
});

describe('embedded hub /metrics', () => {
  it('serves the series of all six services, queue depths included', async () => {
    await fetch(`${hub.url}/api/health`);
    expect(hub.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(hub.metricsUrl as string);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const service of Object.keys(SERVICE_PORTS)) {
      expect(text, service).toContain(`process_resident_memory_bytes{service="${service}"}`);
    }
    expect(text).toMatch(/^smh_queue_jobs\{queue="downloads",state="waiting",service="download-service"\} 0$/m);
    expect(text).toMatch(/^smh_queue_jobs\{queue="videos",state="waiting",service="video-service"\} 0$/m);
    expect(text).toMatch(/^http_requests_total\{[^}]*route="\/api\/health"[^}]*service="api-gateway"[^}]*\} 1$/m);
    expect(text.match(/^# TYPE smh_queue_jobs /gm)).toHaveLength(1);
  });

  it('is not on the public port', async () => {
    const response = await fetch(`${hub.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('process_resident_memory_bytes');
  });
});
