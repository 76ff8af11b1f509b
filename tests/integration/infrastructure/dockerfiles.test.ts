// Every Dockerfile: dockerfile-utils lint clean, multi-stage on node:20-bookworm-slim, non-root runtime,
// a HEALTHCHECK on /health, the seed port exposed, the documented start command; plus the entrypoint's
// <VAR>_FILE secret handling, executed for real.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { execForm, finalUser, parseDockerfile } from './support/dockerfile.js';
import { SERVICES, repoPath } from './support/seed.js';

const SERVICE_DOCKERFILES = SERVICES.map((s) => [`services/${s.name}/Dockerfile`, s] as const);
const ALL_DOCKERFILES = [...SERVICE_DOCKERFILES.map(([path]) => path), 'Dockerfile', 'frontend/Dockerfile'];
const read = (path: string) => readFileSync(repoPath(path), 'utf8');

describe.each(ALL_DOCKERFILES)('%s', (path) => {
  const text = read(path);
  const { stages } = parseDockerfile(text);
  const runtime = stages.at(-1)!;

  it('has no dockerfile-utils diagnostics', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('runs its final stage as a non-root user with a HEALTHCHECK', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(['root', '0']).not.toContain(finalUser(runtime));
    expect(runtime.instructions.filter((i) => i.keyword === 'HEALTHCHECK')).toHaveLength(1);
  });

  it('copies only manifests that exist in the repository', () => {
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    for (const source of sources.filter((s) => s.endsWith('package.json') || s.startsWith('infrastructure/'))) {
      expect(existsSync(repoPath(source)), source).toBe(true);
    }
  });
});

describe.each(SERVICE_DOCKERFILES)('%s (service image)', (path, service) => {
  const { preamble, stages } = parseDockerfile(read(path));
  const runtime = stages.at(-1)!;
  const find = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

  it('builds on node:20-bookworm-slim in every stage', () => {
    expect(preamble.find((i) => i.keyword === 'ARG')?.args).toBe('NODE_IMAGE=node:20-bookworm-slim');
    for (const stage of stages) expect(stage.from).toBe('${NODE_IMAGE}');
  });

  it('installs only its own workspace and @smh/shared without dev dependencies', () => {
    const install = stages[0]!.instructions.find((i) => i.keyword === 'RUN' && i.args.includes('npm ci'))!.args;
    expect(install).toContain('--omit=dev');
    expect(install.match(/--workspace=\S+/g)).toEqual(['--workspace=@smh/shared', `--workspace=@smh/${service.name}`]);
  });

  it('exposes the seed port and health-checks GET /health with node on that port', () => {
    expect(find('EXPOSE').map((i) => i.args)).toEqual([String(service.port)]);
    expect(find('ENV')[0]!.args).toMatch(new RegExp(`PORT=${service.port}\\b`));
    const check = execForm(find('HEALTHCHECK')[0]!.args)!;
    expect(check[0]).toBe('node');
    expect(check.join(' ')).toContain("'/health'");
    expect(check.join(' ')).toContain(`process.env.PORT || ${service.port}`);
  });

  it('starts with node --import tsx on the service main module through the entrypoint', () => {
    expect(execForm(find('CMD')[0]!.args)).toEqual(['node', '--import', 'tsx', `services/${service.name}/src/main.ts`]);
    expect(execForm(find('ENTRYPOINT')[0]!.args)).toEqual(['docker-entrypoint']);
  });

  it(`${service.ffmpeg ? 'carries' : 'does not carry'} Debian's ffmpeg`, () => {
    const installsFfmpeg = find('RUN').some((i) => /apt-get install[^&]*\bffmpeg\b/.test(i.args));
    expect(installsFfmpeg).toBe(service.ffmpeg);
  });
});

describe('image specifics', () => {
  it('builds the web UI into the gateway image and the all-in-one image', () => {
    for (const path of ['services/api-gateway/Dockerfile', 'Dockerfile']) {
      const { stages } = parseDockerfile(read(path));
      const frontend = stages.find((s) => s.name === 'frontend')!;
      expect(frontend.instructions.some((i) => i.args === 'npm run build -w @smh/frontend')).toBe(true);
      expect(stages.at(-1)!.instructions.some((i) => i.args.startsWith('--from=frontend /app/frontend/dist/'))).toBe(
        true,
      );
    }
  });

  it('runs the embedded mode with ffmpeg in the all-in-one image', () => {
    const runtime = parseDockerfile(read('Dockerfile')).stages.at(-1)!;
    expect(execForm(runtime.instructions.find((i) => i.keyword === 'CMD')!.args)).toEqual([
      'node',
      '--import',
      'tsx',
      'scripts/embedded.ts',
    ]);
    expect(runtime.instructions.some((i) => /apt-get install[^&]*\bffmpeg\b/.test(i.args))).toBe(true);
    expect(runtime.instructions.filter((i) => i.keyword === 'EXPOSE').map((i) => i.args)).toEqual(['8080']);
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const pattern of ['**/node_modules', 'data', '.env', '.git', '**/*.test.ts'])
      expect(ignored).toContain(pattern);
    expect(ignored).not.toContain('infrastructure/docker');
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

  it('is a valid POSIX shell script, as is install-tsx.sh', () => {
    for (const script of ['docker-entrypoint.sh', 'install-tsx.sh']) {
      execFileSync('sh', ['-n', repoPath('infrastructure/docker', script)]);
    }
  });
});
