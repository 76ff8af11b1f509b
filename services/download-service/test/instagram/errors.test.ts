import { describe, expect, it } from 'vitest';
import { classifyResponse, parseRetryAfter, type ResponseFacts } from '../../src/instagram/errors.js';

const NOW = Date.UTC(2026, 0, 1);
const facts = (overrides: Partial<ResponseFacts>): ResponseFacts => ({
  status: 200,
  location: null,
  retryAfter: null,
  json: { status: 'ok' },
  text: '',
  withSession: false,
  ...overrides,
});

describe('classifyResponse', () => {
  it('accepts a normal JSON answer', () => {
    expect(classifyResponse(facts({}), NOW)).toBeUndefined();
  });

  it.each<[string, Partial<ResponseFacts>, string, boolean]>([
    ['HTTP 200 status:fail', { json: { status: 'fail', message: 'something odd' } }, 'UPSTREAM_ERROR', false],
    ['HTTP 200 HTML (soft block)', { json: undefined, text: '<html>' }, 'INVALID_RESPONSE', true],
    [
      '400 Not authorized to view user',
      { status: 400, json: { message: 'Not authorized to view user', status: 'fail' } },
      'PRIVATE_PROFILE',
      false,
    ],
    [
      '400 Media not found',
      { status: 400, json: { message: 'Media not found or unavailable', status: 'fail' } },
      'NOT_FOUND',
      false,
    ],
    [
      '401 require_login with a session',
      { status: 401, json: { message: '', require_login: true, status: 'fail' }, withSession: true },
      'SESSION_INVALID',
      false,
    ],
    ['429 HTML body', { status: 429, json: undefined, text: 'Too Many Requests' }, 'RATE_LIMITED', true],
    ['503', { status: 503, json: undefined }, 'UPSTREAM_ERROR', true],
    ['302 elsewhere', { status: 302, location: 'https://example.com/' }, 'UPSTREAM_ERROR', false],
    ['302 home page, anonymous', { status: 302, location: 'https://www.instagram.com/' }, 'LOGIN_REQUIRED', false],
  ])('%s', (_name, input, code, retryable) => {
    expect(classifyResponse(facts(input), NOW)).toMatchObject({ code, retryable });
  });

  it('carries Retry-After in milliseconds', () => {
    expect(classifyResponse(facts({ status: 429, retryAfter: '30' }), NOW)).toMatchObject({ retryAfterMs: 30_000 });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});
