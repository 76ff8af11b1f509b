/**
 * SIGTERM with a client on /api/events: the embedded hub (one process) ends the stream and exits 0 by itself,
 * while the client is still connected (before, it waited for the client to leave).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { HubClient } from './support/api.js';
import { REPO_ROOT } from './support/hub-processes.js';
import { freePort, spawnManaged, stopAll, waitUntil } from './support/processes.js';

const dirs: string[] = [];
afterAll(async () => {
  await stopAll();
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('stopping the embedded hub with an open event stream', () => {
  it('ends the stream and exits 0 on SIGTERM while the client stays connected', { timeout: 90_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-shutdown-'));
    dirs.push(dir);
    const port = await freePort();
    const hub = spawnManaged('embedded-hub', process.execPath, ['--import', 'tsx', 'scripts/embedded.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        SMH_DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'warn',
      },
      logDir: dir,
    });
    const api = new HubClient(`http://127.0.0.1:${port}`);
    await waitUntil(
      'the embedded hub',
      async () => {
        if (!hub.running()) throw new Error(`the hub exited:\n${hub.tail()}`);
        const health = await request(`${api.baseUrl}/api/health`);
        await health.body.dump();
        return health.statusCode === 200 || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, describe: () => hub.tail() },
    );
    await api.json('POST', '/api/auth/register', { username: 'stopper', password: 'a long enough password' });
    await api.login('stopper', 'a long enough password');

    const stream = await request(`${api.baseUrl}/api/events`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(stream.statusCode).toBe(200);
    let text = '';
    const ended = new Promise<void>((resolve) => {
      stream.body.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      stream.body.on('end', () => resolve());
      stream.body.on('error', () => resolve());
    });
    await expect.poll(() => text).toContain(': connected');

    process.kill(hub.pid, 'SIGTERM');
    expect(await hub.exited).toBe(0);
    await ended;
    expect(hub.tail()).not.toMatch(/deadline/);
  });
});
