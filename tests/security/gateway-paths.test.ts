/**
 * Issue 12 item 4: percent-encoded dot segments and backslashes never reach a service's own routes.
 * The attack: `GET /api/files/%2e%2e/%2e%2e/metrics` with any user token answered file-service's /metrics,
 * because the upstream URL parser resolves the encoded dots after the gateway routed on the raw path.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedPath } from '../../services/api-gateway/src/path-check.js';
import { alice, bearer, startGateway, type GatewayHarness } from '../../services/api-gateway/test/support.js';

let h: GatewayHarness;
let port: number;

/** A raw HTTP request: the path goes on the wire exactly as written (inject and fetch would resolve the dots). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const internals = (app: import('fastify').FastifyInstance) => {
    app.get('/metrics', async () => 'smh_internal_secret_metric 1\n');
    app.get('/internal/files/everything', async () => ({ leaked: true }));
  };
  h = await startGateway({ extend: { 'file-service': internals, 'download-service': internals } });
  await h.gateway.listen({ host: '127.0.0.1', port: 0 });
  port = (h.gateway.server.address() as AddressInfo).port;
});
afterAll(async () => h?.close());

describe('the gateway refuses paths that would be rewritten upstream', () => {
  it.each([
    '/api/files/%2e%2e/%2e%2e/metrics',
    '/api/files/%2E%2E/%2E%2E/metrics',
    '/api/files/.%2e/.%2e/internal/files/everything',
    '/api/downloads/%2e%2e/%2e%2e/metrics?x=1',
    '/api/files/%2e/..%5c..%5cmetrics',
    '/api/files/..\\..\\metrics',
    '/api/files/a%2f..%2f..%2fmetrics',
  ])('%s → 400 INVALID_PATH, nothing proxied', async (url) => {
    const response = await rawGet(url, await bearer(h.tokens, alice));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'INVALID_PATH' } });
    expect(response.body).not.toContain('smh_internal_secret_metric');
    expect(response.body).not.toContain('leaked');
  });

  it('still proxies ordinary and percent-encoded ordinary segments (routing on the decoded path)', async () => {
    const headers = await bearer(h.tokens, alice);
    const plain = await rawGet('/api/files/abc/content', headers);
    expect(JSON.parse(plain.body)).toMatchObject({ service: 'file-service', url: '/api/files/abc/content' });
    const encoded = await rawGet('/api/%66iles/a%20b', headers);
    expect(JSON.parse(encoded.body)).toMatchObject({ service: 'file-service' });
  });

  it('checkedPath decodes segments and names the refusal (pure)', () => {
    expect(checkedPath('/api/files/a%20b?x=%2e%2e')).toBe('/api/files/a b');
    expect(() => checkedPath('/api/%zz')).toThrow(/malformed/);
    expect(() => checkedPath('/api/files/%2e%2e/x')).toThrow(/"\." or "\.\." segment/);
  });
});
