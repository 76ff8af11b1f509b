/**
 * The UI's API types, generated from the OpenAPI document (openapi-typescript): `frontend/src/api/schema.d.ts`.
 * `scripts/generate-api-docs.ts` writes it next to docs/api/openapi.json (and `--check` compares it); the
 * frontend's `types.ts` names the shapes it reads out of it, so a route schema change reaches the UI's types.
 */
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const API_SCHEMA_TYPES_PATH = path.resolve(import.meta.dirname, '../frontend/src/api/schema.d.ts');

const HEADER = `/**
 * Generated from docs/api/openapi.json by openapi-typescript. Do not edit: run \`npm run docs:api\`.
 */

`;

export async function renderApiSchemaTypes(document: unknown): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { alphabetize: true, exportType: true });
  return `${HEADER}${astToString(ast)}`;
}
