/**
 * The named site end to end, executed INSIDE a private network namespace (see site-hub.test.ts): the fake PeerTube
 * serves HTTPS as framatube.org at a public-looking address, and a whole embedded hub with its SSRF guard ON
 * (SMH_ALLOW_PRIVATE_URLS=false) archives from it through its API and through `smh download`: one video, the
 * channel, then the channel again after a new upload. Writes `<dir>/results.json` with what the hub stored and the
 * bytes the fake served, for the test to compare.
 *   usage: node --import tsx peertube-hub-runner.ts <work dir>
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CliHub, startCliHub } from '../../../cli/test/support.js';
import type { FakePeerTubeVideo } from '../../fakes/peertube/model.js';
import { PEERTUBE_REAL_HOST, startFakePeerTube } from '../../fakes/peertube/server.js';
import { trustThrowawayCa } from './namespace-tls.js';
import { PEERTUBE_ADDRESS } from './peertube-scenarios.js';

export interface StoredFile {
  id: string;
  sha256: string;
  /** sha256 of the bytes `GET /api/files/:id/content` answered. */
  contentSha256: string;
  source: Record<string, unknown> | null;
  storageKey?: string;
}

export interface HubStep {
  name: string;
  exitCode?: number;
  status: number | string;
  kind?: string;
  downloadStatus?: string;
  error?: unknown;
  files: StoredFile[];
  log?: string;
}

export interface HubResults {
  steps: HubStep[];
  /** sha256 of each upload's best file, by title. */
  served: Record<string, string>;
  /** Requests for each upload's web-video files, over the whole run and during step 3 (the CLI's second pass). */
  fileRequests: Record<string, number>;
  lastStepFileRequests: Record<string, number>;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

interface DownloadView {
  id: string;
  kind?: string;
  status: string;
  fileIds?: string[];
  error?: unknown;
}

async function storedFiles(cli: CliHub, ids: readonly string[]): Promise<StoredFile[]> {
  const files: StoredFile[] = [];
  for (const id of ids) {
    const { body } = await cli.api<{
      file: { sha256: string; source: Record<string, unknown> | null; storageKey?: string };
    }>('GET', `/api/files/${id}`);
    const record = body.file;
    const content = await fetch(`${cli.hub.url}/api/files/${id}/content`, {
      headers: { authorization: `Bearer ${cli.apiKey}` },
    });
    files.push({
      id,
      sha256: record.sha256,
      contentSha256: sha256(Buffer.from(await content.arrayBuffer())),
      source: record.source,
      ...(record.storageKey ? { storageKey: record.storageKey } : {}),
    });
  }
  return files;
}

async function waitForDownload(cli: CliHub, id: string): Promise<DownloadView> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const { body } = await cli.api<DownloadView>('GET', `/api/downloads/${id}`);
    if (['completed', 'failed', 'canceled'].includes(body.status) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: peertube-hub-runner.ts <work dir>');
  const tls = await trustThrowawayCa(dir, [PEERTUBE_REAL_HOST]);
  const site = await startFakePeerTube({ realHost: { ...tls, address: PEERTUBE_ADDRESS } });
  const channel = site.addChannel('fixture_account', 'fixture_channel', 'Fixture channel');
  const uploads: FakePeerTubeVideo[] = [
    site.addVideo(channel, { name: 'First upload', resolutions: [720, 360] }),
    site.addVideo(channel, { name: 'Second upload' }),
  ];
  const cli = await startCliHub({ env: { SMH_ALLOW_PRIVATE_URLS: 'false', LOG_LEVEL: 'warn' } });
  const steps: HubStep[] = [];
  const channelUrl = `https://${PEERTUBE_REAL_HOST}/c/${channel.name}/videos`;
  try {
    // 1. One video through the API.
    const first = uploads[0] as FakePeerTubeVideo;
    const accepted = await cli.api<DownloadView>('POST', '/api/downloads', {
      url: `https://${PEERTUBE_REAL_HOST}/w/${first.shortUUID}`,
    });
    const done = accepted.status === 202 ? await waitForDownload(cli, accepted.body.id) : undefined;
    steps.push({
      name: 'api: one video',
      status: accepted.status,
      ...(accepted.body.kind ? { kind: accepted.body.kind } : {}),
      ...(done ? { downloadStatus: done.status, error: done.error ?? null } : { error: accepted.body }),
      files: await storedFiles(cli, done?.fileIds ?? []),
    });

    // 2. The channel through the CLI: the video archived in step 1 is not stored twice.
    const channelRun = await cli.smh(['download', channelUrl, '--json']);
    const channelViews = channelRun.code === 0 || channelRun.stdout ? (channelRun.json<DownloadView[]>() ?? []) : [];
    steps.push({
      name: 'cli: channel',
      exitCode: channelRun.code,
      status: channelViews[0]?.status ?? 'none',
      ...(channelViews[0]?.kind ? { kind: channelViews[0].kind } : {}),
      files: await storedFiles(cli, channelViews[0]?.fileIds ?? []),
      log: channelRun.stderr.slice(-2000),
    });

    // 3. A new upload; the channel again through the CLI: only the new upload is fetched and stored.
    uploads.push(site.addVideo(channel, { name: 'Third upload' }));
    const lastStepFrom = site.requestLog.length;
    const again = await cli.smh(['download', channelUrl, '--json']);
    const againViews = again.stdout ? again.json<DownloadView[]>() : [];
    steps.push({
      name: 'cli: channel after a new upload',
      exitCode: again.code,
      status: againViews[0]?.status ?? 'none',
      files: await storedFiles(cli, againViews[0]?.fileIds ?? []),
      log: again.stderr.slice(-2000),
    });

    const lastStepTo = site.requestLog.length;

    // 4. A subscription to the channel: its first run finds nothing new (all three are archived); after a fourth
    // upload, the next run stores exactly that one.
    const subscription = await cli.api<{ id: string; kind?: string }>('POST', '/api/subscriptions', {
      target: channelUrl,
      schedule: { every: '6h' },
    });
    const runOnce = async (name: string): Promise<void> => {
      const started = await cli.api<{ downloadId: string }>('POST', `/api/subscriptions/${subscription.body.id}/run`);
      const finished = started.status === 202 ? await waitForDownload(cli, started.body.downloadId) : undefined;
      steps.push({
        name,
        status: started.status,
        ...(subscription.body.kind ? { kind: subscription.body.kind } : {}),
        ...(finished ? { downloadStatus: finished.status, error: finished.error ?? null } : { error: started.body }),
        files: await storedFiles(cli, finished?.fileIds ?? []),
      });
    };
    steps.push({ name: 'subscription: created', status: subscription.status, files: [] });
    await runOnce('subscription: first run');
    uploads.push(site.addVideo(channel, { name: 'Fourth upload' }));
    await runOnce('subscription: run after a new upload');

    const served: Record<string, string> = {};
    const fileRequests: Record<string, number> = {};
    const lastStepFileRequests: Record<string, number> = {};
    const isFileOf = (upload: FakePeerTubeVideo) => (entry: { path: string }) =>
      entry.path.startsWith('/static/web-videos/') && entry.path.includes(upload.uuid);
    for (const upload of uploads) {
      served[upload.name] = sha256(await readFile(await site.filePath(upload)));
      fileRequests[upload.name] = site.requestLog.filter(isFileOf(upload)).length;
      lastStepFileRequests[upload.name] = site.requestLog
        .slice(lastStepFrom, lastStepTo)
        .filter(isFileOf(upload)).length;
    }
    const results: HubResults = { steps, served, fileRequests, lastStepFileRequests };
    await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 2));
  } finally {
    await writeFile(
      join(dir, 'requests.log'),
      site.requestLog.map((e) => `${e.status} ${e.method} ${e.path}`).join('\n'),
    );
    await cli.stop();
    await site.close();
  }
}

await main();
