/**
 * What the hub writes to the terminal while it works (embedded, LOG_LEVEL=debug, captured as JSON lines): nothing
 * at info after start-up; each request once, 2xx at debug; one info line per download, video job and
 * subscription outcome, saying what happened to what ("download failed: private profile @x").
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

interface Line {
  level: string;
  service: string;
  msg: string;
  requestId?: string;
  status?: number;
}

const POLL = { timeout: 30_000, interval: 50 };
let hub: TestHub;
const text: string[] = [];
let token = '';
let linesAtStart: Line[] = [];

const lines = () =>
  text
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
const atInfoOrAbove = (all: Line[]) => all.filter((line) => !['trace', 'debug'].includes(line.level));

async function api<T = any>(method: string, route: string, body?: unknown) {
  const response = await fetch(`${hub.url}${route}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    body: (await response.json()) as T,
  };
}

async function finished(route: string): Promise<any> {
  let view: any;
  await expect
    .poll(async () => {
      view = (await api('GET', route)).body;
      return ['completed', 'failed', 'canceled'].includes(view.status);
    }, POLL)
    .toBe(true);
  return view;
}

beforeAll(async () => {
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(chunk.toString('utf8'));
      done();
    },
  });
  hub = await startTestHub({ env: { LOG_LEVEL: 'debug' }, quiet: false, logDestination: capture });
  linesAtStart = lines();
  hub.fake.addProfile({ username: 'log_star', posts: [{ kind: 'video' }, { kind: 'video' }] });
  hub.fake.addProfile({ username: 'log_hidden', posts: 1, isPrivate: true });
  const credentials = { username: 'log-user', password: 'correct horse battery' };
  await api('POST', '/api/auth/register', credentials);
  token = (await api('POST', '/api/auth/login', credentials)).body.accessToken;
});
afterAll(async () => hub?.stop());

describe('terminal logs', () => {
  it('start-up writes nothing at info (the launcher prints its own banner)', () => {
    expect(atInfoOrAbove(linesAtStart).map((line) => `${line.service}: ${line.msg}`)).toEqual([]);
  });

  it('logs a 2xx request once, at debug, from the gateway', async () => {
    const response = await api('GET', '/api/files');
    expect(response.status).toBe(200);
    // The same request id also marks the calls the gateway made for it (the credential check): this is about
    // the public request's own lines.
    const ofRequest = () =>
      lines().filter(
        (line) => line.requestId === response.requestId && line.status && /^GET \/api\/files /.test(line.msg ?? ''),
      );
    await expect.poll(ofRequest, POLL).toHaveLength(1);
    const [line] = ofRequest();
    expect(line).toMatchObject({ level: 'debug', service: 'api-gateway', status: 200 });
    expect(line?.msg).toMatch(/^GET \/api\/files 200 \d+ ms$/);
  });

  it('writes one info line per download, video job and subscription outcome, and nothing else at info', async () => {
    const before = lines().length;
    const star = await api('POST', '/api/downloads', { url: 'https://www.instagram.com/log_star/' });
    const starDone = await finished(`/api/downloads/${star.body.id}`);
    expect(starDone.status).toBe('completed');
    const hidden = await api('POST', '/api/downloads', { url: '@log_hidden' });
    expect((await finished(`/api/downloads/${hidden.body.id}`)).status).toBe('failed');

    const videos = (await api('GET', '/api/files?username=log_star&type=video')).body.items.map((file: any) => file.id);
    const job = await api('POST', '/api/videos/jobs', { operation: 'merge', inputs: videos });
    const jobDone = await finished(`/api/videos/jobs/${job.body.id}`);
    expect(jobDone.status).toBe('completed');

    const subscription = await api('POST', '/api/subscriptions', { target: 'log_star', schedule: { every: '6h' } });
    const run = await api('POST', `/api/subscriptions/${subscription.body.id}/run`);
    await finished(`/api/downloads/${run.body.downloadId}`);
    let newFiles: number | undefined;
    await expect
      .poll(async () => {
        const [latest] = (await api('GET', `/api/subscriptions/${subscription.body.id}/runs`)).body.items;
        newFiles = latest?.newFiles;
        return latest?.status;
      }, POLL)
      .toBe('completed');

    await expect
      .poll(() => atInfoOrAbove(lines().slice(before)).some((line) => line.msg.startsWith('subscription run ')), POLL)
      .toBe(true);
    const outcome = atInfoOrAbove(lines().slice(before)).map((line) => `${line.level} ${line.service}: ${line.msg}`);
    expect(outcome).toEqual([
      expect.stringMatching(/^info download-service: download completed: @log_star, 3 files \(\d+(\.\d)? [kM]B\)$/),
      'info download-service: download failed: private profile @log_hidden',
      `info video-service: video job completed: merge of 2 files → file ${jobDone.outputFileIds[0]}`,
      expect.stringMatching(/^info download-service: download completed: @log_star, \d+ files? \(.+\)$/),
      `info scheduler-service: subscription run completed: @log_star, ${newFiles} new ${newFiles === 1 ? 'file' : 'files'}`,
    ]);
  });
});
