import { z } from 'zod';
import { AppError } from '../http/errors.js';

export const uuidSchema = z.string().uuid();
export const idParamsSchema = z.object({ id: z.string().uuid({ message: 'must be an id (UUID)' }) });

/** Opaque cursor pagination for every list route. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

/** A 204 answer: no body. */
export const noContentSchema = z.null().describe('No content');

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export const invalidCursor = (why = 'it is not one this list gave out') =>
  new AppError(400, 'INVALID_CURSOR', `The cursor is not valid: ${why}.`, { field: 'cursor' });

/** The values of a cursor; no cursor gives undefined, one that is not a cursor of ours a 400 INVALID_CURSOR. */
export function decodeCursor(cursor: string | undefined): (string | number)[] | undefined {
  if (!cursor) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    Array.isArray(values) &&
    values.every(
      (v) => (typeof v === 'string' && !v.includes('\u0000')) || (typeof v === 'number' && Number.isFinite(v)),
    )
  )
    return values;
  throw invalidCursor();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `[timestamp, id]` keyset cursor (newest-first lists), checked before it reaches SQL: bad values give 400. */
export function decodeKeysetCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const values = decodeCursor(cursor);
  if (!values) return undefined;
  const [at, id] = values;
  if (
    values.length !== 2 ||
    typeof at !== 'string' ||
    typeof id !== 'string' ||
    !UUID.test(id) ||
    !/^\d{4}-\d{2}-\d{2}T/.test(at) ||
    Number.isNaN(Date.parse(at))
  )
    throw invalidCursor();
  return { at, id };
}
