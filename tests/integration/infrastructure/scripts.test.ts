// scripts/build.sh, deploy.sh and cleanup.sh: executable, strict bash, --help, argument errors, and their
// real behaviour (dry-run command lists; cleanup actually deleting in a scratch copy of the repository layout).
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasKubectl, KUBECTL_INSTALL, needTool, SERVICES, repoPath } from './support/seed.js';

const SCRIPTS = ['build.sh', 'deploy.sh', 'cleanup.sh'];
const run = (script: string, args: string[], cwd = repoPath()) =>
  spawnSync('bash', [join(cwd, 'scripts', script), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SMH_IMAGE_PREFIX: '', SMH_VERSION: '' },
  });

describe.each(SCRIPTS)('scripts/%s', (script) => {
  it('is executable, uses strict mode and passes bash -n', () => {
    accessSync(repoPath('scripts', script), constants.X_OK);
    const text = readFileSync(repoPath('scripts', script), 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toContain('set -euo pipefail');
    expect(spawnSync('bash', ['-n', repoPath('scripts', script)]).status).toBe(0);
  });

  it('prints usage for --help and rejects unknown options', () => {
    const help = run(script, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: scripts/${script}`));
    const bad = run(script, ['--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });
});

describe('build.sh', () => {
  const commands = (args: string[]) =>
    run('build.sh', ['--dry-run', ...args])
      .stdout.split('\n')
      .filter((l) => l.startsWith('+ '));

  it('builds the web UI, then every service image and the all-in-one image from the one Dockerfile', () => {
    const list = commands(['--engine', 'docker', '--registry', 'ghcr.io/acme/smh', '--tag', 'v9', '--push']);
    expect(list[0]).toBe('+ npm run build -w @smh/frontend');
    for (const image of [...SERVICES.map((s) => s.name), 'all-in-one']) {
      expect(list).toContain(
        `+ docker build --file Dockerfile --build-arg SERVICE=${image} --tag ghcr.io/acme/smh/${image}:v9 --label org.opencontainers.image.revision=v9 .`,
      );
      expect(list).toContain(`+ docker push ghcr.io/acme/smh/${image}:v9`);
    }
  });

  it('builds with podman on the host network, keeping HEALTHCHECK (docker format), and only named services', () => {
    expect(commands(['--engine', 'podman', '--no-frontend', '--tag', 't', '--services', 'video-service'])).toEqual([
      '+ podman build --network host --layers --format docker --jobs 2 --file Dockerfile --build-arg SERVICE=video-service --tag smh/video-service:t --label org.opencontainers.image.revision=t .',
    ]);
    const bad = run('build.sh', ['--services', 'mail-service']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown service 'mail-service'");
    const engine = run('build.sh', ['--engine', 'buildkit']);
    expect(engine.status).toBe(2);
    expect(engine.stderr).toContain("unknown engine 'buildkit'");
  });
});

describe('build.sh with podman and an npm cache', () => {
  const podmanBuild = (npmCache: string) =>
    spawnSync(
      'bash',
      [
        repoPath('scripts/build.sh'),
        '--dry-run',
        '--engine',
        'podman',
        '--no-frontend',
        '--tag',
        't',
        '--services',
        'file-service',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, SMH_IMAGE_PREFIX: '', SMH_VERSION: '', SMH_BUILD_NPM_CACHE: npmCache },
      },
    ).stdout;

  it("lends the build the machine's npm cache through a throw-away overlay, read by the Dockerfile's npm ci", () => {
    const cache = mkdtempSync(join(tmpdir(), 'smh-npm-cache-'));
    mkdirSync(join(cache, '_cacache'));
    expect(podmanBuild(cache)).toContain(
      `+ podman build --network host --layers --format docker --jobs 2 --volume ${cache}:/npm-host-cache:O --build-arg NPM_CACHE=/npm-host-cache --file Dockerfile --build-arg SERVICE=file-service`,
    );
    expect(podmanBuild('none')).not.toContain('npm-host-cache');
    expect(podmanBuild(join(cache, 'missing'))).not.toContain('npm-host-cache');
    expect(readFileSync(repoPath('Dockerfile'), 'utf8')).toMatch(
      /\nARG NPM_CACHE=\/root\/\.npm\nRUN --mount=type=cache,target=\/root\/\.npm \\\n +npm ci [^\n]*--prefer-offline --cache "\$NPM_CACHE"\n/,
    );
  });
});

describe('deploy.sh', () => {
  it('runs helm upgrade --install with the chart, namespace, values and image overrides', () => {
    const result = run('deploy.sh', [
      '--dry-run',
      '--method',
      'helm',
      '--tag',
      'v9',
      '--registry',
      'ghcr.io/acme/smh',
      '--values',
      'prod.yaml',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `+ helm upgrade --install smh ${repoPath('infrastructure/helm/social-media-hub')} --namespace social-media-hub --wait --timeout 10m --values prod.yaml --set image.tag=v9 --set image.registry=ghcr.io/acme/smh`,
    );
    expect(result.stdout).toContain('create configmap grafana-dashboards');
  });

  it('renders the kustomization with the requested images and applies it, then waits for every rollout', (context) => {
    needTool(context, hasKubectl, 'kubectl', KUBECTL_INSTALL);
    const result = run('deploy.sh', [
      '--dry-run',
      '--method',
      'kustomize',
      '--tag',
      'v9',
      '--registry',
      'reg.example/smh',
    ]);
    expect(result.status, result.stderr).toBe(0);
    for (const s of SERVICES) {
      expect(result.stdout).toContain(`would deploy reg.example/smh/${s.name}:v9`);
      expect(result.stdout).toContain(`+ kubectl -n social-media-hub rollout status deployment/${s.name} --timeout=5m`);
    }
    expect(result.stdout).toMatch(/\+ kubectl apply -k \S+/);
  });

  it('rejects an unknown method', () => {
    const result = run('deploy.sh', ['--method', 'ansible']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--method must be helm or kustomize, not 'ansible'");
  });
});

describe('cleanup.sh', () => {
  function scratchRepo(): string {
    const root = mkdtempSync(join(tmpdir(), 'smh-cleanup-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(repoPath('scripts/cleanup.sh'), join(root, 'scripts/cleanup.sh'));
    for (const dir of ['frontend/dist', 'coverage', '.tmp', 'test-results', 'data/media', 'frontend/src'])
      mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'data/media/photo.jpg'), 'x');
    writeFileSync(join(root, 'frontend/src/main.tsx'), 'x');
    writeFileSync(join(root, 'debug.log'), 'x');
    return root;
  }

  it('removes build output and test artefacts but keeps data and sources by default', () => {
    const root = scratchRepo();
    const result = run('cleanup.sh', [], root);
    expect(result.status, result.stderr).toBe(0);
    for (const gone of ['frontend/dist', 'coverage', '.tmp', 'test-results', 'debug.log'])
      expect(existsSync(join(root, gone)), gone).toBe(false);
    expect(existsSync(join(root, 'data/media/photo.jpg'))).toBe(true);
    expect(existsSync(join(root, 'frontend/src/main.tsx'))).toBe(true);
  });

  it('removes data only with --all, and --dry-run deletes nothing', () => {
    const root = scratchRepo();
    const dry = run('cleanup.sh', ['--all', '--dry-run'], root);
    expect(dry.stdout).toContain('would remove data');
    expect(existsSync(join(root, 'data/media/photo.jpg'))).toBe(true);
    expect(existsSync(join(root, 'coverage'))).toBe(true);
    expect(run('cleanup.sh', ['--all'], root).status).toBe(0);
    expect(existsSync(join(root, 'data'))).toBe(false);
    expect(existsSync(join(root, 'frontend/src/main.tsx'))).toBe(true);
  });
});

describe('the container stage scripts (infrastructure/ci)', () => {
  it('are strict bash that passes bash -n, and every tool they call is in scripts/system/packages.txt', () => {
    const packages = readFileSync(repoPath('scripts/system/packages.txt'), 'utf8');
    for (const script of ['images-test.sh', 'build-base.sh', 'podman-env.sh']) {
      const path = repoPath('infrastructure/ci', script);
      expect(spawnSync('bash', ['-n', path]).status, script).toBe(0);
      if (script !== 'podman-env.sh') expect(readFileSync(path, 'utf8')).toContain('set -euo pipefail');
    }
    for (const tool of ['podman', 'podman-compose', 'mmdebstrap', 'runc', 'catatonit', 'unzip', 'ffprobe']) {
      expect(packages, tool).toMatch(new RegExp(`^${tool} `, 'm'));
    }
  });

  it('make images and make images-test call them, and the test command runs the stage into the summary', () => {
    const makefile = readFileSync(repoPath('Makefile'), 'utf8');
    expect(makefile).toMatch(/^images:.*\n\tbash scripts\/build\.sh --no-frontend/m);
    expect(makefile).toMatch(/^images-test:.*\n\tbash infrastructure\/ci\/images-test\.sh \.tmp\/images\.json/m);
    const test = readFileSync(repoPath('scripts/test.sh'), 'utf8');
    expect(test).toContain('bash infrastructure/ci/images-test.sh .tmp/images.json');
    expect(test).toContain('runners+=(images=.tmp/images.json --exit "images=$images_status")');
    expect(test).toContain('node scripts/test-summary.mjs "${runners[@]}"');
    // The stage's root filesystem starts downloading in the background before the tests, and is waited for.
    expect(test.indexOf('bash infrastructure/ci/build-base.sh rootfs')).toBeLessThan(test.indexOf('npx vitest run'));
    expect(test).toMatch(/wait "\$rootfs_pid"[^\n]*\n[^\n]*\n\s*fi\n\s*rm -f \.tmp\/images\.json/);
    // Its images build while the browser tests run; its own tests start after them, and the run waits for it.
    const started = test.indexOf('bash infrastructure/ci/images-test.sh .tmp/images.json');
    expect(started).toBeGreaterThan(test.indexOf('npx vitest run'));
    expect(started).toBeLessThan(test.indexOf('npx playwright test'));
    expect(test).toContain('SMH_IMAGES_TESTS_AFTER=.tmp/images-tests-may-start');
    const released = test.indexOf('touch .tmp/images-tests-may-start');
    expect(released).toBeGreaterThan(test.indexOf('tests/e2e-browser/named-site/run.ts'));
    expect(test.indexOf('wait "$images_pid"')).toBeGreaterThan(released);
    // The root filesystem is made at a low CPU and I/O priority, so the tests running beside it come first.
    expect(test).toContain('low_priority=(nice -n 10 ionice -c 2 -n 7)');
    expect(test).toContain('"${low_priority[@]}" bash infrastructure/ci/build-base.sh rootfs >');
    const lowered = spawnSync('nice', ['-n', '10', 'ionice', '-c', '2', '-n', '7', 'sh', '-c', 'nice; ionice'], {
      encoding: 'utf8',
    });
    const niceness = String(Math.min(19, getPriority() + 10));
    expect(lowered.stdout.split('\n').slice(0, 2)).toEqual([niceness, 'best-effort: prio 7']);
  });

  it('the stage started in the background waits for its go-ahead, and gives up when its parent is gone', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'smh-stage-wait-'));
    const stage = readFileSync(repoPath('infrastructure/ci/images-test.sh'), 'utf8');
    const waitLoop = stage.slice(stage.indexOf('waited=0'), stage.indexOf('echo "==> images, compose journey'));
    const script = join(scratch, 'wait.sh');
    writeFileSync(
      script,
      `set -euo pipefail\nfailed_build() { echo "failed: $1"; exit 1; }\n${waitLoop}\necho "waited $waited"\n`,
    );
    const go = join(scratch, 'go');
    const parentGone = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: { ...process.env, SMH_IMAGES_TESTS_AFTER: go, SMH_IMAGES_PARENT_PID: '999999999' },
    });
    expect(parentGone.status).toBe(1);
    expect(parentGone.stdout).toContain(
      'failed: waiting for the browser tests (the run that started the stage is gone)',
    );
    writeFileSync(go, '');
    const released = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: { ...process.env, SMH_IMAGES_TESTS_AFTER: go, SMH_IMAGES_PARENT_PID: String(process.pid) },
    });
    expect(released.stdout).toContain('waited 0');
    expect(released.status).toBe(0);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('build-base.sh knows its groups, and `rootfs` without a cache touches no podman store', () => {
    const script = repoPath('infrastructure/ci/build-base.sh');
    const scratch = mkdtempSync(join(tmpdir(), 'smh-base-'));
    const env = { ...process.env, SMH_IMAGES_CACHE: 'none', TMPDIR: scratch, CONTAINERS_STORAGE_CONF: '' };
    const bad = spawnSync('bash', [script, 'everything'], { encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown group 'everything' (rootfs, build, services, all)");
    expect(spawnSync('bash', [script, 'rootfs'], { encoding: 'utf8', env }).status).toBe(0);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('the test command (scripts/test.sh) and the named-site browser run', () => {
  it('runs tests/e2e-browser/named-site/run.ts into the summary, whose config only the namespace run uses', () => {
    const test = readFileSync(repoPath('scripts/test.sh'), 'utf8');
    expect(test).toContain('node --import tsx tests/e2e-browser/named-site/run.ts --reporter=list,json');
    expect(test).toContain(
      'runners+=(playwright-named-site=.tmp/playwright-named-site.json --exit "playwright-named-site=$named_site_status")',
    );
    // The main browser run leaves the named site's specs to it (they need the namespace's host name and CA).
    expect(readFileSync(repoPath('tests/e2e-browser/playwright.config.ts'), 'utf8')).toContain(
      "testIgnore: ['named-site/**']",
    );
  });
});

describe('shell scripts under pipefail', () => {
  it('never pipe into `grep -q`, which stops reading early and fails the pipeline with SIGPIPE', () => {
    const tracked = spawnSync('git', ['ls-files', '*.sh', '.ci/run', 'scripts/runbook/*'], {
      cwd: repoPath('.'),
      encoding: 'utf8',
    });
    const scripts = tracked.stdout.split('\n').filter(Boolean);
    expect(scripts.length).toBeGreaterThan(10);
    const offending = scripts.flatMap((script) => {
      const text = readFileSync(repoPath(script), 'utf8');
      if (!/pipefail/.test(text)) return [];
      return text
        .split('\n')
        .map((line, index) => ({ line: line.trim(), at: `${script}:${index + 1}` }))
        .filter(({ line }) => !line.startsWith('#') && /\|\s*grep\s+(-[a-zA-Z]*q|--quiet)/.test(line))
        .map(({ at, line }) => `${at}: ${line}`);
    });
    expect(offending).toEqual([]);
    // What the rule is about: the producer gets SIGPIPE once grep has seen its match (exit 141 under pipefail).
    const demo = spawnSync('bash', ['-c', "set -o pipefail; yes match | head -c 3000000 | grep -q '^match'"]);
    expect(demo.status).toBe(141);
  });
});
