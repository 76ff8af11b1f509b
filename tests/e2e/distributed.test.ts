/**
 * The distributed hub for real: every service its own OS process (two download-service and two video-service
 * replicas on the same BullMQ queues), PostgreSQL, Redis, the real nginx in front, the real Prometheus scraping.
 * The user journey goes through nginx over HTTP only; workers are killed mid-job and the job still runs once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, redisAvailable } from '@smh/shared/testing';
import { HubClient, openEventStream, type Download, type LibraryFile, type VideoJob } from './support/api.js';
import { startE2eEnvironment, type E2eEnvironment } from './support/environment.js';
import { inspectLibrary, queryOne } from './support/library.js';
import { startNginx } from './support/nginx.js';
import { pidOwningPort, descendantsOf } from './support/proc.js';
import { crash, waitUntil } from './support/processes.js';
import { startPrometheus, type Prometheus } from './support/prometheus.js';
import { originBytes, sha256, startSlowOrigin, type SlowOrigin } from './support/slow-origin.js';
import { requireTools } from './support/tools.js';

const tools = requireTools('the distributed e2e suite', ['nginx', 'prometheus', 'ffmpeg', 'ffprobe']);
const QUEUE_LOCK_MS = 4000;
const SESSION_ID = 'e2e-session-0001';

const origin = {
  small: Object.fromEntries(
    Array.from({ length: 6 }, (_, index) => [`small-${index}`, originBytes(`small-${index}`, 300_000)]),
  ),
  large: originBytes('large', 6_000_000),
};

describe.runIf(tools && postgresAvailable && redisAvailable)(
  'distributed hub: every service its own process, behind nginx',
  { timeout: 150_000 },
  () => {
    let env: E2eEnvironment;
    let edge: string;
    let api: HubClient;
    let prometheus: Prometheus;
    let slow: SlowOrigin;
    let sessionId: string;
    const timings: Record<string, number> = {};

    beforeAll(async () => {
      const started = Date.now();
      slow = await startSlowOrigin({ ...origin.small, large: origin.large }, 1_000_000);
      env = await startE2eEnvironment({
        name: 'distributed',
        replicas: { 'download-service': 2, 'video-service': 2 },
        env: { SMH_QUEUE_LOCK_MS: String(QUEUE_LOCK_MS) },
        fake: (fake) => {
          fake.addProfile({ username: 'e2e_star', posts: 8, pinned: 1, stories: 1 });
          fake.addSession(SESSION_ID, 'e2e_star');
        },
      });
      env.onClose(() => slow.close());
      timings.hubReadyMs = Date.now() - started;
      const nginx = await startNginx(tools!.nginx, {
        gatewayPort: env.hub.gateway.port,
        dir: path.join(env.dir, 'nginx'),
        logDir: env.logDir,
      });
      edge = nginx.url;
      prometheus = await startPrometheus(tools!.prometheus, {
        targets: env.hub.instances.map((instance) => ({
          service: instance.service,
          port: instance.metricsPort ?? instance.port,
        })),
        dir: path.join(env.dir, 'prometheus'),
        logDir: env.logDir,
      });
      api = new HubClient(edge);
      timings.startMs = Date.now() - started;
    }, 240_000);

    afterAll(async () => {
      console.info(`distributed e2e timings (ms): ${JSON.stringify(timings)}`);
      await env?.close();
    }, 60_000);

    it('registers the first user as admin, logs in and links an Instagram session, all through nginx', async () => {
      const registered = await api.json<{ user: { role: string } }>(
        'POST',
        '/api/auth/register',
        { username: 'e2e-admin', password: 'correct horse battery staple' },
        [201],
      );
      expect(registered.user.role).toBe('admin');
      await api.login('e2e-admin', 'correct horse battery staple');
      const session = await api.json<{ id: string; username: string; status: string }>(
        'POST',
        '/api/instagram/sessions',
        { sessionid: SESSION_ID },
        [201],
      );
      expect(session).toMatchObject({ username: 'e2e_star' });
      expect(JSON.stringify(session)).not.toContain(SESSION_ID);
      sessionId = session.id;
    });

    let profileFiles: LibraryFile[] = [];

    it('downloads a profile from the fake Instagram; SSE through nginx reports the completion', async () => {
      const started = Date.now();
      const events = await openEventStream(api);
      const download = await api.json<Download>(
        'POST',
        '/api/downloads',
        { url: 'https://www.instagram.com/e2e_star/', sessionId, include: ['posts', 'stories'] },
        [202],
      );
      const completed = await events.next(
        (event) => event.event === 'download.completed' && event.data.id === download.id,
        90_000,
      );
      events.close();
      const done = await api.json<Download>('GET', `/api/downloads/${download.id}`);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const profile = env.fake.store.profilesByName.get('e2e_star')!;
      const resources =
        profile.posts.reduce((sum, post) => sum + post.resources.length, 0) + profile.stories.length + 1; // + profile picture
      expect(done.fileIds).toHaveLength(resources);
      expect((completed.data.fileIds as string[]).sort()).toEqual([...done.fileIds].sort());
      profileFiles = await api.allFiles('&username=e2e_star');
      expect(profileFiles.map((file) => file.id).sort()).toEqual([...done.fileIds].sort());
      timings.profileDownloadMs = Date.now() - started;
    });

    it('streams a video with Range through nginx: 206 and the stored bytes', async () => {
      const video = profileFiles.find((file) => file.mime === 'video/mp4')!;
      expect(video).toBeDefined();
      const stored = await fs.readFile(
        path.join(
          env.mediaRoot,
          (await queryOne<{ key: string }>(
            env.settings.databaseUrl,
            'SELECT storage_key AS key FROM files.files WHERE id = $1',
            [video.id],
          ))!.key,
        ),
      );
      expect(stored.length).toBe(video.size);
      const response = await api.raw(`/api/files/${video.id}/content`, { range: 'bytes=100-4195' });
      expect(response.status).toBe(206);
      expect(response.headers['content-range']).toBe(`bytes 100-4195/${video.size}`);
      expect(response.body.equals(stored.subarray(100, 4196))).toBe(true);
      const whole = await api.raw(`/api/files/${video.id}/content`);
      expect(whole.status).toBe(200);
      expect(sha256(whole.body)).toBe(video.sha256);
    });

    it('merges two clips with video-service; ffprobe sees both durations in the output', async () => {
      const clips = profileFiles.filter((file) => file.mime === 'video/mp4').slice(0, 2);
      expect(clips).toHaveLength(2);
      const accepted = await api.json<{ id: string }>(
        'POST',
        '/api/videos/jobs',
        { operation: 'merge', inputs: clips.map((clip) => clip.id) },
        [202],
      );
      const job = await api.waitForVideoJob(accepted.id, 90_000);
      expect(job.status, JSON.stringify(job.error)).toBe('completed');
      const output = await api.raw(`/api/files/${job.outputFileIds[0]}/content`);
      expect(output.status).toBe(200);
      const file = path.join(env.dir, 'merged.mp4');
      await fs.writeFile(file, output.body);
      const probe = JSON.parse(
        execFileSync(tools!.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
          encoding: 'utf8',
        }),
      ) as { format: { duration: string }; streams: Array<{ codec_type: string }> };
      const inputs = clips.reduce((sum, clip) => sum + Number(clip.duration ?? 0), 0);
      expect(inputs).toBeGreaterThan(0);
      expect(Math.abs(Number(probe.format.duration) - inputs)).toBeLessThan(0.3);
      expect(probe.streams.map((stream) => stream.codec_type)).toContain('video');
    });

    it('creates a subscription and runs it: the run downloads what is new on the profile', async () => {
      const newest = env.fake.addPost('e2e_star', { kind: 'photo', caption: 'fresh from the subscription' });
      const subscription = await api.json<{ id: string }>(
        'POST',
        '/api/subscriptions',
        { target: 'e2e_star', include: ['posts'], schedule: { every: '6h' }, sessionId },
        [201],
      );
      const run = await api.json<{ downloadId: string }>(
        'POST',
        `/api/subscriptions/${subscription.id}/run`,
        undefined,
        [202],
      );
      const done = await api.waitForDownload(run.downloadId, 90_000);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const files = await api.allFiles('&username=e2e_star');
      expect(files.some((file) => file.source?.code === newest.code)).toBe(true);
      const runs = await waitUntil(
        'the subscription run to be recorded',
        async () => {
          const page = await api.json<{ items: Array<{ status: string }> }>(
            'GET',
            `/api/subscriptions/${subscription.id}/runs`,
          );
          return page.items.length > 0 && page.items.every((item) => item.status !== 'running')
            ? page.items
            : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(runs).toHaveLength(1);
    });

    it('spreads jobs over both download-service replicas and runs each exactly once', async () => {
      const pids = env.hub.instancesOf('download-service').map((instance) => instance.process.pid);
      const seen = new Set<number>();
      const sampler = setInterval(() => {
        for (const port of slow.activeClientPorts()) {
          const pid = pidOwningPort(port, pids);
          if (pid) seen.add(pid);
        }
      }, 100);
      try {
        const ids = await Promise.all(
          Object.keys(origin.small).map(
            async (name) => (await api.json<Download>('POST', '/api/downloads', { url: slow.url(name) }, [202])).id,
          ),
        );
        const done = await Promise.all(ids.map((id) => api.waitForDownload(id, 60_000)));
        expect(done.map((download) => download.status)).toEqual(ids.map(() => 'completed'));
      } finally {
        clearInterval(sampler);
      }
      expect(seen.size, 'both replicas ran transfers').toBe(2);
      const names = slow.requests.filter((entry) => entry.name.startsWith('small-')).map((entry) => entry.name);
      expect(names.sort()).toEqual(Object.keys(origin.small).sort()); // one transfer per job: none ran twice
      const report = await inspectLibrary(env.settings.databaseUrl, env.mediaRoot);
      expect(report.problems).toEqual([]);
    });

    it('a download-service replica killed (SIGKILL) mid-transfer: the other replica resumes and completes it', async () => {
      const replicas = env.hub.instancesOf('download-service');
      const download = await api.json<Download>('POST', '/api/downloads', { url: slow.url('large') }, [202]);
      const victimPid = await waitUntil(
        'a replica to be transferring the large file',
        async () => {
          const port = slow.activeClientPorts()[0];
          const pid =
            port === undefined
              ? undefined
              : pidOwningPort(
                  port,
                  replicas.map((instance) => instance.process.pid),
                );
          const progress = await queryOne<{ bytes: string }>(
            env.settings.databaseUrl,
            'SELECT bytes_done::text AS bytes FROM downloads.downloads WHERE id = $1',
            [download.id],
          );
          return pid !== undefined && Number(progress?.bytes ?? 0) > 1_000_000 ? pid : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const victim = replicas.find((instance) => instance.process.pid === victimPid)!;
      const survivor = replicas.find((instance) => instance !== victim)!;
      // The running job's queue lock is SMH_QUEUE_LOCK_MS long (BullMQ's default is 30 s): what lets the survivor
      // take the job over within seconds. Read from Redis, not inferred from how long the takeover took.
      const locks = await queueLockTtls(env.settings.redisUrl, env.settings.redisPrefix, 'downloads');
      expect(locks.length, 'the transferring job holds a queue lock').toBeGreaterThanOrEqual(1);
      for (const ttl of locks) expect(ttl).toBeGreaterThan(0);
      for (const ttl of locks) expect(ttl).toBeLessThanOrEqual(QUEUE_LOCK_MS);
      const requestsBefore = slow.requests.filter((entry) => entry.name === 'large').length;
      const killedAt = Date.now();
      await crash(victim.process);

      // The gateway may route to the dead replica, so the test reads the state from the database meanwhile.
      const status = await waitUntil(
        'the download to complete on the surviving replica',
        async () => {
          const row = await queryOne<{ status: string }>(
            env.settings.databaseUrl,
            'SELECT status FROM downloads.downloads WHERE id = $1',
            [download.id],
          );
          return row?.status === 'completed' || row?.status === 'failed' ? row.status : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      timings.downloadRecoveryMs = Date.now() - killedAt;
      expect(status).toBe('completed');
      const resumed = slow.requests.filter((entry) => entry.name === 'large').slice(requestsBefore);
      expect(resumed.length).toBeGreaterThanOrEqual(1);
      expect(resumed[0]!.range, 'the survivor resumed from the partial file').toMatch(/^bytes=[1-9]\d*-$/);
      expect(survivor.process.running()).toBe(true);
      const takeover = readFileSync(survivor.process.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; downloadId?: string; queueJobId?: string })
        .find((line) => line.msg === 'job download.run runs again: its worker was lost');
      expect(takeover, 'the survivor says it took the job over').toMatchObject({ downloadId: download.id });
      expect(takeover?.queueJobId).toBeTruthy();

      await env.hub.restart(victim);
      const done = await api.json<Download>('GET', `/api/downloads/${download.id}`);
      const { file } = await api.json<{ file: LibraryFile }>('GET', `/api/files/${done.fileIds[0]}`);
      expect(file).toMatchObject({ size: origin.large.length, sha256: sha256(origin.large) });
      const report = await inspectLibrary(env.settings.databaseUrl, env.mediaRoot);
      expect(report.problems).toEqual([]);
    });

    it('a video-service replica killed (SIGKILL) during an ffmpeg encode: the other replica redoes the job once', async () => {
      const source = path.join(env.dir, 'long.mp4');
      execFileSync(tools!.ffmpeg, [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=1280x720:rate=30:duration=8',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=8',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-c:a',
        'aac',
        '-shortest',
        source,
      ]);
      const form = new FormData();
      form.append('file', new Blob([await fs.readFile(source)], { type: 'video/mp4' }), 'long.mp4');
      const uploadResponse = await fetch(`${edge}/api/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.token}` },
        body: form,
      });
      expect(uploadResponse.status, await uploadResponse.clone().text()).toBe(201);
      const uploaded = ((await uploadResponse.json()) as { file: LibraryFile }).file;

      const replicas = env.hub.instancesOf('video-service');
      const accepted = await api.json<{ id: string }>(
        'POST',
        '/api/videos/jobs',
        { operation: 'transcode', inputs: [uploaded.id], options: { preset: '480p', crf: 20 } },
        [202],
      );
      const victim = await waitUntil(
        'a replica to run ffmpeg for the transcode',
        async () => {
          const running = await queryOne<{ status: string }>(
            env.settings.databaseUrl,
            'SELECT status FROM videos.jobs WHERE id = $1',
            [accepted.id],
          );
          if (running?.status !== 'running') return undefined;
          return replicas.find(
            (instance) =>
              descendantsOf(instance.process.pid).length > 0 && readsCommand(instance.process.pid, 'ffmpeg'),
          );
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const killedAt = Date.now();
      await crash(victim.process);
      const status = await waitUntil(
        'the video job to finish on the surviving replica',
        async () => {
          const row = await queryOne<{ status: string }>(
            env.settings.databaseUrl,
            'SELECT status FROM videos.jobs WHERE id = $1',
            [accepted.id],
          );
          return row && ['completed', 'failed', 'canceled'].includes(row.status) ? row.status : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      timings.videoRecoveryMs = Date.now() - killedAt;
      expect(status).toBe('completed');
      await env.hub.restart(victim);
      const job = await api.json<VideoJob>('GET', `/api/videos/jobs/${accepted.id}`);
      expect(job.outputFileIds).toHaveLength(1);
      const outputs = await queryOne<{ n: number }>(
        env.settings.databaseUrl,
        `SELECT count(*)::int AS n FROM files.files WHERE origin_kind = 'video-job' AND origin_id = $1`,
        [accepted.id],
      );
      expect(outputs?.n, 'one output file for the job, however often it ran').toBe(1);
      const report = await inspectLibrary(env.settings.databaseUrl, env.mediaRoot);
      expect(report.problems).toEqual([]);
    });

    it('Prometheus scrapes every process: requests, queue gauges and download counters are non-zero', async () => {
      await waitUntil(
        'every target to be up',
        async () => {
          const targets = await prometheus.targetsUp();
          return targets.up === targets.total ? targets : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      const values = await waitUntil(
        'the journey to show in Prometheus',
        async () => {
          const found = {
            gatewayRequests: await prometheus.sum('sum(http_requests_total{service="api-gateway"})'),
            downloadRequests: await prometheus.sum('sum(http_requests_total{service="download-service"})'),
            queueCompleted: await prometheus.sum('max(smh_queue_jobs{queue="downloads",state="completed"})'),
            downloadsCompleted: await prometheus.sum('sum(smh_downloads_total{status="completed"})'),
            filesDownloaded: await prometheus.sum('sum(smh_download_files_total)'),
          };
          return Object.values(found).every((value) => value > 0) ? found : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 1000 },
      );
      expect(values.gatewayRequests).toBeGreaterThan(10);
      expect(values.downloadsCompleted).toBeGreaterThanOrEqual(1);
      const perService = await prometheus.query('count by (service) (up == 1)');
      expect(perService.map((series) => series.metric.service).sort()).toEqual([
        'account-service',
        'api-gateway',
        'download-service',
        'file-service',
        'scheduler-service',
        'video-service',
      ]);
      // The gateway's metrics are on its metrics port only: neither its public port nor the edge serves them.
      expect(env.hub.gateway.metricsPort).toBeDefined();
      for (const publicUrl of [`${env.hub.gateway.url}/metrics`, `${edge}/metrics`]) {
        const response = await fetch(publicUrl);
        expect(response.status, publicUrl).toBe(404);
        expect(await response.text(), publicUrl).not.toContain('http_requests_total');
      }
    });
  },
);

/** The remaining lifetimes (ms) of the queue locks of a BullMQ queue's running jobs. */
async function queueLockTtls(redisUrl: string, prefix: string, queue: string): Promise<number[]> {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:${queue}:*:lock`);
    const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
    return ttls.filter((ttl) => ttl !== -2); // -2: the key expired or was removed after KEYS listed it
  } finally {
    await redis.quit();
  }
}

function readsCommand(parentPid: number, command: string): boolean {
  return descendantsOf(parentPid).some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command;
    } catch {
      return false;
    }
  });
}
