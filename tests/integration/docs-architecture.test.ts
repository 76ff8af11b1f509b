/**
 * The hand-written docs name what the code declares: every job, event, table, environment variable and metric the
 * code defines must appear in the page that documents it, so adding one without documenting it fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventSchemas, JOB_NAMES, PUBLIC_EVENTS } from '@smh/shared';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const overview = read('docs/architecture/overview.md');
const deployment = read('docs/deployment.md');
const readme = read('README.md');
const apiIntro = read('docs/api/intro.md');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** Keys of the zod object a source file parses the environment with (upper-case keys at the start of a line). */
function environmentKeys(file: string): string[] {
  return [...read(file).matchAll(/^\s+([A-Z][A-Z0-9_]{2,}):/gm)].map((match) => match[1]!);
}

describe('docs/architecture/overview.md', () => {
  it('lists every job of shared/src/queue/jobs.ts', () => {
    expect(JOB_NAMES.length).toBeGreaterThan(0);
    for (const job of JOB_NAMES) expect(overview, job).toMatch(new RegExp(`\\| \`${job.replace('.', '\\.')} \\{`));
  });

  it('lists every event of shared/src/events/events.ts in its events table', () => {
    for (const event of Object.keys(eventSchemas)) expect(overview, event).toContain(`\`${event}\``);
  });

  it('names every table the migrations create, with its schema', () => {
    const tables = filesUnder('services', /^\d+_.*\.sql$/).flatMap((file) =>
      [...read(file).matchAll(/CREATE TABLE (\w+)\.(\w+)/g)].map((m) => [m[1]!, m[2]!] as const),
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const [schema, table] of tables) {
      expect(overview, `${schema}.${table}`).toContain(`\`${schema}\``);
      expect(overview, `${schema}.${table}`).toContain(`\`${table}\``);
    }
  });
});

describe('docs/api/intro.md', () => {
  it('describes every event the SSE stream forwards', () => {
    for (const event of PUBLIC_EVENTS) expect(apiIntro, event).toContain(`\`${event}\``);
  });
});

describe('docs/deployment.md', () => {
  it('documents every environment variable the code parses (here or in the README)', () => {
    const sources = [
      'shared/src/config.ts',
      'services/download-service/src/settings.ts',
      'services/scheduler-service/src/options.ts',
    ];
    for (const source of sources) {
      const keys = environmentKeys(source);
      expect(keys.length, source).toBeGreaterThan(2);
      for (const key of keys) expect(`${deployment}\n${readme}`, `${key} (${source})`).toContain(`\`${key}\``);
    }
  });

  it('names every metric a service registers', () => {
    const sources = [
      'shared/src/metrics.ts',
      ...filesUnder('services', /\.ts$/).filter((file) => file.includes('/src/')),
    ];
    const names = new Set(
      sources.flatMap((file) => [...read(file).matchAll(/name: '((?:smh|http)_[a-z_]+)'/g)].map((m) => m[1]!)),
    );
    expect(names.size).toBeGreaterThan(8);
    const section = deployment.slice(deployment.indexOf('## Metrics each service exports'));
    for (const name of names) expect(section, name).toContain(`\`${name}\``);
  });
});
