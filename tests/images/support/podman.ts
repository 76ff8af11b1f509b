/**
 * podman for the container stage: the store and configuration come from infrastructure/ci/podman-env.sh
 * (CONTAINERS_CONF / CONTAINERS_STORAGE_CONF in a temporary directory), set by images-test.sh.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Image names as scripts/build.sh tags them (and docker-compose.yml names them). */
export const IMAGE_TAG = process.env.SMH_IMAGES_TAG ?? 'dev';
export const image = (service: string): string => `smh/${service}:${IMAGE_TAG}`;

export function requirePodmanStore(): void {
  if (!process.env.CONTAINERS_STORAGE_CONF) {
    throw new Error(
      'tests/images run inside the container stage: `make images-test` (infrastructure/ci/images-test.sh)',
    );
  }
}

/** Runs a command; rejects with its stderr. */
export async function exec(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  try {
    const { stdout } = await run(command, args, {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      maxBuffer: 32 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${failed.stderr || failed.stdout || failed.message}`);
  }
}

export const podman = (...args: string[]): Promise<string> => exec('podman', args);

export interface InsideResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * An HTTP GET made from inside a container with the image's own node: no published ports needed, and it proves
 * the service answers on its own network namespace.
 */
export async function getInside(container: string, port: number, path: string): Promise<InsideResponse> {
  const script = `fetch('http://127.0.0.1:${port}${path}').then(async (r) => console.log(JSON.stringify({ status: r.status, contentType: r.headers.get('content-type') ?? '', body: await r.text() })), (e) => { console.log(JSON.stringify({ status: 0, contentType: '', body: String(e) })); })`;
  return JSON.parse(await podman('exec', container, 'node', '-e', script)) as InsideResponse;
}

/** The last lines of a container's log, for failure messages. */
export const logsOf = (container: string): Promise<string> =>
  podman('logs', '--tail', '40', container).catch((error: Error) => error.message);
