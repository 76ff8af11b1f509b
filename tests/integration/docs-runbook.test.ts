/**
 * The operator docs cannot drift from what runs: every shell block marked `<!-- runbook: NAME -->` in docs/ is,
 * to the character, the block `# >>> docs:NAME` of scripts/distributed-demo.sh (which CI runs, tests/e2e/runbook.test.ts),
 * and the start-up error texts docs/operations.md quotes are the ones the processes print.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

function scriptBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of read('scripts/distributed-demo.sh').matchAll(/# >>> docs:([\w-]+)\n([\s\S]*?)# <<<\n/g))
    blocks.set(match[1] ?? '', match[2] ?? '');
  return blocks;
}

function docBlocks(): Map<string, { file: string; text: string }> {
  const blocks = new Map<string, { file: string; text: string }>();
  for (const file of ['docs/deployment.md', 'docs/operations.md']) {
    for (const match of read(file).matchAll(/<!-- runbook: ([\w-]+) -->\n```sh\n([\s\S]*?)```\n/g))
      blocks.set(match[1] ?? '', { file, text: match[2] ?? '' });
  }
  return blocks;
}

describe('docs and the runbook script', () => {
  it('has the same commands in every marked block, and no block on one side only', () => {
    const script = scriptBlocks();
    const docs = docBlocks();
    expect(script.size).toBeGreaterThanOrEqual(7);
    expect([...docs.keys()].sort()).toEqual([...script.keys()].sort());
    for (const [name, text] of script) expect(docs.get(name)?.text, `${name} in ${docs.get(name)?.file}`).toBe(text);
  });

  it('quotes the start-up error texts the processes really print', { timeout: 180_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smh-docs-errors-'));
    // The services parse their own variables after opening the (embedded) database: that takes a few seconds.
    const run = async (entry: string, env: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', entry], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: dataDir, SMH_DATA_DIR: path.join(dataDir, entry), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
      expect(code, `${entry}: ${output}`).toBe(1);
      return output;
    };
    const printed = (
      await Promise.all([
        run('services/account-service/src/main.ts', { SMH_QUEUE_LOCK_MS: '50' }),
        run('services/scheduler-service/src/main.ts', { SMH_SCHEDULER_FLAG_AFTER_FAILURES: 'x' }),
        run('scripts/embedded.ts', { DOWNLOAD_JOB_CONCURRENCY: '0' }),
      ])
    ).join('\n');
    fs.rmSync(dataDir, { recursive: true, force: true });

    const row = read('docs/operations.md')
      .split('\n')
      .find((line) => line.startsWith('| start-up stops with'));
    const quoted = [...(row ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    const texts = quoted.filter((text) => /Invalid configuration|could not start|: must be/.test(text));
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const text of texts) expect(printed, text).toContain(text);
  });
});
