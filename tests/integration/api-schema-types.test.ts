/** The UI's API types (frontend/src/api/schema.d.ts) are generated from the committed OpenAPI document. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_TYPES_PATH, renderApiSchemaTypes } from '../../scripts/api-schema-types.js';
import { OPENAPI_JSON_PATH, REGENERATE_COMMAND } from '../../scripts/generate-api-docs.js';

const document = JSON.parse(fs.readFileSync(OPENAPI_JSON_PATH, 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

describe('frontend API types', () => {
  it('frontend/src/api/schema.d.ts is what openapi-typescript makes of docs/api/openapi.json', async () => {
    const committed = fs.existsSync(API_SCHEMA_TYPES_PATH) ? fs.readFileSync(API_SCHEMA_TYPES_PATH, 'utf8') : '';
    expect(committed, `frontend/src/api/schema.d.ts is out of date: run ${REGENERATE_COMMAND}`).toBe(
      await renderApiSchemaTypes(document),
    );
  });

  it('changes when a response field of the document changes (the check above can fail)', async () => {
    const changed = structuredClone(document);
    const download = changed.paths['/api/downloads/{id}']?.['get']?.responses['200'] as {
      content: { 'application/json': { schema: { properties: Record<string, unknown> } } };
    };
    download.content['application/json'].schema.properties['addedByTheTest'] = { type: 'string' };
    const types = await renderApiSchemaTypes(changed);
    expect(types).toContain('addedByTheTest?: string;');
    expect(types).not.toBe(await renderApiSchemaTypes(document));
  });
});
