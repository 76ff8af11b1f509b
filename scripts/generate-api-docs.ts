/**
 * The API reference, generated from the hub's own OpenAPI document (the one the gateway serves at
 * /api/openapi.json, built from the zod schemas that validate requests), so the docs cannot drift from the code.
 *
 *   npx tsx scripts/generate-api-docs.ts           writes docs/api/openapi.json, docs/api.md and the UI types
 *   npx tsx scripts/generate-api-docs.ts --check   writes nothing; exits 1 when either file is out of date
 *
 * It starts an embedded hub in this process (PGlite, temporary data directory, fake Instagram), fetches the
 * document, and renders: the JSON with a stable key order, and docs/api.md = docs/api/intro.md (hand-written)
 * followed by the reference (grouped by tag: method, path, summary, auth, parameters, body fields, responses).
 * The output depends only on the document and the intro: no dates, no ports, no random ids.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { API_SCHEMA_TYPES_PATH, renderApiSchemaTypes } from './api-schema-types.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const OPENAPI_JSON_PATH = path.join(REPO_ROOT, 'docs/api/openapi.json');
export const API_MARKDOWN_PATH = path.join(REPO_ROOT, 'docs/api.md');
export const API_INTRO_PATH = path.join(REPO_ROOT, 'docs/api/intro.md');
export const REGENERATE_COMMAND = 'npx tsx scripts/generate-api-docs.ts';

/** The parts of an OpenAPI 3 document this renderer reads (everything else is carried through untouched). */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}
export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}
export interface MediaContent {
  schema?: JsonSchema;
}
export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaContent> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaContent> }>;
}
export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
  [extension: string]: unknown;
}

export const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;

// ---------------------------------------------------------------------------------------------------------------
// JSON with a stable key order

/**
 * Sorts object keys recursively, except the names under `properties`: a schema's field order is the order the
 * zod schema declares (deterministic, and the order a reader expects). Arrays keep their order.
 */
export function sortKeys(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!keepOrder) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item, key === 'properties' && !keepOrder)]));
}

export function canonicalJson(document: unknown): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas in words

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
const code = (text: string) => `\`${text}\``;
/** Table cells: no line breaks, no column separators. */
const cell = (text: string) => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

function range(low: number | undefined, high: number | undefined, unit = ''): string | undefined {
  const lo = low !== undefined && Math.abs(low) < SAFE_INTEGER ? low : undefined;
  const hi = high !== undefined && Math.abs(high) < SAFE_INTEGER ? high : undefined;
  if (lo === undefined && hi === undefined) return undefined;
  if (lo !== undefined && hi !== undefined)
    return lo === hi ? `exactly ${lo}${lo === 1 ? unit.replace(/s$/, '') : unit}` : `${lo}–${hi}${unit}`;
  return lo !== undefined ? `≥ ${lo}${unit}` : `≤ ${hi}${unit}`;
}

/** A short type expression: `string (uuid)`, `integer 1–200`, one of `a`, `b`, `array of string`, `object`. */
export function describeType(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return code(schema.$ref.split('/').pop() ?? schema.$ref);
  const variants = schema.oneOf ?? schema.anyOf;
  let text: string;
  if (variants) text = variants.map(describeType).join(' or ');
  else if (schema.enum?.length === 1) text = code(String(schema.enum[0]));
  else if (schema.enum) text = `one of ${schema.enum.map((value) => code(String(value))).join(', ')}`;
  else if (schema.const !== undefined) text = code(String(schema.const));
  else {
    const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
    if (type === 'array') {
      const count = range(schema.minItems, schema.maxItems, ' items');
      text = `array of ${describeType(schema.items)}${count ? ` (${count})` : ''}`;
    } else if (type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') {
      text = `map of ${describeType(schema.additionalProperties)}`;
    } else {
      const details = [
        schema.format,
        type === 'string' ? range(schema.minLength, schema.maxLength, ' chars') : range(schema.minimum, schema.maximum),
      ].filter(Boolean);
      text = details.length ? `${type} (${details.join(', ')})` : type;
    }
  }
  return schema.nullable ? `${text} or null` : text;
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

/** The fields of an object schema, nested objects flattened into dotted names (`options.preset`, `items[].id`). */
export function flattenFields(schema: JsonSchema | undefined, prefix = '', depth = 0): FieldRow[] {
  if (!schema?.properties) return [];
  const rows: FieldRow[] = [];
  for (const [name, field] of Object.entries(schema.properties)) {
    const full = `${prefix}${name}`;
    const notes = [
      field.description,
      field.default !== undefined ? `default ${code(JSON.stringify(field.default))}` : undefined,
    ]
      .filter(Boolean)
      .join('; ');
    const nested = field.properties ? field : field.items?.properties ? field.items : undefined;
    const typeText =
      nested && !field.oneOf && !field.anyOf
        ? (field.properties ? 'object' : 'array of object') + (field.nullable ? ' or null' : '')
        : describeType(field);
    rows.push({ name: full, type: typeText, required: schema.required?.includes(name) ?? false, notes });
    if (nested && depth < 3) rows.push(...flattenFields(nested, `${full}${field.properties ? '.' : '[].'}`, depth + 1));
  }
  return rows;
}

function fieldTable(rows: readonly FieldRow[]): string[] {
  return [
    '| field | type | required | notes |',
    '|---|---|---|---|',
    ...rows.map(
      (row) => `| ${code(row.name)} | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${cell(row.notes)} |`,
    ),
  ];
}

/** The value that tells the variants of a `oneOf` body apart, e.g. `operation = merge`. */
function variantLabel(schema: JsonSchema, index: number): string {
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (field.enum?.length === 1) return `${name} = ${String(field.enum[0])}`;
    if (field.const !== undefined) return `${name} = ${String(field.const)}`;
  }
  return `variant ${index + 1}`;
}

function schemaBlock(schema: JsonSchema | undefined): string[] {
  if (!schema) return ['No schema described.'];
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.every((variant) => variant.properties)) {
    return variants.flatMap((variant, index) => [
      `One of — **${variantLabel(variant, index)}**:`,
      '',
      ...fieldTable(flattenFields(variant)),
      '',
    ]);
  }
  if (schema.properties) return [...fieldTable(flattenFields(schema)), ''];
  return [`A ${describeType(schema)}.`, ''];
}

// ---------------------------------------------------------------------------------------------------------------
// The reference

export interface OperationEntry {
  method: string;
  path: string;
  group: string;
  operation: Operation;
}

/** Every operation, in a stable order: group (first tag, else the path's first segment after /api), path, method. */
export function listOperations(document: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const group = operation.tags?.[0] ?? route.split('/').filter(Boolean)[1] ?? 'other';
      entries.push({ method: method.toUpperCase(), path: route, group, operation });
    }
  }
  const methodRank = (method: string) => HTTP_METHODS.indexOf(method.toLowerCase() as (typeof HTTP_METHODS)[number]);
  return entries.sort(
    (a, b) =>
      a.group.localeCompare(b.group) || a.path.localeCompare(b.path) || methodRank(a.method) - methodRank(b.method),
  );
}

/** `security: []` marks a route anyone may call; every other route needs a credential. */
export function authOf(operation: Operation): 'none' | 'bearer' {
  return Array.isArray(operation.security) && operation.security.length === 0 ? 'none' : 'bearer';
}

export const anchorOf = (entry: Pick<OperationEntry, 'method' | 'path'>) =>
  `${entry.method}-${entry.path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** What @fastify/swagger writes for a route that declares no response: not a statement about the real answer. */
export function isPlaceholder(status: string, response: { description?: string; content?: unknown }): boolean {
  return status === '200' && response.description === 'Default Response' && response.content === undefined;
}

function renderOperation(entry: OperationEntry): string[] {
  const { operation } = entry;
  const lines = [`<a id="${anchorOf(entry)}"></a>`, `### ${code(`${entry.method} ${entry.path}`)}`, ''];
  if (operation.summary) lines.push(operation.summary, '');
  if (operation.description && operation.description !== operation.summary) lines.push(operation.description, '');
  lines.push(
    `Auth: ${authOf(operation) === 'none' ? 'none (public)' : '`Authorization: Bearer <access token or API key>`'}`,
    '',
  );

  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    lines.push('| parameter | in | type | required | notes |', '|---|---|---|---|---|');
    for (const parameter of parameters) {
      const notes = [
        parameter.description,
        parameter.schema?.default !== undefined
          ? `default ${code(JSON.stringify(parameter.schema.default))}`
          : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `| ${code(parameter.name)} | ${parameter.in} | ${cell(describeType(parameter.schema))} | ${parameter.required ? 'yes' : ''} | ${cell(notes)} |`,
      );
    }
    lines.push('');
  }

  for (const [type, content] of Object.entries(operation.requestBody?.content ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    lines.push(
      `Request body (${code(type)}${operation.requestBody?.required ? ', required' : ''}):`,
      '',
      ...schemaBlock(content.schema),
    );
  }

  const responses = Object.entries(operation.responses ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (responses.every(([status, response]) => isPlaceholder(status, response))) {
    lines.push("Response: not described by the route's schema (the status may differ from 200; see the intro).", '');
    return lines;
  }
  for (const [status, response] of responses) {
    const description =
      response.description && response.description !== 'Default Response' ? ` — ${response.description}` : '';
    const contents = Object.entries(response.content ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (contents.length === 0) {
      lines.push(`Response ${code(status)}${description} (body not described in the schema).`, '');
      continue;
    }
    for (const [type, content] of contents)
      lines.push(`Response ${code(status)}${description} (${code(type)}):`, '', ...schemaBlock(content.schema));
  }
  return lines;
}

/** The generated part of docs/api.md (pure). */
export function renderReference(document: OpenApiDocument): string {
  const entries = listOperations(document);
  const groups = [...new Set(entries.map((entry) => entry.group))];
  const lines = [
    '## Reference',
    '',
    `<!-- Generated by \`${REGENERATE_COMMAND}\` from GET /api/openapi.json (${document.info?.title ?? 'OpenAPI'} ${document.info?.version ?? ''}). Do not edit below this line. -->`,
    '',
    `${entries.length} operations. Parameters, request bodies and the responses described here come from the zod schemas that validate them.`,
    '',
    '| group | method | path | summary | auth |',
    '|---|---|---|---|---|',
    ...entries.map(
      (entry) =>
        `| ${entry.group} | ${entry.method} | [${code(entry.path)}](#${anchorOf(entry)}) | ${cell(entry.operation.summary ?? '')} | ${authOf(entry.operation)} |`,
    ),
    '',
  ];
  for (const group of groups) {
    lines.push(`## ${group}`, '');
    for (const entry of entries.filter((candidate) => candidate.group === group)) lines.push(...renderOperation(entry));
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** docs/api.md: the hand-written intro, then the generated reference (pure). */
export function renderApiMarkdown(document: OpenApiDocument, intro: string): string {
  return `${intro.trimEnd()}\n\n${renderReference(document)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Executors

export interface ApiDocs {
  json: string;
  markdown: string;
  document: OpenApiDocument;
}

/** Reads the gateway's merged document; refuses one with a service missing (the reference would be incomplete). */
export async function fetchOpenApiDocument(hubUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(new URL('/api/openapi.json', hubUrl));
  if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const unavailable = document['x-unavailable-services'];
  if (Array.isArray(unavailable) && unavailable.length > 0)
    throw new Error(`the OpenAPI document lacks services that did not answer: ${unavailable.join(', ')}`);
  return document;
}

/** Both files' contents, from a running hub (pure apart from reading the intro). */
export async function renderApiDocs(hubUrl: string): Promise<ApiDocs> {
  const document = await fetchOpenApiDocument(hubUrl);
  const intro = await fs.readFile(API_INTRO_PATH, 'utf8');
  return { document, json: canonicalJson(document), markdown: renderApiMarkdown(document, intro) };
}

/** Starts an embedded hub for as long as it takes to render the docs. */
export async function generateApiDocs(): Promise<ApiDocs> {
  // Loaded here, not at the top: the pure renderers above must not pull in every service.
  const { startTestHub } = await import('../tests/support/hub.js');
  const hub = await startTestHub({ quiet: true });
  try {
    return await renderApiDocs(hub.url);
  } finally {
    await hub.stop();
  }
}

async function readOrEmpty(file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => '');
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const docs = await generateApiDocs();
  const targets: Array<[string, string]> = [
    [OPENAPI_JSON_PATH, docs.json],
    [API_MARKDOWN_PATH, docs.markdown],
    [API_SCHEMA_TYPES_PATH, await renderApiSchemaTypes(docs.document)],
  ];
  if (check) {
    const stale = [];
    for (const [file, content] of targets)
      if ((await readOrEmpty(file)) !== content) stale.push(path.relative(REPO_ROOT, file));
    if (stale.length > 0) {
      process.stderr.write(`Out of date: ${stale.join(', ')}. Run: ${REGENERATE_COMMAND}\n`);
      process.exit(1);
    }
    process.stdout.write('API docs are up to date.\n');
    return;
  }
  await fs.mkdir(path.dirname(OPENAPI_JSON_PATH), { recursive: true });
  for (const [file, content] of targets) await fs.writeFile(file, content);
  process.stdout.write(
    `Wrote ${targets.map(([file]) => path.relative(REPO_ROOT, file)).join(', ')} (${listOperations(docs.document).length} operations).\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`generate-api-docs: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
