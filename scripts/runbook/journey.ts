/**
 * The API half of scripts/distributed-demo.sh: what a user does through nginx, one phase per call, with what it
 * learned kept in a state file between phases. Exits non-zero with a message naming the failed step.
 *   node --import tsx scripts/runbook/journey.ts <edge url> <phase> <state file>
 */
import fs from 'node:fs';

interface State {
  token: string;
  sessionId: string;
  subscriptionId: string;
  fileIds: string[];
}

const [edge, phase, stateFile] = process.argv.slice(2);
if (!edge || !phase || !stateFile) throw new Error('usage: journey.ts <edge url> <phase> <state file>');

const state: State = fs.existsSync(stateFile)
  ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as State)
  : { token: '', sessionId: '', subscriptionId: '', fileIds: [] };

async function api<T>(method: string, path: string, body?: unknown, expected = [200, 201, 202]): Promise<T> {
  const response = await fetch(`${edge}${path}`, {
    method,
    headers: {
      ...(state.token ? { authorization: `Bearer ${state.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface Download {
  id: string;
  status: string;
  fileIds: string[];
  error?: { message: string } | null;
}

async function finishedDownload(id: string): Promise<Download> {
  const download = await until(`download ${id}`, async () => {
    const current = await api<Download>('GET', `/api/downloads/${id}`);
    return ['completed', 'failed', 'canceled'].includes(current.status) ? current : undefined;
  });
  if (download.status !== 'completed') throw new Error(`download ${id} ${download.status}: ${download.error?.message}`);
  return download;
}

async function subscriptionRun(): Promise<Download> {
  const { downloadId } = await api<{ downloadId: string }>('POST', `/api/subscriptions/${state.subscriptionId}/run`);
  return finishedDownload(downloadId);
}

const phases: Record<string, () => Promise<void>> = {
  async journey() {
    await api('POST', '/api/auth/register', { username: 'operator', password: 'runbook password 1' });
    const login = await api<{ accessToken: string }>('POST', '/api/auth/login', {
      username: 'operator',
      password: 'runbook password 1',
    });
    state.token = login.accessToken;
    const session = await api<{ id: string; status: string }>('POST', '/api/instagram/sessions', {
      sessionid: 'fake-session-id',
    });
    state.sessionId = session.id;
    const started = await api<{ id: string }>('POST', '/api/downloads', {
      url: 'https://www.instagram.com/fixture_user/',
      sessionId: state.sessionId,
    });
    const download = await finishedDownload(started.id);
    state.fileIds = download.fileIds;
    console.log(`profile download: ${download.fileIds.length} files`);

    const files = await api<{ items: { id: string; mime: string; size: number }[] }>(
      'GET',
      '/api/files?type=video&limit=50',
    );
    const videos = files.items.filter((file) => file.mime.startsWith('video/'));
    if (videos.length < 2) throw new Error(`expected two videos to merge, found ${videos.length}`);
    const range = await fetch(`${edge}/api/files/${videos[0]?.id}/content`, {
      headers: { authorization: `Bearer ${state.token}`, range: 'bytes=0-99' },
    });
    const bytes = Buffer.from(await range.arrayBuffer());
    if (range.status !== 206 || bytes.length !== 100) throw new Error(`Range: ${range.status}, ${bytes.length} bytes`);
    console.log(`range: 206 with ${range.headers.get('content-range')}`);

    const job = await api<{ id: string }>('POST', '/api/videos/jobs', {
      operation: 'merge',
      inputs: [videos[0]?.id, videos[1]?.id],
    });
    const merged = await until(`video job ${job.id}`, async () => {
      const current = await api<{ status: string; outputFileIds: string[] }>('GET', `/api/videos/jobs/${job.id}`);
      return ['completed', 'failed', 'canceled'].includes(current.status) ? current : undefined;
    });
    if (merged.status !== 'completed') throw new Error(`merge ${merged.status}`);
    console.log(`merge: ${merged.outputFileIds.length} output file`);

    const subscription = await api<{ id: string }>('POST', '/api/subscriptions', {
      target: 'fixture_user',
      schedule: { every: '6h' },
      sessionId: state.sessionId,
    });
    state.subscriptionId = subscription.id;
    const run = await subscriptionRun();
    console.log(`subscription run: download ${run.id} completed`);
  },

  /** The gateway and the scheduler call download-service: with one worker gone, every call still answers. */
  async 'after-worker-loss'() {
    for (let call = 0; call < 6; call += 1) await api('GET', '/api/downloads?limit=5');
    const run = await subscriptionRun();
    console.log(`after a worker died: 6 listings answered, subscription run ${run.id} completed`);
  },

  async 'after-restart'() {
    const run = await subscriptionRun();
    console.log(`after the restart: subscription run ${run.id} completed`);
  },

  /** Keeps an event stream open until the server ends it. */
  async 'open-stream'() {
    const response = await fetch(`${edge}/api/events`, { headers: { authorization: `Bearer ${state.token}` } });
    if (response.status !== 200 || !response.body) throw new Error(`/api/events answered ${response.status}`);
    console.log('stream open');
    for await (const _chunk of response.body) {
      // heartbeats and events until the gateway ends the stream
    }
    console.log('stream ended');
  },
};

const run = phases[phase];
if (!run) throw new Error(`unknown phase ${phase}; phases: ${Object.keys(phases).join(', ')}`);
try {
  await run();
  fs.writeFileSync(stateFile, JSON.stringify(state));
} catch (error) {
  console.error(`runbook ${phase}: ${(error as Error).message}`);
  process.exit(1);
}
