/**
 * `npm run bench`: every benchmark measures its subject AND a reference (curl, ffmpeg alone, nginx, a direct
 * call) in the same run, and reports the ratio. Nothing here is a pass/fail assertion.
 *   npm run bench                 all benchmarks
 *   npm run bench -- video-merge  only the named ones
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  reference: number;
  ratio: number;
  note?: string;
}

const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.endsWith('.test.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

const rows: (BenchResult & { suite: string })[] = [];
for (const file of files) {
  const suite = file.replace(/\.ts$/, '');
  process.stdout.write(`\n# ${suite}\n`);
  const module = (await import(pathToFileURL(path.join(import.meta.dirname, file)).href)) as {
    run?: () => Promise<BenchResult[]>;
  };
  if (typeof module.run !== 'function') {
    process.stdout.write('  (no run() exported; skipped)\n');
    continue;
  }
  try {
    for (const result of await module.run()) rows.push({ suite, ...result });
  } catch (error) {
    process.stdout.write(`  FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

process.stdout.write('\n| suite | measure | value | reference | ratio | note |\n|---|---|---|---|---|---|\n');
for (const row of rows) {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
  process.stdout.write(
    `| ${row.suite} | ${row.name} | ${fmt(row.value)} ${row.unit} | ${fmt(row.reference)} ${row.unit} | ${row.ratio.toFixed(2)}× | ${row.note ?? ''} |\n`,
  );
}
