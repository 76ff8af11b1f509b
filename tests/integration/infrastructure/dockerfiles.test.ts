// The one Dockerfile (ARG SERVICE): dockerfile-utils lint clean, multi-stage,
// non-root runtime with a HEALTHCHECK, compiled JavaScript (no tsx); the helper scripts the build and the
// containers run, executed for real. Building and running the images: tests/images (make images-test).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { execForm, finalImage, finalUser, parseDockerfile } from './support/dockerfile.js';
import { SERVICES, repoPath } from './support/seed.js';

const read = (path: string) => readFileSync(repoPath(path), 'utf8');

describe.each(['Dockerfile'])('%s', (path) => {
  const text = read(path);
  const { stages } = parseDockerfile(text);
  const image = finalImage(stages);

  it('has no dockerfile-utils diagnostics', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('runs its final stage as a non-root user with a HEALTHCHECK', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(['root', '0']).not.toContain(finalUser(image));
    expect(image.instructions.filter((i) => i.keyword === 'HEALTHCHECK')).toHaveLength(1);
  });

  it('copies only files that exist in the repository', () => {
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(repoPath(source)), source).toBe(true);
  });
});

describe('Dockerfile (one recipe, ARG SERVICE)', () => {
  const text = read('Dockerfile');
  const { preamble, stages } = parseDockerfile(text);
  const runtime = stages.at(-1)!;
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  const find = (keyword: string) => finalImage(stages).instructions.filter((i) => i.keyword === keyword);

  it('replaces the per-service Dockerfiles', () => {
    for (const s of SERVICES) expect(existsSync(repoPath('services', s.name, 'Dockerfile')), s.name).toBe(false);
    expect(preamble.map((i) => i.args)).toEqual([
      'NODE_IMAGE=node:20-bookworm-slim',
      'RUNTIME_IMAGE=debian:bookworm-slim',
    ]);
    expect(stage('base').from).toBe('${RUNTIME_IMAGE}');
  });

  it('compiles with `npm run build:server`, the one build `make dev` uses, and runs JavaScript with node, never tsx', () => {
    const instructions = stages.flatMap((s) => s.instructions.map((i) => `${i.keyword} ${i.args}`)).join('\n');
    expect(instructions).not.toMatch(/\btsx\b/);
    expect(instructions).not.toMatch(/tsc -p/);
    const compile = stage('compile').instructions;
    expect(compile.find((i) => i.keyword === 'RUN')!.args).toMatch(
      /^npm run build:server && find .*-name '\*\.ts'.* -delete$/,
    );
    expect(compile.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toContain(
      'scripts/embedded.ts scripts/tsconfig.build.json scripts/',
    );
    expect(JSON.parse(read('package.json')).scripts['build:server']).toBe('tsc -b scripts/tsconfig.build.json');
    expect(read('Makefile')).toMatch(/\$\(NPM\) run --silent build:server/);
    expect(existsSync(repoPath('tsconfig.build.json'))).toBe(false);
    expect(execForm(find('CMD')[0]!.args)).toEqual(['smh-start']);
    expect(execForm(find('ENTRYPOINT')[0]!.args)).toEqual(['docker-entrypoint']);
    expect(execForm(find('HEALTHCHECK')[0]!.args)).toEqual(['node', '/usr/local/lib/smh/healthcheck.mjs']);
    expect(find('ENV').map((i) => i.args)).toContain('SMH_SERVICE=${SERVICE}');
  });

  it("prunes the full install to production dependencies once, then keeps the service's own (npm ls decides)", () => {
    // One npm ci for everything: the production set is the full install pruned, not a second install.
    expect(stages.flatMap((s) => s.instructions).filter((i) => i.args.includes('npm ci'))).toHaveLength(1);
    expect(stage('proddeps').from).toBe('devdeps');
    const install = stage('proddeps').instructions.find((i) => i.keyword === 'RUN')!.args;
    expect(install).toBe('npm prune --omit=dev --no-audit --no-fund && prune-node-modules node_modules');
    expect(stage('proddeps').instructions.some((i) => i.args.includes('SERVICE'))).toBe(false);
    const narrow = stage('deps').instructions.find((i) => i.keyword === 'RUN')!.args;
    expect(stage('deps').from).toBe('proddeps');
    expect(narrow).toContain('workspaces="$(service-workspaces "$SERVICE")"');
    expect(narrow).toContain('npm ls --omit=dev --all --parseable $workspaces');
    expect(narrow).toContain('prune-to-workspaces.mjs /app');
    expect(runtime.from).toBe('base');
    expect(stage('base').from).toBe('${RUNTIME_IMAGE}');
    expect(stages.flatMap((s) => s.instructions).filter((i) => i.args.startsWith('--from=node'))).toEqual([
      expect.objectContaining({ args: '--from=node /usr/local/bin/node-runtime /usr/local/bin/node' }),
    ]);
  });

  it('uses SERVICE only in the last stages, so the seven builds share every earlier layer', () => {
    const usesService = stages.filter((s) => s.instructions.some((i) => /\bSERVICE\b/.test(i.args)));
    expect(usesService.map((s) => s.name)).toEqual(['deps', 'code', 'runtime']);
  });

  it('builds the web UI once and copies it only into the gateway and all-in-one images', () => {
    expect(stage('webui').instructions.some((i) => i.args === 'npm run build -w @smh/frontend')).toBe(true);
    const code = stage('code').instructions;
    expect(code.map((i) => i.args)).toContain('--from=webui /app/frontend/dist/ /app/frontend/dist/');
    const select = code.find((i) => i.keyword === 'RUN')!.args;
    expect(select).toMatch(/all-in-one\) cp -a services\/\. \/out\/services\/ && cp -a dist frontend \/out\//);
    expect(select).toContain(
      'if [ "$SERVICE" = api-gateway ]; then mkdir -p /out/frontend && cp -a frontend/dist /out/frontend/; fi',
    );
    expect(runtime.instructions.map((i) => i.args)).toEqual(
      expect.arrayContaining(['--from=deps /app/node_modules/ /app/node_modules/', '--from=code /out/ /app/']),
    );
  });

  it("installs only yt-dlp from Debian (no recommends, no Debian ffmpeg): yt-dlp merges with the npm package's ffmpeg", () => {
    const installs = runtime.instructions.filter((i) => i.keyword === 'RUN' && i.args.includes('apt-get install'));
    expect(installs).toHaveLength(1);
    const install = installs[0]!.args;
    expect(install).toMatch(/^if \[ "\$SERVICE" = "download-service" \] \|\| \[ "\$SERVICE" = "all-in-one" \]; then/);
    const packages = /apt-get install -y --no-install-recommends ([^&]+)&&/.exec(install)?.[1]?.trim().split(/\s+/);
    expect(packages).toEqual(['yt-dlp', 'ca-certificates']);
    expect(stages.flatMap((s) => s.instructions).filter((i) => /apt-get install[^&]*\bffmpeg\b/.test(i.args))).toEqual(
      [],
    );
    const downloadService = JSON.parse(read('services/download-service/package.json'));
    const videoService = JSON.parse(read('services/video-service/package.json'));
    expect(downloadService.dependencies['@ffmpeg-installer/ffmpeg']).toBe(
      videoService.dependencies['@ffmpeg-installer/ffmpeg'],
    );
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', 'data', '.env', '.git', '**/*.test.ts'])
      expect(ignored).toContain(pattern);
    expect(ignored).not.toContain('infrastructure/docker');
  });
});

describe('build helpers', () => {
  const workspaces = (service: string) =>
    spawnSync('sh', [repoPath('infrastructure/docker/service-workspaces.sh'), service], { encoding: 'utf8' });

  it('service-workspaces.sh selects @smh/shared plus the service, or every back end for all-in-one', () => {
    for (const s of SERVICES) {
      expect(workspaces(s.name).stdout.trim()).toBe(`--workspace=@smh/shared --workspace=@smh/${s.name}`);
    }
    expect(workspaces('all-in-one').stdout.trim().split(' ')).toEqual([
      '--workspace=@smh/shared',
      ...SERVICES.map((s) => `--workspace=@smh/${s.name}`),
    ]);
    const bad = workspaces('mail-service');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("unknown SERVICE 'mail-service'");
  });

  it('prune-node-modules.sh drops maps, declarations and the unused sql.js builds, and opens ffmpeg to all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smh-prune-'));
    const files = [
      'fastify/fastify.js',
      'fastify/fastify.d.ts',
      'fastify/README.md',
      'pino/index.js.map',
      'sql.js/dist/sql-wasm.js',
      'sql.js/dist/sql-wasm.wasm',
      'sql.js/dist/sql-asm-debug.js',
      'sql.js/dist/sqljs-all.zip',
      '@ffprobe-installer/linux-x64/ffprobe',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), 'x');
    }
    chmodSync(join(dir, '@ffprobe-installer/linux-x64/ffprobe'), 0o744);
    execFileSync('sh', [repoPath('infrastructure/docker/prune-node-modules.sh'), dir]);
    expect(files.filter((file) => existsSync(join(dir, file)))).toEqual([
      'fastify/fastify.js',
      'sql.js/dist/sql-wasm.js',
      'sql.js/dist/sql-wasm.wasm',
      '@ffprobe-installer/linux-x64/ffprobe',
    ]);
    expect(statSync(join(dir, '@ffprobe-installer/linux-x64/ffprobe')).mode & 0o777).toBe(0o755);
  });

  it('smh-start.sh refuses to start without SMH_SERVICE or with a service the image does not carry', () => {
    const start = (env: Record<string, string>) =>
      spawnSync('sh', [repoPath('infrastructure/docker/smh-start.sh')], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
        encoding: 'utf8',
      });
    const unset = start({});
    expect(unset.status).toBe(64);
    expect(unset.stderr).toContain('SMH_SERVICE is not set');
    const absent = start({ SMH_SERVICE: 'mail-service' });
    expect(absent.status).toBe(64);
    expect(absent.stderr).toContain("this image does not carry 'mail-service'");
  });
});

describe('docker-entrypoint.sh', () => {
  const entrypoint = repoPath('infrastructure/docker/docker-entrypoint.sh');
  const run = (env: Record<string, string>) =>
    spawnSync(
      'sh',
      [entrypoint, 'sh', '-c', 'printf "%s|%s|%s" "$SMH_SECRET_KEY" "$DATABASE_URL" "${SMH_SECRET_KEY_FILE:-unset}"'],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
        encoding: 'utf8',
      },
    );

  it('loads <VAR>_FILE contents into <VAR> (trailing newline removed) and unsets the _FILE variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smh-entrypoint-'));
    writeFileSync(join(dir, 'key'), 'k3y with spaces\n');
    writeFileSync(join(dir, 'db'), 'postgres://u:p@db:5432/smh');
    const result = run({ SMH_SECRET_KEY_FILE: join(dir, 'key'), DATABASE_URL_FILE: join(dir, 'db') });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('k3y with spaces|postgres://u:p@db:5432/smh|unset');
  });

  it('passes plain variables through and rejects ambiguous, missing or empty secret files', () => {
    expect(run({ SMH_SECRET_KEY: 'direct' }).stdout).toBe('direct||unset');
    const both = run({ SMH_SECRET_KEY: 'a', SMH_SECRET_KEY_FILE: '/etc/hostname' });
    expect(both.status).toBe(64);
    expect(both.stderr).toMatch(/both SMH_SECRET_KEY and SMH_SECRET_KEY_FILE/);
    const missing = run({ DATABASE_URL_FILE: '/nonexistent/db' });
    expect(missing.status).toBe(66);
    expect(missing.stderr).toMatch(/DATABASE_URL_FILE=\/nonexistent\/db is not a readable file/);
    const dir = mkdtempSync(join(tmpdir(), 'smh-entrypoint-'));
    writeFileSync(join(dir, 'empty'), '');
    expect(run({ SMH_SECRET_KEY_FILE: join(dir, 'empty') }).status).toBe(65);
  });

  it('is a valid POSIX shell script, as are the other container scripts', () => {
    for (const script of ['docker-entrypoint.sh', 'service-workspaces.sh', 'smh-start.sh', 'prune-node-modules.sh']) {
      execFileSync('sh', ['-n', repoPath('infrastructure/docker', script)]);
    }
  });
});
