/**
 * Issue 12, item 13: the gateway's /metrics (every route's traffic, queue depths, process facts) was public on
 * the public port. Now it is served on a port of its own (METRICS_PORT), and/or only with METRICS_TOKEN.
 * The attack was a plain `curl https://hub.example/metrics`.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { answerMetricsRequest, createMetrics, hasMetricsToken, startMetricsEndpoint } from '@smh/shared';
import { startGateway, type GatewayHarness } from '../../services/api-gateway/test/support.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('the public port of the gateway', () => {
  const harnesses: GatewayHarness[] = [];
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.close();
  });
  const gatewayWith = async (env: NodeJS.ProcessEnv) => {
    const harness = await startGateway({ env });
    harnesses.push(harness);
    return harness.gateway;
  };

  it('has no /metrics by default (a JSON 404, not the web UI page)', async () => {
    const gateway = await gatewayWith({});
    for (const url of ['/metrics', '/metrics?format=text']) {
      const response = await gateway.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('NOT_FOUND');
      expect(response.body, url).not.toContain('http_requests_total');
    }
    const head = await gateway.inject({ method: 'HEAD', url: '/metrics' });
    expect(head.statusCode).toBe(404);
  });

  it('has no /metrics when metrics have their own port, even for the right token', async () => {
    const gateway = await gatewayWith({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    const response = await gateway.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('http_requests_total');
  });

  it('answers /metrics only to the metrics token when METRICS_TOKEN is set without a port', async () => {
    const gateway = await gatewayWith({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await gateway.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHORIZED');
      expect(response.body).not.toContain('http_requests_total');
    }
    const granted = await gateway.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.headers['content-type']).toMatch(/^text\/plain/);
    expect(granted.body).toContain('# TYPE http_requests_total counter');
  });
});

describe('the metrics port', () => {
  const metrics = createMetrics('api-gateway');
  const endpoints: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const endpoint of endpoints) await endpoint.close();
  });

  it('serves GET /metrics and nothing else', async () => {
    const endpoint = await startMetricsEndpoint({ metrics, port: 0, host: '127.0.0.1' });
    endpoints.push(endpoint);
    const ok = await request(`${endpoint.url}/metrics`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(await ok.body.text()).toContain('process_resident_memory_bytes{service="api-gateway"}');
    const elsewhere = await request(`${endpoint.url}/api/health`);
    expect(elsewhere.statusCode).toBe(404);
    expect(((await elsewhere.body.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const post = await request(`${endpoint.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.statusCode).toBe(405);
    await post.body.dump();
  });

  it('enforces METRICS_TOKEN', async () => {
    const endpoint = await startMetricsEndpoint({ metrics, port: 0, host: '127.0.0.1', token: TOKEN });
    endpoints.push(endpoint);
    const anonymous = await request(`${endpoint.url}/metrics`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await anonymous.body.text()).not.toContain('process_resident_memory_bytes');
    const wrong = await request(`${endpoint.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    await wrong.body.dump();
    const granted = await request(`${endpoint.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(granted.statusCode).toBe(200);
    expect(await granted.body.text()).toContain('process_resident_memory_bytes');
  });

  it('refuses to start on a port that is taken (no silent loss of the metrics)', async () => {
    const first = await startMetricsEndpoint({ metrics, port: 0, host: '127.0.0.1' });
    endpoints.push(first);
    await expect(startMetricsEndpoint({ metrics, port: first.port, host: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('the metrics token check (pure)', () => {
  it('accepts exactly "Bearer <token>"', () => {
    expect(hasMetricsToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(hasMetricsToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(hasMetricsToken(undefined, TOKEN)).toBe(false);
    expect(hasMetricsToken('', TOKEN)).toBe(false);
    expect(hasMetricsToken(TOKEN, TOKEN)).toBe(false);
    expect(hasMetricsToken(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(hasMetricsToken(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
  });

  it('answers without reading the metrics when refused', async () => {
    let read = 0;
    const counting = { ...createMetrics('api-gateway') };
    const exposition = counting.exposition;
    counting.exposition = async () => {
      read += 1;
      return exposition();
    };
    const refused = await answerMetricsRequest({ method: 'GET', url: '/metrics' }, { metrics: counting, token: TOKEN });
    expect(refused.status).toBe(401);
    expect(read).toBe(0);
  });
});
