import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTokenService } from '../src/auth/index.js';
import {
  AppError,
  createServiceApp,
  currentUser,
  notFound,
  requireService,
  requireUser,
  type ServiceApp,
} from '../src/http/index.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';

const tokens = createTokenService('x'.repeat(40));
let app: ServiceApp;
let databaseUp = true;

beforeAll(async () => {
  app = await createServiceApp({
    service: 'demo-service',
    logger: createLogger({ service: 'demo-service', level: 'silent' }),
    metrics: createMetrics('demo-service'),
    tokens,
    readiness: [
      {
        name: 'database',
        check: async () => {
          if (!databaseUp) throw new Error('connection refused');
        },
      },
    ],
  });
  app.post(
    '/api/things',
    { schema: { body: z.object({ name: z.string().min(2), size: z.number().int() }) }, preHandler: requireUser },
    async (request, reply) => {
      reply.code(201);
      return { owner: currentUser(request).userId, name: request.body.name };
    },
  );
  app.get('/api/things/:id', { preHandler: requireUser }, async () => {
    throw notFound('Thing');
  });
  app.get('/api/crash', async () => {
    throw new Error('database password is hunter2');
  });
  app.get('/api/upstream-away', async () => {
    throw new AppError(503, 'DATABASE_UNAVAILABLE', 'The database is not available right now.');
  });
  app.get('/api/restarting', async () => {
    throw Object.assign(new Error('the database system is starting up'), { code: '57P03' });
  });
  app.get('/internal/secret', { preHandler: requireService }, async (request) => ({ caller: request.callerService }));
  await app.ready();
});
afterAll(() => app.close());

const asUser = async () => ({
  'x-smh-identity': await tokens.signIdentity({ userId: 'u1', username: 'ann', role: 'user' }),
});

describe('service app factory', () => {
  it('answers /health, /ready and /metrics', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok', service: 'demo-service' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'ok' });
    databaseUp = false;
    const notReady = await app.inject('/ready');
    databaseUp = true;
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().checks.database).toContain('connection refused');
    await app.inject({ method: 'GET', url: '/api/things/1', headers: await asUser() });
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(
      /http_requests_total\{method="GET",route="\/api\/things\/:id",status_code="404",service="demo-service"\} 1/,
    );
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  it('rejects anonymous calls with 401 and a uniform error body', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/things', payload: { name: 'ok', size: 1 } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('rejects a forged identity header', async () => {
    const forged = await createTokenService('y'.repeat(40)).signIdentity({
      userId: 'u1',
      username: 'ann',
      role: 'admin',
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { 'x-smh-identity': forged },
      payload: { name: 'ok', size: 1 },
    });
    expect(response.statusCode).toBe(401);
  });

  it('names each invalid field in a 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: await asUser(),
      payload: { name: 'x', size: 1.5 },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.message).toContain('body.name');
    expect(body.error.message).toContain('body.size');
  });

  it('passes the identity to the handler and keeps the request id', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/things',
      headers: { ...(await asUser()), 'x-request-id': 'req-42' },
      payload: { name: 'ok', size: 1 },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ owner: 'u1', name: 'ok' });
    expect(response.headers['x-request-id']).toBe('req-42');
  });

  it('hides internal errors behind a request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.json().error.details.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database restarts, not a 500', async () => {
    const response = await app.inject('/api/restarting');
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json().error).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(response.json().error.message).toContain('try again');
    expect(response.body).not.toContain('starting up');
    // The same answer passed on by a caller (the gateway asking account-service) still says when to try again.
    const passedOn = await app.inject('/api/upstream-away');
    expect(passedOn.statusCode).toBe(503);
    expect(passedOn.headers['retry-after']).toBe('2');
  });

  it('keeps internal routes for services', async () => {
    expect((await app.inject('/internal/secret')).statusCode).toBe(401);
    const response = await app.inject({
      url: '/internal/secret',
      headers: { 'x-smh-service-token': await tokens.signService('download-service') },
    });
    expect(response.json()).toEqual({ caller: 'download-service' });
  });

  it('publishes an OpenAPI document from the zod schemas', async () => {
    const document = (await app.inject('/openapi.json')).json();
    expect(document.paths['/api/things'].post.requestBody.content['application/json'].schema.required).toEqual([
      'name',
      'size',
    ]);
  });
});
