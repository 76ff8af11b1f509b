/** An account-service running in-process on a test context, with helpers to sign users in. */
import { Writable } from 'node:stream';
import { createLogger, type HubService } from '@smh/shared';
import { createTestContext, identityHeaders, serviceHeaders } from '@smh/shared/testing-context';
import type { ServiceContext } from '@smh/shared';
import { accountServiceFactory, type AccountServiceOverrides } from '../src/index.js';

export interface AccountHarness {
  service: HubService;
  context: ServiceContext;
  /** Every log line the service wrote (level trace), as text. */
  logs: string[];
  register(username: string, password?: string): Promise<{ id: string; role: string }>;
  login(
    username: string,
    password?: string,
    ip?: string,
  ): Promise<{ accessToken: string; refreshToken: string; user: { id: string } }>;
  /** Identity headers as the gateway would send them for this user. */
  as(user: { id: string; username: string; role: 'admin' | 'user' }): Promise<Record<string, string>>;
  serviceHeaders(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

export async function startAccountService(
  options: { database?: 'pglite' | 'postgres'; env?: NodeJS.ProcessEnv; overrides?: AccountServiceOverrides } = {},
): Promise<AccountHarness> {
  const test = await createTestContext({ service: 'account-service', database: options.database, env: options.env });
  const logs: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const context: ServiceContext = {
    ...test.context,
    logger: createLogger({ service: 'account-service', level: 'trace', destination: capture }),
  };
  const service = await accountServiceFactory(options.overrides)(context);
  await service.app.ready();
  const app = service.app;
  return {
    service,
    context,
    logs,
    async register(username, password = PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { username, password } });
      if (response.statusCode !== 201) throw new Error(`register ${username}: ${response.statusCode} ${response.body}`);
      return response.json<{ user: { id: string; role: string } }>().user;
    },
    async login(username, password = PASSWORD, ip = '10.0.0.1') {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        headers: { 'x-smh-client-address': context.tokens.signClientAddress(ip) },
      });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    as: (user) => identityHeaders(context, { userId: user.id, username: user.username, role: user.role }),
    serviceHeaders: () => serviceHeaders(context, 'download-service'),
    async close() {
      await app.close();
      await test.close();
    },
  };
}
