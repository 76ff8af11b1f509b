/** A whole embedded hub with a fake Instagram, a signed-in user with an API key, and `smh` run in-process. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHub, type TestHub } from '../../tests/support/hub.js';
import { runCli } from '../src/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

export interface CliHub {
  hub: TestHub;
  apiKey: string;
  workDir: string;
  /** The hub's API with the user's key (for checks independent of the CLI). */
  api<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  smh(args: string[], env?: Record<string, string | undefined>, options?: { pollMs?: number }): Promise<CliRun>;
  stop(): Promise<void>;
}

/** `env` overrides the test hub's configuration (e.g. SMH_ALLOW_PRIVATE_URLS=false to keep the SSRF guard on). */
export async function startCliHub(options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliHub> {
  const hub = await startTestHub(options.env ? { env: options.env } : {});
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-cli-'));
  const call = async (method: string, route: string, body?: unknown, token?: string) => {
    const response = await fetch(`${hub.url}${route}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const credentials = { username: 'cli-user', password: 'correct horse battery' };
  await call('POST', '/api/auth/register', credentials);
  const login = await call('POST', '/api/auth/login', credentials);
  const created = await call('POST', '/api/auth/api-keys', { name: 'cli tests' }, login.body.accessToken);
  const apiKey = created.body.key as string;
  return {
    hub,
    apiKey,
    workDir,
    api: (method, route, body) => call(method, route, body, apiKey),
    async smh(args, env = {}, options = {}) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: { SMH_URL: hub.url, SMH_API_KEY: apiKey, ...env },
        cwd: workDir,
        pollMs: options.pollMs ?? 100,
      });
      return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
    },
    async stop() {
      await hub.stop();
      await fs.rm(workDir, { recursive: true, force: true });
    },
  };
}
