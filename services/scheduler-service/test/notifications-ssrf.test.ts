/**
 * The SSRF rule for notification targets when private URLs are NOT allowed: refused at create (400 naming the
 * address) and at connection time (a host that resolved to a public address at create and to loopback later:
 * DNS rebinding), with a real local receiver that must never be reached.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SchedulerService } from '../src/index.js';
import { ALICE, createHarness, type Harness } from './support/harness.js';
import { startReceiver, type Receiver } from './support/receiver.js';

let h: Harness;
let service: SchedulerService;
let receiver: Receiver;
/** What the injected resolver answers, by host name. */
const dns = new Map<string, string[]>();

beforeAll(async () => {
  h = await createHarness('pglite');
  service = await h.startInstance({
    notifications: {
      allowPrivateUrls: false,
      resolver: async (hostname) => {
        const addresses = dns.get(hostname);
        if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        return addresses;
      },
    },
  });
  await h.context.queue.work(service.jobHandlers);
  receiver = await startReceiver();
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

async function create(payload: Record<string, unknown>) {
  return service.app.inject({
    method: 'POST',
    url: '/api/notifications/targets',
    headers: await h.headers(ALICE),
    payload,
  });
}

describe('notification targets on private addresses', () => {
  it('refuses a webhook on 127.0.0.1, naming the problem', async () => {
    const response = await create({ type: 'webhook', url: `${receiver.url}/hook` });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('PRIVATE_ADDRESS');
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).toContain('SMH_ALLOW_PRIVATE_URLS=true');
  });

  it('refuses a host name that resolves to a private address, and a Telegram API URL on loopback', async () => {
    dns.set('intranet.example.test', ['10.1.2.3']);
    const webhook = await create({ type: 'ntfy', url: 'http://intranet.example.test/topic' });
    expect(webhook.statusCode).toBe(400);
    expect(webhook.json().error.message).toContain('10.1.2.3');
    const telegram = await create({ type: 'telegram', botToken: '1:abc', chatId: 42, apiUrl: receiver.url });
    expect(telegram.statusCode).toBe(400);
    expect(telegram.json().error.code).toBe('PRIVATE_ADDRESS');
  });

  it('refuses at connection time a host that now resolves to loopback (DNS rebinding)', async () => {
    dns.set('hooks.example.test', ['93.184.216.34']);
    const created = await create({ type: 'webhook', url: `http://hooks.example.test:${receiver.port}/rebound` });
    expect(created.statusCode, created.body).toBe(201);
    dns.set('hooks.example.test', ['127.0.0.1']);
    const headers = await h.headers(ALICE);
    const test = await service.app.inject({
      method: 'POST',
      url: `/api/notifications/targets/${created.json().id}/test`,
      headers,
    });
    expect(test.statusCode).toBe(202);
    await vi.waitFor(
      async () => {
        const log = await service.app.inject({
          method: 'GET',
          url: `/api/notifications/deliveries?targetId=${created.json().id}`,
          headers,
        });
        expect(log.json().items[0]).toMatchObject({
          status: 'failed',
          attempts: 1,
          lastError: expect.stringContaining('private or loopback address 127.0.0.1'),
        });
      },
      { timeout: 10_000 },
    );
    expect(receiver.received).toHaveLength(0);
  });
});
