/**
 * The repository's docker-compose.yml with podman-compose: the six service images, PostgreSQL, Redis and nginx
 * in front, on a podman bridge network. The tests/e2e user journey runs through nginx only: register, log in,
 * link an Instagram session, download a profile from the fake Instagram (on this host, reached by the
 * containers as host.containers.internal), Range on a stored file, a merge, a subscription run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HubClient, type Download, type LibraryFile } from '../e2e/support/api.js';
import { freePort } from '../e2e/support/processes.js';
import { sha256 } from '../e2e/support/slow-origin.js';
import { startFakeInstagram, type FakeInstagram } from '../fakes/instagram/server.js';
import { exec, requirePodmanStore } from './support/podman.js';

requirePodmanStore();
const ROOT = new URL('../..', import.meta.url).pathname;
const PROJECT = `smh-ci-${process.pid}`;
const STACK = [
  'api-gateway',
  'download-service',
  'video-service',
  'account-service',
  'file-service',
  'scheduler-service',
  'nginx',
];
const SESSION_ID = 'images-session-0001';

let fake: FakeInstagram;
let api: HubClient;
let composeEnv: NodeJS.ProcessEnv;
const compose = (...args: string[]) =>
  exec('podman-compose', ['--project-name', PROJECT, '--file', 'docker-compose.yml', ...args], {
    cwd: ROOT,
    env: composeEnv,
  });

beforeAll(async () => {
  fake = await startFakeInstagram({ host: '0.0.0.0', publicHost: 'host.containers.internal' });
  fake.addProfile({ username: 'image_star', posts: 4, stories: 1 });
  fake.addSession(SESSION_ID, 'image_star');
  const edgePort = await freePort();
  composeEnv = {
    SMH_HTTP_PORT: String(await freePort()),
    SMH_EDGE_PORT: String(edgePort),
    SMH_POSTGRES_PORT: String(await freePort()),
    SMH_REDIS_PORT: String(await freePort()),
    INSTAGRAM_WEB_URL: fake.webUrl,
    INSTAGRAM_API_URL: fake.apiUrl,
    INSTAGRAM_MIN_INTERVAL_MS: '0',
    SMH_ALLOW_PRIVATE_URLS: 'true',
    LOG_LEVEL: 'warn',
  };
  await compose('up', '--detach', '--no-build', ...STACK);
  api = new HubClient(`http://127.0.0.1:${edgePort}`);
  await vi.waitFor(
    async () => {
      const response = await fetch(`${api.baseUrl}/api/health`);
      const body = (await response.json()) as { status: string; services: Record<string, string> };
      if (body.status !== 'ok') throw new Error(`/api/health: ${JSON.stringify(body)}`);
    },
    { timeout: 180_000, interval: 2000 },
  );
});

afterAll(async () => {
  if (composeEnv) {
    const logs = await compose('logs', '--tail', '30').catch((error: Error) => error.message);
    if (expect.getState().assertionCalls > 0 && process.env.SMH_IMAGES_VERBOSE) console.info(logs);
    await compose('down', '--volumes', '--timeout', '5').catch((error: Error) => console.error(error.message));
  }
  await fake?.close();
});

describe('docker-compose.yml with podman-compose, through nginx', () => {
  let sessionId: string;
  let files: LibraryFile[] = [];

  it('registers the first user as admin, logs in and links an Instagram session', async () => {
    const registered = await api.json<{ user: { role: string } }>(
      'POST',
      '/api/auth/register',
      { username: 'image-admin', password: 'correct horse battery staple' },
      [201],
    );
    expect(registered.user.role).toBe('admin');
    await api.login('image-admin', 'correct horse battery staple');
    const session = await api.json<{ id: string; username: string }>(
      'POST',
      '/api/instagram/sessions',
      { sessionid: SESSION_ID },
      [201],
    );
    expect(session.username).toBe('image_star');
    sessionId = session.id;
  });

  it('downloads a profile from the fake Instagram into the shared media volume', async () => {
    const download = await api.json<Download>(
      'POST',
      '/api/downloads',
      { url: 'https://www.instagram.com/image_star/', sessionId, include: ['posts', 'stories'] },
      [202],
    );
    const done = await api.waitForDownload(download.id, 120_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const profile = fake.store.profilesByName.get('image_star')!;
    const resources = profile.posts.reduce((sum, post) => sum + post.resources.length, 0) + profile.stories.length + 1;
    expect(done.fileIds).toHaveLength(resources);
    files = await api.allFiles('&username=image_star');
    expect(files.map((file) => file.id).sort()).toEqual([...done.fileIds].sort());
  });

  it('serves a Range of a stored file: 206 and exactly those bytes of the whole', async () => {
    const video = files.find((file) => file.mime === 'video/mp4')!;
    expect(video).toBeDefined();
    const whole = await api.raw(`/api/files/${video.id}/content`);
    expect(whole.status).toBe(200);
    expect(sha256(whole.body)).toBe(video.sha256);
    const part = await api.raw(`/api/files/${video.id}/content`, { range: 'bytes=100-4195' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-4195/${video.size}`);
    expect(part.body.equals(whole.body.subarray(100, 4196))).toBe(true);
  });

  it('merges two clips in the video-service container; ffprobe sees both durations', async () => {
    const clips = files.filter((file) => file.mime === 'video/mp4').slice(0, 2);
    expect(clips).toHaveLength(2);
    const accepted = await api.json<{ id: string }>(
      'POST',
      '/api/videos/jobs',
      { operation: 'merge', inputs: clips.map((clip) => clip.id) },
      [202],
    );
    const job = await api.waitForVideoJob(accepted.id, 150_000);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    const output = await api.raw(`/api/files/${job.outputFileIds[0]}/content`);
    expect(output.status).toBe(200);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'smh-merge-')), 'merged.mp4');
    writeFileSync(file, output.body);
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', file], { encoding: 'utf8' }),
    ) as { format: { duration: string } };
    const inputs = clips.reduce((sum, clip) => sum + Number(clip.duration ?? 0), 0);
    expect(inputs).toBeGreaterThan(0);
    expect(Math.abs(Number(probe.format.duration) - inputs)).toBeLessThan(0.3);
  });

  it('runs a subscription: the run downloads what is new on the profile', async () => {
    const newest = fake.addPost('image_star', { kind: 'photo', caption: 'fresh from the subscription' });
    const subscription = await api.json<{ id: string }>(
      'POST',
      '/api/subscriptions',
      { target: 'image_star', include: ['posts'], schedule: { every: '6h' }, sessionId },
      [201],
    );
    const run = await api.json<{ downloadId: string }>(
      'POST',
      `/api/subscriptions/${subscription.id}/run`,
      undefined,
      [202],
    );
    const done = await api.waitForDownload(run.downloadId, 120_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const after = await api.allFiles('&username=image_star');
    expect(after.some((file) => file.source?.code === newest.code)).toBe(true);
  });
});
