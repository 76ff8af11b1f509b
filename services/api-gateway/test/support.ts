/** Fake upstream services (real HTTP servers on 127.0.0.1:0) and a gateway wired to them. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  BACKEND_SERVICES,
  createLogger,
  createMemoryEventBus,
  createMetrics,
  createServiceClient,
  createTokenService,
  loadConfig,
  type BackendServiceName,
  type EventBus,
  type ServiceApp,
  type TokenService,
} from '@smh/shared';
import { createGateway, type GatewayOptions } from '../src/index.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  bodyBytes: number;
}

export interface FakeUpstream {
  app: FastifyInstance;
  url: string;
  seen: SeenRequest[];
}

/** A service that records what reached it and echoes it back; `extend` adds special routes. */
export async function startFakeUpstream(name: string, extend?: (app: FastifyInstance) => void): Promise<FakeUpstream> {
  const app = Fastify();
  const seen: SeenRequest[] = [];
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    let bytes = 0;
    const json = request.url === '/internal/auth/verify-user' ? ([] as Buffer[]) : undefined;
    payload.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      json?.push(chunk);
    });
    payload.on('end', () => done(null, json ? JSON.parse(Buffer.concat(json).toString('utf8')) : bytes));
    payload.on('error', (error) => done(error));
  });
  app.get('/ready', async () => ({ status: 'ok', service: name, checks: { database: 'ok' } }));
  app.get('/openapi.json', async () => ({
    openapi: '3.0.3',
    paths: { [`/api/${name}/thing`]: { get: { summary: `${name} thing` } }, [`/internal/${name}`]: { get: {} } },
  }));
  extend?.(app);
  app.all('/*', async (request) => {
    const entry = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      bodyBytes: typeof request.body === 'number' ? request.body : 0,
    };
    seen.push(entry);
    return { service: name, ...entry };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, seen };
}

export interface GatewayHarness {
  gateway: ServiceApp;
  tokens: TokenService;
  events: EventBus;
  upstreams: Map<BackendServiceName, FakeUpstream | { url: string }>;
  close(): Promise<void>;
}

/** A gateway whose services are fakes, except those given in `real` (name → base URL). */
export async function startGateway(
  options: {
    secret?: string;
    real?: Partial<Record<BackendServiceName, string>>;
    down?: BackendServiceName[];
    extend?: Partial<Record<BackendServiceName, (app: FastifyInstance) => void>>;
    gateway?: Partial<GatewayOptions>;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<GatewayHarness> {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const tokens = createTokenService(secret);
  const upstreams = new Map<BackendServiceName, FakeUpstream | { url: string }>();
  for (const service of BACKEND_SERVICES) {
    if (options.real?.[service]) upstreams.set(service, { url: options.real[service] });
    else if (options.down?.includes(service)) upstreams.set(service, { url: 'http://127.0.0.1:9' });
    else {
      const extend = options.extend?.[service];
      // The fake account-service knows the test users, so the gateway's standing check passes for them.
      const withStanding =
        service === 'account-service'
          ? (app: FastifyInstance) => {
              app.post('/internal/auth/verify-user', async (request) => ({
                identity:
                  TEST_USERS.find((user) => user.userId === (request.body as { userId?: string }).userId) ?? null,
              }));
              extend?.(app);
            }
          : extend;
      upstreams.set(service, await startFakeUpstream(service, withStanding));
    }
  }
  const locate = (service: BackendServiceName) => upstreams.get(service)!.url;
  const events = createMemoryEventBus();
  const gateway = await createGateway({
    config: loadConfig({ SMH_DATA_DIR: '/tmp/smh-gateway-test', ...options.env }),
    logger: createLogger({ service: 'api-gateway', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    metrics: createMetrics('api-gateway'),
    tokens,
    events,
    call: createServiceClient({ caller: 'api-gateway', tokens, locate }),
    locate,
    frontendDir: '/nonexistent-frontend-dist',
    ...options.gateway,
  });
  await gateway.ready();
  return {
    gateway,
    tokens,
    events,
    upstreams,
    async close() {
      await gateway.close();
      await events.close();
      for (const upstream of upstreams.values()) if ('app' in upstream) await upstream.app.close();
    },
  };
}

export const alice = { userId: '11111111-1111-4111-8111-111111111111', username: 'alice', role: 'user' as const };
export const bob = { userId: '22222222-2222-4222-8222-222222222222', username: 'bob', role: 'user' as const };
export const root = { userId: '33333333-3333-4333-8333-333333333333', username: 'root', role: 'admin' as const };

const TEST_USERS = [alice, bob, root];

export async function bearer(
  tokens: TokenService,
  identity: typeof alice | typeof bob | typeof root,
): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokens.signAccess(identity)}` };
}
