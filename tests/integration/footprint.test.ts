/**
 * What keeps the embedded hub small and quick to start: the compiled build's package mapping (tsx/Vitest read
 * src/, `node --conditions=smh-compiled` reads dist/), clients the embedded hub does not use left unloaded, and
 * PGlite opened with small memory settings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '@smh/shared';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const PACKAGES = ['shared', ...fs.readdirSync(path.join(ROOT, 'services')).map((name) => `services/${name}`)];

describe('compiled server build', () => {
  it.each(PACKAGES)('%s maps smh-compiled to the dist/ file tsc emits for each source entry', (dir) => {
    const build = readJson(`${dir}/tsconfig.build.json`);
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    const exports = readJson(`${dir}/package.json`).exports as Record<string, Record<string, string>>;
    for (const target of Object.values(exports)) {
      expect(target.default).toMatch(/^\.\/src\/.+\.ts$/);
      expect(target['smh-compiled']).toBe(target.default?.replace('./src/', './dist/').replace(/\.ts$/, '.js'));
      if (!target.default?.includes('*')) expect(fs.existsSync(path.join(ROOT, dir, target.default ?? ''))).toBe(true);
    }
  });

  it('compiles the JavaScript modules kept in src/ too (a worker loaded by URL must exist in dist/)', () => {
    // dist/ is what `make dev` and the images run; tsc includes every .ts by itself, but a .mjs only with allowJs.
    const scripts = PACKAGES.flatMap((dir) =>
      (fs.readdirSync(path.join(ROOT, dir, 'src'), { recursive: true }) as string[])
        .filter((file) => /\.(m|c)?js$/.test(file))
        .map((file) => ({ dir, file: path.join(dir, 'src', file) })),
    );
    for (const dir of new Set(scripts.map((script) => script.dir))) {
      const listed = execFileSync('npx', ['tsc', '-p', `${dir}/tsconfig.build.json`, '--listFilesOnly'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
        .split('\n')
        .map((file) => path.relative(ROOT, file));
      const missing = scripts.filter((script) => script.dir === dir && !listed.includes(script.file));
      expect(missing.map((script) => script.file)).toEqual([]);
    }
  });

  it('builds every package with the embedded launcher, and make dev runs the compiled launcher', () => {
    const references = (readJson('scripts/tsconfig.build.json').references as Array<{ path: string }>).map((ref) =>
      path.dirname(path.join('scripts', ref.path)),
    );
    expect(references.sort()).toEqual([...PACKAGES].sort());
    const makefile = fs.readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
    expect(makefile).toMatch(/^dev:.*dist\/scripts\/embedded\.js/m);
    expect(makefile).toContain('node --conditions=smh-compiled dist/scripts/embedded.js');
  });
});

describe('embedded footprint', () => {
  it('loading @smh/shared leaves the Redis, pg, BullMQ and OpenTelemetry SDK modules unloaded', () => {
    const script = [
      "await import('@smh/shared');",
      "const { createRequire } = await import('node:module');",
      'const cache = Object.keys(createRequire(import.meta.url).cache);',
      'const heavy = /node_modules\\/(ioredis|bullmq|pg|@opentelemetry\\/sdk-trace-node|@opentelemetry\\/exporter-trace-otlp-http)\\//;',
      'console.log(JSON.stringify(cache.filter((file) => heavy.test(file))));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.join(ROOT, 'shared'),
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').at(-1) ?? 'null')).toEqual([]);
  });

  it('a started embedded hub (every service, answering /api/health) has not loaded the modules needed only on first use', async () => {
    // sharp/libvips (thumbnails, upload dimensions), argon2 (sign-up, sign-in), @fastify/swagger with yaml and
    // json-schema-resolver (a service's /openapi.json): loaded by the first request that needs them, not by every
    // start.
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smh-footprint-start-'));
    const script = [
      "const { loadConfig } = await import('@smh/shared');",
      "const { startEmbeddedHub } = await import('./scripts/embedded.ts');",
      `const config = loadConfig({ SMH_DATA_DIR: ${JSON.stringify(dataDir)}, HOST: '127.0.0.1', LOG_LEVEL: 'warn' });`,
      'const hub = await startEmbeddedHub({ ...config, port: 0 }, { quiet: true });',
      "const health = await fetch(hub.url + '/api/health');",
      "const { createRequire } = await import('node:module');",
      'const cache = Object.keys(createRequire(import.meta.url).cache);',
      'const heavy = /node_modules\\/(sharp|@img\\/sharp-[^/]+|@node-rs\\/argon2[^/]*|@fastify\\/swagger|yaml|json-schema-resolver)\\//;',
      'const loaded = [...new Set(cache.filter((file) => heavy.test(file)).map((file) => heavy.exec(file)[1]))];',
      'await hub.stop();',
      'console.log(JSON.stringify({ status: health.status, loaded }));',
    ].join('\n');
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(JSON.parse(out.trim().split('\n').at(-1) ?? 'null')).toEqual({ status: 200, loaded: [] });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 300_000);

  it('opens PGlite with 32 MB of shared buffers', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'smh-pglite-memory-'));
    const db = await openPglite(dir);
    try {
      const { rows } = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(rows[0]?.shared_buffers).toBe('32MB');
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
