// Terraform for AWS (EKS, RDS, ElastiCache, EFS, S3, Helm release). terraform cannot be installed here, so this
// checks the files structurally: balanced blocks, declared-before-used references, documented variables,
// outputs that point at real resources, and no credentials or secrets written into the code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankNonCode, bracketProblems, references, topLevelBlocks, type HclBlock } from './support/hcl.js';
import { repoPath } from './support/seed.js';

const TF_DIR = repoPath('infrastructure/terraform');
const files = readdirSync(TF_DIR)
  .filter((f) => f.endsWith('.tf'))
  .sort();
const sources = new Map(files.map((f) => [f, readFileSync(join(TF_DIR, f), 'utf8')]));
const blocks: (HclBlock & { file: string })[] = [...sources].flatMap(([file, text]) =>
  topLevelBlocks(text).map((b) => ({ ...b, file })),
);
const ofType = (type: string) => blocks.filter((b) => b.type === type);

const declared = new Set<string>([
  ...ofType('resource').map((b) => `${b.labels[0]}.${b.labels[1]}`),
  ...ofType('data').map((b) => `data.${b.labels[0]}.${b.labels[1]}`),
  ...ofType('module').map((b) => `module.${b.labels[0]}`),
  ...ofType('variable').map((b) => `var.${b.labels[0]}`),
  ...ofType('locals').flatMap((b) =>
    [...blankNonCode(b.body).matchAll(/^\s{2}([a-z_][a-z0-9_]*)\s*=/gm)].map((m) => `local.${m[1]}`),
  ),
]);
const RESOURCE_PREFIXES = ['aws_', 'kubernetes_', 'helm_', 'random_', 'data.', 'module.', 'var.', 'local.'];
const referencesIn = (code: string) =>
  references(blankNonCode(code)).filter(
    (r) => RESOURCE_PREFIXES.some((p) => r.startsWith(p)) && !/^(var|local|module)\.$/.test(r),
  );
describe('terraform files', () => {
  it('include versions, variables, main and outputs', () => {
    expect(files).toEqual(expect.arrayContaining(['versions.tf', 'variables.tf', 'main.tf', 'outputs.tf']));
  });

  it.each(files)('%s has balanced brackets and terminated strings', (file) => {
    expect(bracketProblems(blankNonCode(sources.get(file)!))).toEqual([]);
  });

  it('detects unbalanced blocks and unterminated strings (the check is not vacuous)', () => {
    expect(bracketProblems(blankNonCode('resource "a" "b" {\n  x = [1, 2\n}\n'))).toEqual([
      'line 3: "}" closes "[" from line 2',
    ]);
    expect(bracketProblems(blankNonCode('locals {\n  a = "}"\n'))).toEqual(['line 1: "{" is never closed']);
    expect(() => blankNonCode('x = "abc\n')).toThrow(/unterminated string at line 1/);
  });

  it('pins providers and modules and targets one cloud (AWS)', () => {
    const terraform = ofType('terraform')[0]!.body;
    for (const provider of ['aws', 'kubernetes', 'helm', 'random'])
      expect(terraform).toMatch(new RegExp(`${provider} = \\{[^}]*version\\s*=\\s*"~> `));
    for (const module of ofType('module')) expect(module.body, module.labels[0]).toMatch(/version\s*=\s*"~> /);
    const resourceTypes = ofType('resource').map((b) => b.labels[0]!);
    expect(resourceTypes.filter((t) => /^(google|azurerm)_/.test(t))).toEqual([]);
    for (const type of [
      'aws_db_instance',
      'aws_elasticache_replication_group',
      'aws_s3_bucket',
      'aws_efs_file_system',
      'helm_release',
    ]) {
      expect(resourceTypes).toContain(type);
    }
  });

  it('describes every variable and gives every required one a type', () => {
    for (const variable of ofType('variable')) {
      expect(variable.body, variable.labels[0]).toMatch(/description\s*=\s*"[^"]{10,}"/);
      expect(variable.body, variable.labels[0]).toMatch(/type\s*=/);
    }
    const required = ofType('variable')
      .filter((v) => !/^\s*default\s*=/m.test(v.body))
      .map((v) => v.labels[0]);
    expect(required.sort()).toEqual(['domain', 'image_registry', 'image_tag', 'region']);
  });

  it('references only declared resources, data sources, modules, variables and locals, and uses every variable', () => {
    const used = new Set<string>();
    for (const [file, text] of sources) {
      for (const ref of referencesIn(text)) {
        used.add(ref);
        expect(declared.has(ref), `${file}: ${ref}`).toBe(true);
      }
    }
    for (const variable of ofType('variable'))
      expect(used.has(`var.${variable.labels[0]}`), variable.labels[0]).toBe(true);
  });

  it('has described outputs that point at declared objects, marking credentials sensitive', () => {
    const outputs = ofType('output');
    expect(outputs.length).toBeGreaterThanOrEqual(5);
    for (const output of outputs) {
      expect(output.body, output.labels[0]).toMatch(/description\s*=/);
      const value = /value\s*=\s*(.+)/.exec(output.body)![1]!;
      const refs = referencesIn(value);
      expect(refs.length, output.labels[0]).toBeGreaterThan(0);
      for (const ref of refs) expect(declared.has(ref), `${output.labels[0]} → ${ref}`).toBe(true);
      if (/url|password|token|secret_string/.test(value))
        expect(output.body, output.labels[0]).toMatch(/sensitive\s*=\s*true/);
    }
  });

  it('contains no credentials or literal secrets', () => {
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/AKIA[0-9A-Z]{16}/);
      expect(text, file).not.toMatch(/\b(access_key|secret_key|token)\s*=\s*"[^"$]/);
      expect(text, file).not.toMatch(/\b(password|auth_token|master_password)\s*=\s*"/);
      expect(text, file).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
    const provider = ofType('provider').find((p) => p.labels[0] === 'aws')!;
    expect(provider.body).not.toMatch(/profile|shared_credentials|access_key/);
  });

  it('deploys the repository chart with the managed services wired in', () => {
    const release = ofType('resource').find((b) => b.labels[0] === 'helm_release' && b.labels[1] === 'smh')!;
    expect(release.body).toContain('chart     = "${path.module}/../helm/social-media-hub"');
    expect(release.body).toContain('existingSecret = kubernetes_secret_v1.smh.metadata[0].name');
    expect(release.body).toContain('storageClassName = kubernetes_storage_class_v1.efs.metadata[0].name');
    const secret = ofType('resource').find((b) => b.labels[0] === 'kubernetes_secret_v1')!;
    for (const key of ['SMH_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL']) expect(secret.body).toContain(key);
  });
});
