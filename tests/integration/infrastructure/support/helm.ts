// Renders the Helm chart the way `helm template` would, for the constructs the chart uses (see go-template.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { GoTemplateEngine } from './go-template.js';

export interface RenderedChart {
  /** Rendered text per template file, after Helm-style "<no value>" handling. */
  files: Map<string, string>;
  /** Every non-empty YAML document of every rendered manifest. */
  objects: Record<string, unknown>[];
}

export interface RenderOptions {
  values?: Record<string, unknown>;
  releaseName?: string;
  namespace?: string;
}

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Helm's value coalescing: maps merge recursively, everything else is replaced by the override. */
export function mergeValues(base: Tree, override: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isTree(current) && isTree(value) ? mergeValues(current, value) : value;
  }
  return merged;
}

export function renderChart(chartDir: string, options: RenderOptions = {}): RenderedChart {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'), { version: '1.1' }) as Tree;
  const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8'), { version: '1.1' }) as Tree;
  const root = {
    Values: mergeValues(defaults, options.values ?? {}),
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion, Description: chart.description },
    Release: {
      Name: options.releaseName ?? 'smh',
      Namespace: options.namespace ?? 'social-media-hub',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
    },
  };
  const templatesDir = join(chartDir, 'templates');
  const names = readdirSync(templatesDir).sort();
  const engine = new GoTemplateEngine();
  for (const name of names.filter((n) => n.endsWith('.tpl'))) {
    engine.load(name, readFileSync(join(templatesDir, name), 'utf8'));
  }
  const files = new Map<string, string>();
  const objects: Record<string, unknown>[] = [];
  for (const name of names.filter((n) => n.endsWith('.yaml') || n.endsWith('.txt'))) {
    const text = engine.render(name, readFileSync(join(templatesDir, name), 'utf8'), root);
    files.set(name, text);
    if (!name.endsWith('.yaml')) continue;
    // Kubernetes reads manifests as YAML 1.1: `off`/`yes` are booleans there, so parse them the same way.
    for (const document of parseAllDocuments(text, { version: '1.1' })) {
      if (document.errors.length > 0) {
        throw new Error(`templates/${name} renders invalid YAML: ${document.errors[0]!.message}\n${text}`);
      }
      const object = document.toJS() as unknown;
      if (object === null || object === undefined) continue;
      if (!isTree(object)) throw new Error(`templates/${name} renders a non-object document`);
      objects.push(object);
    }
  }
  return { files, objects };
}
