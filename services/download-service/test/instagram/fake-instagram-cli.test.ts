import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/instagram/client.js';
import { InstagramClient } from '../../src/instagram/client.js';

const MAIN = fileURLToPath(new URL('../../../../tests/fakes/instagram/main.ts', import.meta.url));
let child: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

afterAll(() => {
  if (child?.pid) child.kill('SIGTERM');
});

describe('tests/fakes/instagram/main.ts', () => {
  it('starts on the given port with the demo profile and session', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', String(port), '--posts', '12'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('session cookie')) resolve(out);
      });
      child!.stderr!.on('data', (chunk: Buffer) => reject(new Error(chunk.toString())));
      child!.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    expect(banner).toContain(`www http://127.0.0.1:${port}`);
    const client = new InstagramClient({
      webBaseUrl: `http://127.0.0.1:${port}`,
      apiBaseUrl: `http://127.0.0.1:${port + 1}`,
      minIntervalMs: 0,
      cookies: { sessionid: 'fake-session-id', csrftoken: 'x' },
    });
    expect(await client.getCurrentUser()).toEqual({ username: 'fixture_user' });
    const profile = await client.getProfile('fixture_user');
    expect(await collect(client.iterateUserPosts(profile.id))).toHaveLength(12);
    expect(await client.getStories(profile.id)).toHaveLength(3);
  }, 30_000);
});
