import { describe, expect, it } from 'vitest';
import { parseRange, planContentResponse } from '../../src/domain/content-response.js';

const facts = { size: 1000, etag: '"abc"', lastModified: new Date('2024-05-01T12:00:00.500Z') };

describe('parseRange', () => {
  it.each([
    ['bytes=0-499', { start: 0, end: 499 }],
    ['bytes=500-', { start: 500, end: 999 }],
    ['bytes=-1', { start: 999, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    ['Bytes = 1-2', { start: 1, end: 2 }],
  ])('reads %s', (header, span) => {
    expect(parseRange(header, 1000)).toEqual({ kind: 'single', span });
  });

  it.each([
    'bytes=1000-',
    'bytes=-0',
    'bytes=5-4',
    'bytes=x-1',
    'bytes=-',
    'bytes=',
    'pages=1-2',
    'bytes=1-2,',
    'bytes=99999999999999999999-',
  ])('calls %s unsatisfiable', (header) => {
    expect(parseRange(header, 1000).kind).toBe('unsatisfiable');
  });

  it('recognises several ranges, no range, and an empty representation', () => {
    expect(parseRange('bytes=0-1, 4-5', 1000).kind).toBe('multiple');
    expect(parseRange(undefined, 1000).kind).toBe('none');
    expect(parseRange('bytes=0-', 0).kind).toBe('unsatisfiable');
  });
});

describe('planContentResponse', () => {
  it('prefers If-None-Match over If-Modified-Since', () => {
    const stale = new Date('2020-01-01').toUTCString();
    expect(planContentResponse(facts, { method: 'GET', ifNoneMatch: '"abc"', ifModifiedSince: stale }).status).toBe(
      304,
    );
    expect(
      planContentResponse(facts, {
        method: 'GET',
        ifNoneMatch: '"zzz"',
        ifModifiedSince: facts.lastModified.toUTCString(),
      }).status,
    ).toBe(200);
    expect(planContentResponse(facts, { method: 'GET', ifNoneMatch: '*' }).status).toBe(304);
  });

  it('compares Last-Modified at one-second resolution', () => {
    expect(planContentResponse(facts, { method: 'GET', ifModifiedSince: 'Wed, 01 May 2024 12:00:00 GMT' }).status).toBe(
      304,
    );
    expect(planContentResponse(facts, { method: 'GET', ifModifiedSince: 'Wed, 01 May 2024 11:59:59 GMT' }).status).toBe(
      200,
    );
    expect(planContentResponse(facts, { method: 'GET', ifModifiedSince: 'not a date' }).status).toBe(200);
  });

  it('plans 206 with the exact span and headers, 416 with the size', () => {
    expect(planContentResponse(facts, { method: 'GET', range: 'bytes=10-19' })).toMatchObject({
      status: 206,
      span: { start: 10, end: 19 },
      headers: { 'content-range': 'bytes 10-19/1000', 'content-length': '10', etag: '"abc"', 'accept-ranges': 'bytes' },
    });
    expect(planContentResponse(facts, { method: 'GET', range: 'bytes=2000-' })).toMatchObject({
      status: 416,
      headers: { 'content-range': 'bytes */1000' },
    });
  });

  it('ignores the range when If-Range does not match exactly (a weak tag never matches)', () => {
    expect(planContentResponse(facts, { method: 'GET', range: 'bytes=0-1', ifRange: '"abc"' }).status).toBe(206);
    expect(planContentResponse(facts, { method: 'GET', range: 'bytes=0-1', ifRange: 'W/"abc"' }).status).toBe(200);
    expect(
      planContentResponse(facts, { method: 'GET', range: 'bytes=0-1', ifRange: facts.lastModified.toUTCString() })
        .status,
    ).toBe(206);
    expect(
      planContentResponse(facts, { method: 'GET', range: 'bytes=0-1', ifRange: 'Thu, 02 May 2024 12:00:00 GMT' })
        .status,
    ).toBe(200);
  });

  it('sends an empty file as 200 with no span', () => {
    expect(planContentResponse({ ...facts, size: 0 }, { method: 'GET' })).toMatchObject({
      status: 200,
      span: undefined,
      headers: { 'content-length': '0' },
    });
  });
});
