/**
 * Child processes of an e2e run, each the leader of its own process group, with stdout/stderr in a log file.
 * Every group is SIGKILLed on teardown, and also when the test process exits, so a failed run leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { vi } from 'vitest';
import { descendantsOf } from './proc.js';

export interface ManagedProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (null after a signal). */
  exited: Promise<number | null>;
  running(): boolean;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
}

const live = new Set<ManagedProcess>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

process.once('exit', () => {
  for (const managed of live) killGroup(managed.pid, 'SIGKILL');
});

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logDir: string; uid?: number; gid?: number },
): ManagedProcess {
  fs.mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', out, out],
    uid: options.uid,
    gid: options.gid,
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`${name}: ${command} could not be started`);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => {
      code = exitCode;
      live.delete(managed);
      resolve(exitCode);
    }),
  );
  const managed: ManagedProcess = {
    name,
    pid: child.pid,
    child,
    logFile,
    exited,
    running: () => code === undefined,
    tail: (lines = 30) => {
      const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      return text.split('\n').slice(-lines).join('\n');
    },
  };
  live.add(managed);
  return managed;
}

/** SIGTERM the group, SIGKILL whatever is left after `graceMs`. */
export async function stopManaged(managed: ManagedProcess, graceMs = 5000): Promise<void> {
  if (!managed.running()) return;
  killGroup(managed.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(managed.pid, 'SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
  killGroup(managed.pid, 'SIGKILL');
}

/**
 * A crash, as when a container or machine dies: SIGKILL the process, its group, and every descendant that went
 * into a group of its own (ffmpeg runs detached).
 */
export async function crash(managed: ManagedProcess): Promise<void> {
  const descendants = descendantsOf(managed.pid);
  killGroup(managed.pid, 'SIGKILL');
  for (const pid of descendants) killGroup(pid, 'SIGKILL');
  for (const pid of descendants) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone with its group
    }
  }
  await managed.exited;
}

export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...live].map((managed) => stopManaged(managed, graceMs)));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Retries `check` (vi.waitFor) until it returns a value (not undefined); fails with `describe()` after the timeout. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const notYet = new Error('no value yet');
  try {
    return await vi.waitFor(
      async () => {
        const value = await check();
        if (value === undefined) throw notYet;
        return value;
      },
      { timeout: options.timeoutMs, interval: options.intervalMs ?? 250 },
    );
  } catch (error) {
    const why = error !== notYet ? ` (last error: ${(error as Error).message})` : '';
    throw new Error(
      `timed out after ${options.timeoutMs} ms waiting for ${what}${why}${options.describe ? `\n${options.describe()}` : ''}`,
      { cause: error },
    );
  }
}
