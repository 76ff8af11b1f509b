/**
 * Fastify's ajv and fast-json-stringify compilers are loaded only when a route needs them: hub routes are compiled
 * by zod, so a hub app never loads them (they cost every start ~0.4 s across six apps).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LAZY_COMPILERS } from '../src/http/app.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

// In a fresh process: make a service app with a validated route, serve a request, list what got loaded.
const SCRIPT = `
import { z } from 'zod';
import { createServiceApp, createTokenService, createLogger, createMetrics } from './shared/src/index.js';
const app = await createServiceApp({
  service: 'probe', logger: createLogger({ service: 'probe', level: 'silent' }), metrics: createMetrics('probe'),
  tokens: createTokenService('x'.repeat(64)),
});
app.post('/echo', { schema: { body: z.object({ n: z.number() }), response: { 200: z.object({ n: z.number() }) } } },
  async (request) => ({ n: request.body.n }));
await app.ready();
const ok = await app.inject({ method: 'POST', url: '/echo', payload: { n: 2 } });
const bad = await app.inject({ method: 'POST', url: '/echo', payload: { n: 'two' } });
const loaded = Object.keys((await import('node:module')).createRequire(import.meta.url).cache);
console.log(JSON.stringify({ ok: ok.statusCode, body: ok.json(), bad: bad.statusCode,
  ajv: loaded.some((f) => f.includes('/@fastify/ajv-compiler/')),
  fjs: loaded.some((f) => f.includes('/@fastify/fast-json-stringify-compiler/')) }));
await app.close();
`;

describe('fastify compilers', () => {
  it('a hub app validates and serialises with zod without ever loading ajv or fast-json-stringify', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: root,
      timeout: 120_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '')).toEqual({
      ok: 200,
      body: { n: 2 },
      bad: 400,
      ajv: false,
      fjs: false,
    });
  }, 130_000);

  it('still gives a working ajv validator when a route asks fastify for one', () => {
    const compilerFor = LAZY_COMPILERS.buildValidator({}, { customOptions: {} }) as (route: {
      schema: unknown;
      method: string;
      url: string;
      httpPart: string;
    }) => (value: unknown) => boolean;
    const validate = compilerFor({
      schema: { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } },
      method: 'POST',
      url: '/x',
      httpPart: 'body',
    });
    expect(validate({ a: 1 })).toBe(true);
    expect(validate({ a: 'one' })).toBe(false);
  });
});
