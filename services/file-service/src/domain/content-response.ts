/**
 * Decides how to answer a request for a stored file's bytes: conditional requests (ETag / If-None-Match,
 * Last-Modified / If-Modified-Since, If-Range) and single byte ranges (RFC 9110 §13–14). Pure: the route
 * executes the plan by streaming the chosen byte span.
 *
 * Policy for edge cases:
 * - a malformed `Range` header, or one whose ranges are all unsatisfiable → 416 with `Content-Range: bytes *\/size`;
 * - a multi-range request (`bytes=0-1,5-6`) → 200 with the whole file (ranges ignored; RFC 9110 allows it, and it
 *   spares the multipart/byteranges format that no media client needs);
 * - `If-Range` that does not match the current validator → 200 with the whole file.
 */

export interface ContentFacts {
  size: number;
  /** Strong entity tag, quoted: `"…"`. */
  etag: string;
  lastModified: Date;
}

export interface ContentRequest {
  method: string;
  range?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifRange?: string;
}

export type ByteSpan = { start: number; end: number };

export type ContentPlan =
  | { status: 200; span?: ByteSpan; headers: Record<string, string> }
  | { status: 206; span: ByteSpan; headers: Record<string, string> }
  | { status: 304; headers: Record<string, string> }
  | { status: 416; headers: Record<string, string> };

export type RangeParse =
  | { kind: 'none' }
  | { kind: 'single'; span: ByteSpan }
  | { kind: 'multiple' }
  | { kind: 'unsatisfiable' };

const RANGE_SPEC = /^(\d*)-(\d*)$/;

/** Parses a `Range` header against a representation of `size` bytes. */
export function parseRange(header: string | undefined, size: number): RangeParse {
  if (header === undefined) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return { kind: 'unsatisfiable' };
  const specs = match[1].split(',').map((spec) => spec.trim());
  if (specs.some((spec) => !RANGE_SPEC.test(spec) || spec === '-')) return { kind: 'unsatisfiable' };
  if (specs.length > 1) return { kind: 'multiple' };
  const [, first = '', last = ''] = RANGE_SPEC.exec(specs[0] ?? '') ?? [];
  if (size === 0) return { kind: 'unsatisfiable' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return { kind: 'single', span: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (last !== '' && Number(last) < start) return { kind: 'unsatisfiable' };
  return { kind: 'single', span: { start, end } };
}

function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .filter(Boolean);
}

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`. */
function noneMatchHits(header: string, etag: string): boolean {
  const tags = entityTags(header);
  return tags.includes('*') || tags.includes(etag);
}

/** HTTP dates have one-second resolution. */
function notModifiedSince(header: string, lastModified: Date): boolean {
  const since = Date.parse(header);
  if (Number.isNaN(since)) return false;
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/** If-Range needs a strong match: the exact ETag, or exactly the Last-Modified date. */
function ifRangeHolds(header: string | undefined, facts: ContentFacts): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('"')) return value === facts.etag;
  if (value.startsWith('W/')) return false;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(date / 1000) === Math.floor(facts.lastModified.getTime() / 1000);
}

export function planContentResponse(facts: ContentFacts, request: ContentRequest): ContentPlan {
  const validators = {
    etag: facts.etag,
    'last-modified': facts.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
  };
  const safeMethod = request.method === 'GET' || request.method === 'HEAD';
  const notModified =
    request.ifNoneMatch !== undefined
      ? noneMatchHits(request.ifNoneMatch, facts.etag)
      : request.ifModifiedSince !== undefined && notModifiedSince(request.ifModifiedSince, facts.lastModified);
  if (safeMethod && notModified) return { status: 304, headers: validators };

  const range = ifRangeHolds(request.ifRange, facts)
    ? parseRange(request.range, facts.size)
    : { kind: 'none' as const };
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...validators, 'content-range': `bytes */${facts.size}` } };
  }
  if (range.kind === 'single') {
    const { start, end } = range.span;
    return {
      status: 206,
      span: range.span,
      headers: {
        ...validators,
        'content-range': `bytes ${start}-${end}/${facts.size}`,
        'content-length': String(end - start + 1),
      },
    };
  }
  return {
    status: 200,
    span: facts.size > 0 ? { start: 0, end: facts.size - 1 } : undefined,
    headers: { ...validators, 'content-length': String(facts.size) },
  };
}

/** A strong ETag for immutable content identified by its SHA-256. */
export function etagFromSha256(sha256: string): string {
  return `"${sha256}"`;
}
