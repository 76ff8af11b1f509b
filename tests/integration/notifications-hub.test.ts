/**
 * Notifications through the whole embedded hub (gateway → scheduler-service → real download-service → fake
 * Instagram → file-service): a subscription run that archives a profile's posts sends ONE signed media.new
 * webhook to a real local receiver, with the ids of the new files; a run that finds nothing new sends none.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '../../services/scheduler-service/test/support/receiver.js';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
let receiver: Receiver;
let token = '';

async function api<T>(method: string, path: string, body?: unknown, expected = [200]): Promise<T> {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

beforeAll(async () => {
  hub = await startTestHub();
  receiver = await startReceiver();
  hub.fake.addProfile({ username: 'harbour_notify', posts: [{ kind: 'photo' }, { kind: 'carousel' }] });
  const credentials = { username: 'notify-admin', password: 'correct horse battery staple' };
  await api('POST', '/api/auth/register', credentials, [201]);
  token = (await api<{ accessToken: string }>('POST', '/api/auth/login', credentials)).accessToken;
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await receiver?.close();
});

describe('notifications in the embedded hub', () => {
  it('a subscription run sends one signed media.new webhook with its new files', { timeout: 120_000 }, async () => {
    const target = await api<{ id: string; secret: string }>(
      'POST',
      '/api/notifications/targets',
      { type: 'webhook', url: `${receiver.url}/hub`, events: ['media.new'] },
      [201],
    );
    const subscription = await api<{ id: string }>(
      'POST',
      '/api/subscriptions',
      { target: 'harbour_notify', schedule: { every: '6h' } },
      [201],
    );
    const runRuns = async () => {
      await api('POST', `/api/subscriptions/${subscription.id}/run`, undefined, [202]);
      await vi.waitFor(
        async () => {
          const runs = await api<{ items: { status: string }[] }>('GET', `/api/subscriptions/${subscription.id}/runs`);
          expect(runs.items[0]?.status).toBe('completed');
        },
        { timeout: 60_000, interval: 100 },
      );
    };
    await runRuns();
    await vi.waitFor(
      async () => {
        const log = await api<{ items: { status: string }[] }>(
          'GET',
          `/api/notifications/deliveries?targetId=${target.id}`,
        );
        expect(log.items.map((d) => d.status)).toEqual(['delivered']);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received;
    const timestamp = String(hit?.headers['x-smh-timestamp']);
    expect(hit?.headers['x-smh-signature']).toBe(
      `sha256=${createHmac('sha256', target.secret).update(`${timestamp}.${hit?.body}`).digest('hex')}`,
    );
    const body = JSON.parse(hit?.body ?? '') as { event: string; data: { count: number; fileIds: string[] } };
    expect(body.event).toBe('media.new');
    const files = await api<{ items: { id: string }[] }>('GET', '/api/files?limit=200');
    expect(body.data.count).toBeGreaterThanOrEqual(3); // a photo + a carousel of at least two
    expect(body.data.fileIds).toHaveLength(body.data.count);
    expect(files.items.map((f) => f.id)).toEqual(expect.arrayContaining(body.data.fileIds));

    // Nothing new on the profile: the next run archives no new file, so it sends no message.
    await runRuns();
    const runs = await api<{ items: { newFiles: number | null }[] }>(
      'GET',
      `/api/subscriptions/${subscription.id}/runs`,
    );
    expect(runs.items.map((run) => run.newFiles)).toEqual([0, body.data.count]);
    const log = await api<{ items: unknown[] }>('GET', `/api/notifications/deliveries?targetId=${target.id}`);
    expect(log.items).toHaveLength(1);
  });
});
