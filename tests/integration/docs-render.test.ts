/** The API reference renderer (pure): key order, type words, flattened fields, grouping and auth. */
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  describeType,
  flattenFields,
  listOperations,
  renderApiMarkdown,
  renderReference,
  sortKeys,
  type OpenApiDocument,
} from '../../scripts/generate-api-docs.js';

const document: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 'Test API', version: '1.0.0' },
  paths: {
    '/api/widgets/{id}': {
      delete: {
        tags: ['widgets'],
        summary: 'Remove a widget',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { 200: { description: 'Default Response' } },
      },
    },
    '/api/widgets': {
      post: {
        tags: ['widgets'],
        summary: 'Make a widget',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 40 },
                  options: { type: 'object', properties: { size: { type: 'integer', minimum: 1, maximum: 9 } } },
                },
              },
            },
          },
        },
        responses: {
          201: {
            description: 'Default Response',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
              },
            },
          },
        },
      },
      get: { tags: ['widgets'], summary: 'List widgets', responses: {} },
    },
    '/api/health': { get: { summary: 'Health', security: [], responses: {} } },
  },
};

describe('sortKeys / canonicalJson', () => {
  it('sorts keys everywhere except the field order under properties', () => {
    const sorted = sortKeys({
      b: 1,
      a: { properties: { zeta: { type: 'string', description: 'z' }, alpha: { type: 'number' } }, type: 'object' },
    }) as Record<string, any>;
    expect(Object.keys(sorted)).toEqual(['a', 'b']);
    expect(Object.keys(sorted.a)).toEqual(['properties', 'type']);
    expect(Object.keys(sorted.a.properties)).toEqual(['zeta', 'alpha']);
    expect(Object.keys(sorted.a.properties.zeta)).toEqual(['description', 'type']);
  });

  it('is the same text whatever order the keys came in, and ends with a newline', () => {
    expect(canonicalJson({ x: 1, y: [2, { b: 1, a: 2 }] })).toBe(canonicalJson({ y: [2, { a: 2, b: 1 }], x: 1 }));
    expect(canonicalJson({ a: 1 })).toBe('{\n  "a": 1\n}\n');
  });
});

describe('describeType', () => {
  it('names formats, ranges, enums, arrays, maps and null', () => {
    expect(describeType({ type: 'string', format: 'uuid' })).toBe('string (uuid)');
    expect(describeType({ type: 'integer', minimum: 1, maximum: 200 })).toBe('integer (1–200)');
    expect(describeType({ type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 })).toBe('integer');
    expect(describeType({ type: 'string', enum: ['a', 'b'] })).toBe('one of `a`, `b`');
    expect(describeType({ type: 'string', enum: ['merge'] })).toBe('`merge`');
    expect(describeType({ type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 1 })).toBe(
      'array of string (exactly 1 item)',
    );
    expect(describeType({ type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 })).toBe(
      'array of string (1–5 items)',
    );
    expect(describeType({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map of string');
    expect(describeType({ type: 'string', nullable: true })).toBe('string or null');
  });
});

describe('flattenFields', () => {
  it('lists nested object and array-of-object fields with dotted names', () => {
    const rows = flattenFields({
      type: 'object',
      required: ['items'],
      properties: {
        items: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
        limit: { type: 'integer', default: 50 },
      },
    });
    expect(rows).toEqual([
      { name: 'items', type: 'array of object', required: true, notes: '' },
      { name: 'items[].id', type: 'string', required: true, notes: '' },
      { name: 'limit', type: 'integer', required: false, notes: 'default `50`' },
    ]);
  });
});

describe('renderReference', () => {
  it('groups by tag (else the path segment after /api), orders by path then method', () => {
    expect(listOperations(document).map((entry) => `${entry.group} ${entry.method} ${entry.path}`)).toEqual([
      'health GET /api/health',
      'widgets GET /api/widgets',
      'widgets POST /api/widgets',
      'widgets DELETE /api/widgets/{id}',
    ]);
  });

  it('shows auth, parameters, body fields and responses, and never invents a status for a placeholder', () => {
    const markdown = renderReference(document);
    expect(markdown).toContain('| health | GET | [`/api/health`](#get-api-health) | Health | none |');
    expect(markdown).toContain('| widgets | POST | [`/api/widgets`](#post-api-widgets) | Make a widget | bearer |');
    expect(markdown).toContain('| `options.size` | integer (1–9) |  |  |');
    expect(markdown).toContain('| `name` | string (1–40 chars) | yes |  |');
    expect(markdown).toContain('Response `201` (`application/json`):');
    expect(markdown).toContain('| `id` | path | string (uuid) | yes |  |');
    const deleteSection = markdown.slice(markdown.indexOf('### `DELETE /api/widgets/{id}`'));
    expect(deleteSection).toContain("Response: not described by the route's schema");
    expect(deleteSection).not.toContain('Response `200`');
  });

  it('puts the hand-written intro first', () => {
    const markdown = renderApiMarkdown(document, '# Intro\n\nHello.\n\n\n');
    expect(markdown.startsWith('# Intro\n\nHello.\n\n## Reference\n')).toBe(true);
  });
});
