// GitHub Actions workflows: test (make test with PostgreSQL/Redis service containers), build (one GHCR image
// per Dockerfile through docker/build-push-action), deploy (helm upgrade --install of the repository chart).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICES, repoPath } from './support/seed.js';

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; name?: string };
const workflow = (name: string) => parse(readFileSync(repoPath('.github/workflows', name), 'utf8'));
const allSteps = (wf: { jobs: Record<string, { steps: Step[] }> }) =>
  Object.values(wf.jobs).flatMap((job) => job.steps);

describe.each(['test.yml', 'build.yml', 'deploy.yml'])('%s', (file) => {
  const wf = workflow(file);
  it('has a name, triggers and jobs whose steps are pinned actions or shell commands', () => {
    expect(wf.name).toBeTruthy();
    expect(wf.on).toBeTruthy();
    for (const [id, job] of Object.entries<{ 'runs-on': string; steps: Step[]; 'timeout-minutes': number }>(wf.jobs)) {
      expect(job['runs-on'], id).toMatch(/^ubuntu-/);
      expect(job['timeout-minutes'], id).toBeGreaterThan(0);
      for (const step of job.steps) {
        expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true);
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v\d+(\.\d+)*$/);
      }
    }
  });
});

describe('test.yml', () => {
  const wf = workflow('test.yml');
  const job = wf.jobs.test;

  it('starts PostgreSQL 15 and Redis 7 on the loopback ports the tests use', () => {
    expect(job.services.postgres.image).toBe('postgres:15');
    expect(job.services.postgres.ports).toEqual(['5432:5432']);
    expect(job.services.postgres.env.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(job.services.redis.image).toBe('redis:7');
    expect(job.services.redis.ports).toEqual(['6379:6379']);
  });

  it('runs .ci/run (the README test command with CI settings) on Node 20 as root, apt left to the test command', () => {
    const steps: Step[] = job.steps;
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with!['node-version']).toBe(20);
    expect(steps.some((s) => s.run?.includes('/usr/bin/chromium'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('apt-get'))).toBe(false);
    const run = steps.filter((s) => s.run?.includes('.ci/run'));
    expect(run.map((s) => s.run)).toEqual(['sudo --preserve-env env "PATH=$PATH" .ci/run']);
    const ci = readFileSync(repoPath('.ci/run'), 'utf8');
    expect(ci).toMatch(/^export CI=true SMH_REQUIRE_SERVICES=1$/m);
    // The container stage is part of CI: nothing in .ci/run may leave it out.
    expect(ci).not.toMatch(/SMH_SKIP_IMAGES/);
    expect(ci).toMatch(/^make test$/m);
    expect(readFileSync(repoPath('README.md'), 'utf8')).toMatch(/^make test +# /m);
  });

  it('lets the test command install what a fresh Ubuntu runner lacks for the container stage', () => {
    // mmdebstrap verifies Debian's release files with Debian's keyring, which Ubuntu does not ship by default.
    const packages = readFileSync(repoPath('scripts/system/packages.txt'), 'utf8');
    expect(packages).toMatch(/^\/usr\/share\/keyrings\/debian-archive-keyring\.gpg debian-archive-keyring$/m);
    for (const command of ['podman', 'podman-compose', 'mmdebstrap'])
      expect(packages).toMatch(new RegExp(`^${command} `, 'm'));
  });
});

describe('build.yml', () => {
  const wf = workflow('build.yml');
  const matrix: string[] = wf.jobs.image.strategy.matrix.service;

  it('builds every service plus the all-in-one image from the one Dockerfile', () => {
    expect([...matrix].sort()).toEqual([...SERVICES.map((s) => s.name), 'all-in-one'].sort());
    expect(existsSync(repoPath('Dockerfile'))).toBe(true);
  });

  it('pushes to GHCR with docker/build-push-action from the repository root', () => {
    expect(wf.permissions.packages).toBe('write');
    const steps: Step[] = allSteps(wf);
    const build = steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({
      context: '.',
      file: 'Dockerfile',
      'build-args': 'SERVICE=${{ matrix.service }}',
    });
    expect(steps.find((s) => s.uses?.startsWith('docker/login-action@'))!.with!.registry).toBe('ghcr.io');
    const meta = steps.find((s) => s.uses?.startsWith('docker/metadata-action@'))!;
    expect(meta.with!.images).toBe('ghcr.io/${{ github.repository_owner }}/social-media-hub/${{ matrix.service }}');
  });
});

describe('deploy.yml', () => {
  const wf = workflow('deploy.yml');
  const steps: Step[] = allSteps(wf);

  it('deploys release tags after the image build, and on manual dispatch', () => {
    expect(wf.on.workflow_run.workflows).toEqual([workflow('build.yml').name]);
    expect(wf.on.workflow_dispatch.inputs.tag.required).toBe(true);
    expect(wf.jobs.deploy.if).toContain("startsWith(github.event.workflow_run.head_branch, 'v')");
    expect(wf.permissions['id-token']).toBe('write');
  });

  it('runs helm upgrade --install with the repository chart and the image that build.yml pushed', () => {
    const helm = steps.find((s) => s.run?.includes('helm upgrade --install'))!.run!;
    expect(wf.jobs.deploy.env.CHART).toBe('infrastructure/helm/social-media-hub');
    expect(existsSync(repoPath(wf.jobs.deploy.env.CHART, 'Chart.yaml'))).toBe(true);
    expect(helm).toContain('"$RELEASE" "$CHART"');
    expect(helm).toContain('--set image.tag="$IMAGE_TAG"');
    expect(helm).toContain('--atomic');
    const resolve = steps.find((s) => s.name === 'Resolve image tag and registry')!.run!;
    expect(resolve).toContain('ghcr.io/${GITHUB_REPOSITORY_OWNER,,}/social-media-hub');
  });
});
