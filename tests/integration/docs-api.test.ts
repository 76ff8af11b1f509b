/**
 * The API docs cannot drift: the committed docs/api/openapi.json and docs/api.md must equal what the code produces
 * now, every route of the public contract must be in the OpenAPI document, and the intro's list of admin-only
 * routes must be true of the running hub.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_INTRO_PATH,
  API_MARKDOWN_PATH,
  OPENAPI_JSON_PATH,
  REGENERATE_COMMAND,
  renderApiDocs,
  type ApiDocs,
} from '../../scripts/generate-api-docs.js';
import { API_SCHEMA_TYPES_PATH, renderApiSchemaTypes } from '../../scripts/api-schema-types.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// The binding public contract, kept in the repository (docs/reference) so the check never depends on this machine.
const CONTRACT_PATH =
  process.env.SMH_API_CONTRACT ?? fileURLToPath(new URL('../../docs/reference/api-contract.md', import.meta.url));
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface ContractRoute {
  method: string;
  /** OpenAPI spelling: `/api/files/{id}`. */
  path: string;
  /** A bare method (`GET`, `DELETE /x/:id`) that took the path of the span after it. */
  borrowed: boolean;
}

/** Bullet items with their indented continuation lines joined (a code span may wrap onto the next line). */
function bulletItems(markdown: string): string[] {
  const items: string[] = [];
  let current: string | undefined;
  for (const line of markdown.split('\n')) {
    if (/^\s*-\s/.test(line)) {
      if (current !== undefined) items.push(current);
      current = line;
    } else if (current !== undefined && /^\s+\S/.test(line)) {
      current += ` ${line.trim()}`;
    } else if (current !== undefined) {
      items.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) items.push(current);
  return items;
}

/**
 * `METHOD /api/...` routes of the contract's bullet lines, from their code spans. A bare method span borrows the
 * path of the next span that has one (the contract writes "`GET`, `DELETE /api/auth/api-keys/:id`"). Query
 * strings and body sketches are dropped; `:param` becomes `{param}`.
 */
function parseContractRoutes(markdown: string): ContractRoute[] {
  const routes: ContractRoute[] = [];
  for (const line of bulletItems(markdown)) {
    let pending: string[] = [];
    for (const [, span] of line.matchAll(/`([^`]+)`/g)) {
      const match = /^([A-Z]+)(?:\s+(\S+))?/.exec(span ?? '');
      if (!match || !(METHODS as readonly string[]).includes(match[1]!)) continue;
      const [, method, target] = match as unknown as [string, string, string | undefined];
      if (target === undefined) {
        pending.push(method);
        continue;
      }
      if (!target.startsWith('/api/')) continue;
      const path = (target.split('?')[0] ?? target).replace(/:([A-Za-z_]\w*)/g, '{$1}').replace(/\/+$/, '');
      for (const borrowed of pending) routes.push({ method: borrowed, path, borrowed: true });
      pending = [];
      routes.push({ method, path, borrowed: false });
    }
  }
  return routes;
}

/** The collection a borrowed item route abbreviates: `/api/auth/api-keys/{id}` → `/api/auth/api-keys`. */
const collectionOf = (path: string) => path.replace(/\/\{[^}]+\}$/, '');

/** Meta routes: served by the gateway, but the OpenAPI document does not describe itself or its viewer. */
const SERVED_NOT_DESCRIBED = new Set(['GET /api/openapi.json', 'GET /api/docs']);
/**
 * Contract routes no service has yet (the notifications feature is planned, not built). Listed here rather than
 * skipped; the test fails once one of them exists, so the list shrinks as the feature lands.
 */
/** Routes the contract lists that no service has yet (none today); the test fails once one exists. */
const CONTRACTED_NOT_BUILT = new Set<string>([]);

/** The routes docs/api/intro.md calls admin-only, with a request a plain user may otherwise send. */
const ADMIN_ONLY = [
  { method: 'GET', path: '/api/users', route: 'GET /api/users' },
  {
    method: 'POST',
    path: '/api/users',
    route: 'POST /api/users',
    body: { username: 'mallory-made', password: 'a long enough password', role: 'user' },
  },
  { method: 'PATCH', path: '/api/users/{self}', route: 'PATCH /api/users/{id}', body: { role: 'admin' } },
  { method: 'GET', path: '/api/system', route: 'GET /api/system' },
] as const;

/** The steering repository's contract, beside a checkout (as CI lays it out); the copy above must follow it. */
const STEERING_CONTRACT = fileURLToPath(new URL('../../../shared/reference/api-contract.md', import.meta.url));

describe('the contract copy', () => {
  it('is the binding contract, word for word, wherever the steering copy is laid beside the checkout', () => {
    const copy = fs.readFileSync(CONTRACT_PATH, 'utf8');
    expect(copy).toMatch(/^# Social Media Hub — public contract/);
    if (fs.existsSync(STEERING_CONTRACT)) expect(copy).toBe(fs.readFileSync(STEERING_CONTRACT, 'utf8'));
  });
});

describe('parseContractRoutes', () => {
  it('reads routes from code spans, lends a bare method the next path, drops queries and bodies', () => {
    const sample = [
      '- `POST /api/auth/api-keys {name}` → 201; `GET`, `DELETE /api/auth/api-keys/:id`.',
      '- `GET /api/downloads?status=&limit=` → `{items, nextCursor}`; `GET /health` (alive)',
      '- `POST /api/things {a,',
      '  b}` → 201 `{id,',
      '  name}`; `GET /api/things/:id`',
      'Not a bullet: `GET /api/ignored`',
    ].join('\n');
    expect(parseContractRoutes(sample)).toEqual([
      { method: 'POST', path: '/api/auth/api-keys', borrowed: false },
      { method: 'GET', path: '/api/auth/api-keys/{id}', borrowed: true },
      { method: 'DELETE', path: '/api/auth/api-keys/{id}', borrowed: false },
      { method: 'GET', path: '/api/downloads', borrowed: false },
      { method: 'POST', path: '/api/things', borrowed: false },
      { method: 'GET', path: '/api/things/{id}', borrowed: false },
    ]);
  });
});

describe('API docs', () => {
  let hub: TestHub;
  let docs: ApiDocs;

  beforeAll(async () => {
    hub = await startTestHub({ quiet: true });
    docs = await renderApiDocs(hub.url);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
  });

  it('docs/api/openapi.json is what the code serves now', () => {
    const committed = fs.existsSync(OPENAPI_JSON_PATH) ? fs.readFileSync(OPENAPI_JSON_PATH, 'utf8') : '';
    expect(committed, `docs/api/openapi.json is out of date: run ${REGENERATE_COMMAND}`).toBe(docs.json);
  });

  it('docs/api.md is the intro plus the reference rendered from that document', () => {
    const committed = fs.existsSync(API_MARKDOWN_PATH) ? fs.readFileSync(API_MARKDOWN_PATH, 'utf8') : '';
    expect(committed, `docs/api.md is out of date: run ${REGENERATE_COMMAND}`).toBe(docs.markdown);
    expect(committed.startsWith(fs.readFileSync(API_INTRO_PATH, 'utf8').trimEnd())).toBe(true);
  });

  it('frontend/src/api/schema.d.ts holds the UI types of that document', async () => {
    const committed = fs.existsSync(API_SCHEMA_TYPES_PATH) ? fs.readFileSync(API_SCHEMA_TYPES_PATH, 'utf8') : '';
    expect(committed, `frontend/src/api/schema.d.ts is out of date: run ${REGENERATE_COMMAND}`).toBe(
      await renderApiSchemaTypes(docs.document),
    );
  });

  it('renders the same bytes from a second fetch (no ports, dates or ids in the output)', async () => {
    const again = await renderApiDocs(hub.url);
    expect(again.json).toBe(docs.json);
    expect(again.markdown).toBe(docs.markdown);
    for (const text of [docs.json, docs.markdown]) {
      expect(text).not.toContain(new URL(hub.url).host);
      expect(text).not.toContain(hub.dataDir);
    }
  });

  it('has every route of the public contract', async () => {
    const contract = parseContractRoutes(fs.readFileSync(CONTRACT_PATH, 'utf8'));
    expect(contract.length, JSON.stringify(contract)).toBeGreaterThan(30);
    const described = new Set<string>();
    for (const [path, item] of Object.entries(docs.document.paths ?? {}))
      for (const method of Object.keys(item)) described.add(`${method.toUpperCase()} ${path}`);

    const missing: string[] = [];
    for (const route of contract) {
      const key = `${route.method} ${route.path}`;
      if (SERVED_NOT_DESCRIBED.has(key)) continue;
      const found =
        described.has(key) || (route.borrowed && described.has(`${route.method} ${collectionOf(route.path)}`));
      if (!found && !CONTRACTED_NOT_BUILT.has(key)) missing.push(key);
      if (found && CONTRACTED_NOT_BUILT.has(key)) expect.fail(`${key} exists now: remove it from CONTRACTED_NOT_BUILT`);
    }
    expect(missing, 'contract routes missing from GET /api/openapi.json').toEqual([]);

    for (const key of SERVED_NOT_DESCRIBED) {
      expect(
        contract.some((route) => `${route.method} ${route.path}` === key),
        `${key} is no longer in the contract`,
      ).toBe(true);
      const response = await fetch(new URL(key.split(' ')[1]!, hub.url));
      await response.body?.cancel();
      expect(response.status, key).toBe(200);
    }
  });

  it('the routes the intro calls admin-only refuse a plain user and serve the admin', async () => {
    const intro = fs.readFileSync(API_INTRO_PATH, 'utf8');
    for (const { route } of ADMIN_ONLY) expect(intro, `intro lists ${route} as admin-only`).toContain(`\`${route}\``);

    const send = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(new URL(path, hub.url), {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return {
        status: response.status,
        json: (await response.json().catch(() => undefined)) as Record<string, any> | undefined,
      };
    };
    const password = 'correct horse battery staple';
    expect((await send('POST', '/api/auth/register', undefined, { username: 'docs-admin', password })).status).toBe(
      201,
    );
    const admin = (await send('POST', '/api/auth/login', undefined, { username: 'docs-admin', password })).json!
      .accessToken as string;
    const created = await send('POST', '/api/users', admin, { username: 'docs-user', password, role: 'user' });
    expect(created.status).toBe(201);
    const plainId = created.json!.user.id as string;
    const plain = (await send('POST', '/api/auth/login', undefined, { username: 'docs-user', password })).json!
      .accessToken as string;

    for (const { method, path, route, ...rest } of ADMIN_ONLY) {
      const body = 'body' in rest ? rest.body : undefined;
      const refused = await send(method, path.replace('{self}', plainId), plain, body);
      expect({ route, status: refused.status, code: refused.json?.error?.code }).toEqual({
        route,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect((await send('GET', '/api/users', admin)).status).toBe(200);
    expect((await send('GET', '/api/system', admin)).status).toBe(200);
  });
});
