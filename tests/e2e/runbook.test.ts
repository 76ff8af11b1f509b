/**
 * The operator runbook, run as written: scripts/distributed-demo.sh brings the distributed hub up from the docs'
 * own commands (PostgreSQL and Redis of its own, six services with two download workers, nginx), runs a user
 * journey through nginx, kills a worker, restarts Redis and PostgreSQL, stops everything with an event stream
 * open, and tears down. It needs root (private network and PID namespaces); CI runs as root.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireTools } from './support/tools.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  const message = 'the runbook test needs root (unshare for private network and PID namespaces)';
  if (process.env.CI || process.env.SMH_REQUIRE_SERVICES === '1') throw new Error(`${message}; CI runs as root`);
  console.warn(`\n!!! SKIPPING: ${message}. !!!\n`);
}
const tools = isRoot ? requireTools('the runbook test', ['nginx', 'redis-server', 'initdb', 'pg_ctl']) : undefined;

describe.runIf(isRoot && tools)('scripts/distributed-demo.sh', () => {
  it('runs every step of the distributed walk-through and the restart drill', { timeout: 600_000 }, async () => {
    const child = spawn('bash', ['scripts/distributed-demo.sh'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const steps = output
      .split('\n')
      .filter((line) => line.startsWith('runbook:') || /^\w.*: .*(completed|206|file)/.test(line));
    expect(code, output.slice(-6000)).toBe(0);
    expect(steps.join('\n')).toContain('runbook: all steps passed');
    expect(output).toMatch(/after a worker died: 6 listings answered, subscription run \S+ completed/);
    expect(output.match(/after the restart: subscription run \S+ completed/g)).toHaveLength(2);
  });
});
