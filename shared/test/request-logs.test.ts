/**
 * Terminal logs of an HTTP app: each request is one line whose level follows its status (2xx debug, 4xx info,
 * 5xx error); a service leaves the public requests the gateway proxied to the gateway's line (trace);
 * fastify's "Server listening" announcements stay below info; a terminal gets pretty lines, a pipe JSON.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenService } from '../src/auth/index.js';
import { createBaseApp, createServiceApp, requestLogLevel, type ServiceApp } from '../src/http/index.js';
import { createLogger, defaultLogFormat } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';

interface Line {
  level: string;
  msg: string;
  status?: number;
  requestId?: string;
}

function capture() {
  const text: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    text,
    lines: () =>
      text
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Line),
  };
}

const tokens = createTokenService('y'.repeat(40));
const apps: ServiceApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function withRoutes(app: ServiceApp): ServiceApp {
  app.get('/api/ok', async () => ({ ok: true }));
  app.get('/api/missing', async (_request, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No.' } }),
  );
  app.get('/api/crash', async () => {
    throw new Error('boom');
  });
  apps.push(app);
  return app;
}

describe('request lines', () => {
  it('maps statuses to levels', () => {
    expect([200, 204, 304, 400, 401, 404, 429, 500, 503].map(requestLogLevel)).toEqual([
      'debug',
      'debug',
      'debug',
      'info',
      'info',
      'info',
      'info',
      'error',
      'error',
    ]);
  });

  it('logs each request once: 2xx at debug, 4xx at info, 5xx at error, with a readable message', async () => {
    const logs = capture();
    const app = withRoutes(
      createBaseApp({
        service: 'gateway-like',
        logger: createLogger({ service: 'gateway-like', level: 'trace', destination: logs.stream }),
        metrics: createMetrics('gateway-like'),
      }),
    );
    for (const url of ['/api/ok', '/api/missing', '/api/crash']) await app.inject(url);
    const requests = logs.lines().filter((line) => line.status !== undefined);
    expect(requests.map((line) => [line.level, line.msg.replace(/\d+ ms$/, 'N ms')])).toEqual([
      ['debug', 'GET /api/ok 200 N ms'],
      ['info', 'GET /api/missing 404 N ms'],
      ['error', 'GET /api/crash 500 N ms'],
    ]);
    expect(new Set(requests.map((line) => line.requestId)).size).toBe(3);
  });

  it('at info, a 2xx request writes nothing', async () => {
    const logs = capture();
    const app = withRoutes(
      createBaseApp({
        service: 'quiet',
        logger: createLogger({ service: 'quiet', level: 'info', destination: logs.stream }),
        metrics: createMetrics('quiet'),
      }),
    );
    await app.inject('/api/ok');
    expect(logs.text).toEqual([]);
  });

  it("a service logs the gateway's public requests at trace and calls between services by status", async () => {
    const logs = capture();
    const app = withRoutes(
      await createServiceApp({
        service: 'demo',
        logger: createLogger({ service: 'demo', level: 'trace', destination: logs.stream }),
        metrics: createMetrics('demo'),
        tokens,
      }),
    );
    app.get('/internal/ping', async () => ({ pong: true }));
    await app.inject('/api/missing');
    await app.inject({ url: '/internal/ping', headers: { 'x-smh-service-token': await tokens.signService('caller') } });
    const requests = logs.lines().filter((line) => line.status !== undefined);
    expect(requests.map((line) => [line.level, line.status])).toEqual([
      ['trace', 404],
      ['debug', 200],
    ]);
  });

  it('keeps "Server listening at" below info', async () => {
    const logs = capture();
    const app = withRoutes(
      createBaseApp({
        service: 'listener',
        logger: createLogger({ service: 'listener', level: 'debug', destination: logs.stream }),
        metrics: createMetrics('listener'),
      }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const listening = logs.lines().filter((line) => line.msg.startsWith('Server listening at'));
    expect(listening.length).toBeGreaterThan(0);
    expect(listening.every((line) => line.level === 'debug')).toBe(true);
  });
});

describe('log format', () => {
  it('is pretty on a terminal and JSON otherwise', () => {
    expect(defaultLogFormat({ isTTY: true })).toBe('pretty');
    expect(defaultLogFormat({ isTTY: false })).toBe('json');
    expect(defaultLogFormat({})).toBe('json');
  });

  it('pretty lines are human text with the service and message, without request fields', () => {
    const logs = capture();
    const logger = createLogger({
      service: 'download-service',
      level: 'info',
      format: 'pretty',
      destination: logs.stream,
    });
    logger.info({ downloadId: 'd1', requestId: 'r1' }, 'download failed: private profile @x');
    const line = logs.text.join('');
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO.*download-service: download failed: private profile @x/);
    expect(line).not.toContain('r1');
    expect(line.trim().split('\n')).toHaveLength(1);
  });
});
