/**
 * A Redis and a PostgreSQL of the test's own, on free ports in a temp directory, that the test may stop and start
 * again (the machine's shared servers on 6379/5432 are never touched). Both keep their data across a restart:
 * Redis with an append-only file (as production must, or queued jobs die with it), PostgreSQL in its data dir.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, portOpen, spawnManaged, stopManaged, waitUntil, type ManagedProcess } from './processes.js';
import { POSTGRES_BIN } from './tools.js';

export interface RestartableServer {
  url: string;
  port: number;
  /** Clean shutdown (Redis SIGTERM, PostgreSQL fast shutdown): clients see their connections drop. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes its data. */
  destroy(): Promise<void>;
}

export async function startDedicatedRedis(binary: string, logDir: string): Promise<RestartableServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-e2e-redis-'));
  const port = await freePort();
  let server: ManagedProcess | undefined;
  const start = async () => {
    server = spawnManaged(
      `redis-${port}`,
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { logDir },
    );
    const started = server;
    await waitUntil(
      'redis to listen',
      async () => {
        if (!started.running()) throw new Error(`redis exited: ${started.tail()}`);
        return (await portOpen(port)) || undefined;
      },
      { timeoutMs: 10_000 },
    );
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: async () => {
      if (server) await stopManaged(server, 10_000);
    },
    destroy: async () => {
      if (server) await stopManaged(server, 10_000);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    };
  } catch {
    throw new Error('running as root, but there is no postgres user to run a throwaway cluster as');
  }
}

/** A throwaway PostgreSQL 15 cluster (initdb as the postgres user, trust auth), database `smh`. */
export async function startDedicatedPostgres(logDir: string): Promise<RestartableServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'smh-e2e-pg-'));
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (user) await fs.chown(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  execFileSync(
    path.join(POSTGRES_BIN, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'],
    { stdio: 'ignore', ...(user ?? {}) },
  );
  const port = await freePort();
  let server: ManagedProcess | undefined;
  const start = async () => {
    server = spawnManaged(
      `postgres-${port}`,
      path.join(POSTGRES_BIN, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ],
      { logDir, ...(user ?? {}) },
    );
    const started = server;
    await waitUntil(
      'postgres to accept connections',
      async () => {
        if (!started.running()) throw new Error(`postgres exited: ${started.tail()}`);
        const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
        await client.connect();
        await client.end();
        return true;
      },
      { timeoutMs: 30_000, describe: () => started.tail() },
    );
  };
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE smh');
  await admin.end();
  const stop = async () => {
    if (!server?.running()) return;
    const stopping = server;
    stopping.child.kill('SIGINT'); // fast shutdown: active connections are terminated, then a clean checkpoint
    const timer = setTimeout(() => void stopManaged(stopping, 1000), 15_000);
    await stopping.exited;
    clearTimeout(timer);
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/smh`,
    port,
    start,
    stop,
    destroy: async () => {
      await stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
