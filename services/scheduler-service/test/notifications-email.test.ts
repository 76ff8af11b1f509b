/** An e-mail target against a real local SMTP server (smtp-server) with password authentication. */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SchedulerService } from '../src/index.js';
import { ALICE, createHarness, type Harness } from './support/harness.js';

interface Mail {
  from: string;
  to: string[];
  user: string;
  text: string;
}

let h: Harness;
let service: SchedulerService;
let smtp: SMTPServer;
let port = 0;
const mails: Mail[] = [];

beforeAll(async () => {
  h = await createHarness('pglite');
  service = await h.startInstance();
  await h.context.queue.work(service.jobHandlers);
  await service.start?.();
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'hub' && auth.password === 's3cret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        text += chunk;
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: String(session.user),
          text,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await h.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return service.app.inject({ method, url, headers: await h.headers(ALICE), ...(payload ? { payload } : {}) });
}

describe('e-mail targets', () => {
  it('sends a test message and a media.new summary over SMTP, never showing the password', async () => {
    const created = await call('POST', '/api/notifications/targets', {
      type: 'email',
      host: '127.0.0.1',
      port,
      username: 'hub',
      password: 's3cret',
      from: 'hub@example.test',
      to: 'alice@example.test',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('s3cret');
    expect(created.json()).toMatchObject({ type: 'email', hasSecret: true, settings: { host: '127.0.0.1', port } });

    expect((await call('POST', `/api/notifications/targets/${created.json().id}/test`)).statusCode).toBe(202);
    await vi.waitFor(() => expect(mails).toHaveLength(1), { timeout: 10_000 });
    expect(mails[0]).toMatchObject({ from: 'hub@example.test', to: ['alice@example.test'], user: 'hub' });
    expect(mails[0]?.text).toContain('Subject: [Social Media Hub] Test notification');

    await h.context.events.publish('download.completed', {
      id: 'dl-mail',
      ownerId: ALICE.userId,
      fileIds: ['m1', 'm2'],
      progress: { filesDone: 2, filesTotal: 2, bytesDone: 0, bytesTotal: 0 },
    });
    await vi.waitFor(() => expect(mails).toHaveLength(2), { timeout: 10_000 });
    expect(mails[1]?.text).toContain('Subject: [Social Media Hub] 2 new files');
    const log = await call('GET', `/api/notifications/deliveries?targetId=${created.json().id}`);
    expect(log.json().items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('logs a refused login as a failed attempt and retries', async () => {
    const created = await call('POST', '/api/notifications/targets', {
      type: 'email',
      host: '127.0.0.1',
      port,
      username: 'hub',
      password: 'wrong',
      from: 'hub@example.test',
      to: 'alice@example.test',
    });
    await call('POST', `/api/notifications/targets/${created.json().id}/test`);
    await vi.waitFor(
      async () => {
        const [delivery] = (await call('GET', `/api/notifications/deliveries?targetId=${created.json().id}`)).json()
          .items;
        expect(delivery.attempts).toBeGreaterThanOrEqual(2);
        expect(delivery.lastError).toContain('Invalid username or password');
      },
      { timeout: 10_000 },
    );
  });
});
