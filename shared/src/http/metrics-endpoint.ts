/**
 * Where Prometheus reads the gateway's metrics: not on the public port (issue 12, item 13) but on a port of its
 * own (METRICS_PORT; 9464 by default for the distributed gateway), which no ingress or nginx exposes. With
 * METRICS_TOKEN set, a scrape must also send `Authorization: Bearer <token>`, wherever /metrics is served.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../metrics.js';

/** The port the distributed gateway serves /metrics on when METRICS_PORT is not set (OpenTelemetry's port). */
export const DEFAULT_GATEWAY_METRICS_PORT = 9464;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether an Authorization header carries the metrics token (constant time; pure). */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, code: string, message: string, extra: Record<string, string> = {}): MetricsAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
  body: JSON.stringify({ error: { code, message } }),
});

/** The answer to one request on the metrics port (a GET /metrics, with the token when one is configured). */
export async function answerMetricsRequest(
  request: { method?: string; url?: string; authorization?: string },
  options: { metrics: Metrics; token?: string },
): Promise<MetricsAnswer> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/metrics') return json(404, 'NOT_FOUND', 'Only /metrics is served on this port.');
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return json(405, 'METHOD_NOT_ALLOWED', 'Use GET /metrics.', { allow: 'GET, HEAD' });
  if (options.token !== undefined && !hasMetricsToken(request.authorization, options.token))
    return json(401, 'UNAUTHORIZED', 'Send "Authorization: Bearer <METRICS_TOKEN>" to read the metrics.', {
      'www-authenticate': 'Bearer realm="metrics"',
    });
  const { contentType, text } = await options.metrics.exposition();
  return { status: 200, headers: { 'content-type': contentType }, body: text };
}

export interface MetricsEndpoint {
  /** http://host:port of the listener (the port chosen when 0 was asked for). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics alone on its own port. */
export async function startMetricsEndpoint(options: {
  metrics: Metrics;
  port: number;
  host: string;
  token?: string;
}): Promise<MetricsEndpoint> {
  const server = http.createServer((request, response) => {
    answerMetricsRequest(
      { method: request.method, url: request.url, authorization: request.headers.authorization },
      options,
    ).then(
      (answer) => {
        response.writeHead(answer.status, answer.headers);
        response.end(request.method === 'HEAD' ? undefined : answer.body);
      },
      () => {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'The metrics could not be read.' } }));
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
