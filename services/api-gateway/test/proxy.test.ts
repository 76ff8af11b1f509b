import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, bearer, root, startGateway, type FakeUpstream, type GatewayHarness } from './support.js';

let h: GatewayHarness;
const upstream = (name: Parameters<GatewayHarness['upstreams']['get']>[0]) => h.upstreams.get(name) as FakeUpstream;

beforeAll(async () => {
  h = await startGateway({
    gateway: { rateLimits: { perIp: 10_000, perUser: 10_000, windowMs: 60_000 } },
    extend: {
      'file-service': (app) => {
        app.get('/api/files/:id/content', async (request, reply) => {
          const range = request.headers.range;
          const body = Buffer.from('0123456789abcdefghij');
          const match = typeof range === 'string' ? /^bytes=(\d+)-(\d+)$/.exec(range) : null;
          if (!match) return reply.header('accept-ranges', 'bytes').type('video/mp4').send(body);
          const [start, end] = [Number(match[1]), Number(match[2])];
          return reply
            .code(206)
            .header('content-range', `bytes ${start}-${end}/${body.length}`)
            .type('video/mp4')
            .send(body.subarray(start, end + 1));
        });
      },
      'video-service': (app) => {
        app.get('/api/videos/explode', async (_request, reply) =>
          reply
            .code(500)
            .send({ error: { code: 'INTERNAL_ERROR', message: 'db password=hunter2 at /src/jobs.ts:42' } }),
        );
        app.get('/api/videos/busy', async (_request, reply) =>
          reply
            .code(503)
            .header('retry-after', '2')
            .send({
              error: {
                code: 'QUEUE_UNAVAILABLE',
                message: 'The job queue is not reachable.',
                details: { host: '10.1.2.3' },
              },
            }),
        );
      },
    },
  });
});
afterAll(() => h.close());

describe('routing and identity', () => {
  it.each([
    ['/api/auth/me', 'account-service'],
    ['/api/users', 'account-service'],
    ['/api/instagram/sessions', 'account-service'],
    ['/api/downloads?status=queued', 'download-service'],
    ['/api/files/abc', 'file-service'],
    ['/api/videos/jobs', 'video-service'],
    ['/api/subscriptions/x/runs', 'scheduler-service'],
    ['/api/notifications/deliveries?targetId=x', 'scheduler-service'],
  ])('sends %s to %s unchanged, with a verifiable identity', async (url, service) => {
    const response = await h.gateway.inject({ method: 'GET', url, headers: await bearer(h.tokens, alice) });
    expect(response.statusCode).toBe(200);
    const echo = response.json();
    expect(echo.service).toBe(service);
    expect(echo.url).toBe(url);
    expect(await h.tokens.verifyIdentity(echo.headers['x-smh-identity'])).toEqual(alice);
    expect(echo.headers.authorization).toBeUndefined();
    expect(echo.headers['x-request-id']).toBe(response.headers['x-request-id']);
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('strips identity and service-token headers a client sends', async () => {
    const forged = await h.tokens.signIdentity(root);
    const serviceToken = await h.tokens.signService('download-service');
    const anonymous = await h.gateway.inject({
      method: 'GET',
      url: '/api/auth/status',
      headers: { 'x-smh-identity': forged, 'x-smh-service-token': serviceToken },
    });
    expect(anonymous.json().headers['x-smh-identity']).toBeUndefined();
    expect(anonymous.json().headers['x-smh-service-token']).toBeUndefined();
    const signedIn = await h.gateway.inject({
      method: 'GET',
      url: '/api/files',
      headers: { ...(await bearer(h.tokens, alice)), 'x-smh-identity': forged },
    });
    expect(await h.tokens.verifyIdentity(signedIn.json().headers['x-smh-identity'])).toEqual(alice);
  });

  it('refuses anonymous and badly authenticated calls with 401, but lets public routes through', async () => {
    const before = upstream('download-service').seen.length;
    for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic abc' }]) {
      const response = await h.gateway.inject({ method: 'GET', url: '/api/downloads', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toMatch(/UNAUTHORIZED|INVALID_TOKEN/);
    }
    expect(upstream('download-service').seen.length).toBe(before);
    for (const [method, url] of [
      ['POST', '/api/auth/login'],
      ['POST', '/api/auth/register'],
      ['POST', '/api/auth/refresh'],
      ['GET', '/api/auth/status'],
    ] as const) {
      const response = await h.gateway.inject({
        method,
        url,
        payload: method === 'POST' ? {} : undefined,
        headers: { authorization: 'Bearer expired.or.bad' },
      });
      expect(response.statusCode).toBe(200);
    }
  });

  it('accepts ?token= only on the event stream and file content/thumbnail, and never forwards it', async () => {
    const token = await h.tokens.signAccess(alice);
    const content = await h.gateway.inject({ method: 'GET', url: `/api/files/f1/thumbnail?token=${token}&size=small` });
    expect(content.statusCode).toBe(200);
    expect(content.json().url).toBe('/api/files/f1/thumbnail?size=small');
    expect(await h.tokens.verifyIdentity(content.json().headers['x-smh-identity'])).toEqual(alice);
    expect((await h.gateway.inject({ method: 'GET', url: `/api/files/f1?token=${token}` })).statusCode).toBe(401);
    expect((await h.gateway.inject({ method: 'DELETE', url: `/api/files/f1/content?token=${token}` })).statusCode).toBe(
      401,
    );
  });

  it('never exposes /internal routes', async () => {
    const headers = await bearer(h.tokens, root);
    for (const url of ['/internal/auth/verify-api-key', '/api/../internal/files', '/internal/instagram/sessions/x']) {
      const response = await h.gateway.inject({ method: 'GET', url, headers });
      expect(response.statusCode).toBe(404);
    }
    for (const service of h.upstreams.values()) {
      if ('seen' in service) expect(service.seen.filter((seen) => seen.url.startsWith('/internal'))).toEqual([]);
    }
  });
});

describe('bodies and errors', () => {
  it('passes Range through: 206 with Content-Range', async () => {
    const response = await h.gateway.inject({
      method: 'GET',
      url: '/api/files/f1/content',
      headers: { ...(await bearer(h.tokens, alice)), range: 'bytes=2-5' },
    });
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe('bytes 2-5/20');
    expect(response.body).toBe('2345');
  });

  it('streams a large upload through and refuses an oversized JSON body', async () => {
    const headers = await bearer(h.tokens, alice);
    const upload = Buffer.alloc(8 * 1024 * 1024, 1);
    const accepted = await h.gateway.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' },
      payload: upload,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().bodyBytes).toBe(upload.length);
    const json = await h.gateway.inject({
      method: 'POST',
      url: '/api/downloads',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: `{"url":"${'a'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(json.statusCode).toBe(413);
    expect(json.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('hides the details of an upstream 500 behind a request id', async () => {
    const response = await h.gateway.inject({
      method: 'GET',
      url: '/api/videos/explode',
      headers: await bearer(h.tokens, alice),
    });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('jobs.ts');
    expect(response.json().error).toEqual({
      code: 'INTERNAL_ERROR',
      message: expect.stringContaining(response.headers['x-request-id'] as string),
      details: { requestId: response.headers['x-request-id'] },
    });
    const busy = await h.gateway.inject({
      method: 'GET',
      url: '/api/videos/busy',
      headers: await bearer(h.tokens, alice),
    });
    expect(busy.json().error).toMatchObject({ code: 'QUEUE_UNAVAILABLE', message: 'The job queue is not reachable.' });
    expect(busy.body).not.toContain('10.1.2.3');
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
  });

  it('sets security headers and no CORS headers by default; unknown /api paths get a JSON 404', async () => {
    const response = await h.gateway.inject({
      method: 'GET',
      url: '/api/files',
      headers: { ...(await bearer(h.tokens, alice)), origin: 'https://evil.example' },
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const missing = await h.gateway.inject({
      method: 'GET',
      url: '/api/nothing-here',
      headers: await bearer(h.tokens, alice),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});
