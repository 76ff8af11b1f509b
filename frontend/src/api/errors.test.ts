// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError, describeDetails, errorMessage, HubUnreachableError, parseErrorBody } from './errors.ts';

describe('error messages', () => {
  it('takes code, message and details from the hub error body', () => {
    expect(
      parseErrorBody(400, { error: { code: 'BAD_URL', message: 'Not a link.', details: { url: 'bad' } } }),
    ).toEqual({
      code: 'BAD_URL',
      message: 'Not a link.',
      details: { url: 'bad' },
    });
  });

  it('falls back to a sentence chosen by status for foreign bodies', () => {
    expect(parseErrorBody(429, '<html>Too many</html>')).toEqual({
      code: 'HTTP_429',
      message: 'Too many attempts. Wait a moment, then try again.',
    });
    expect(parseErrorBody(418, null).message).toBe('The request failed (HTTP 418).');
    expect(parseErrorBody(507, null).message).toBe('The hub hit an internal error. Try again later.');
  });

  it('describes validation details as "field: message"', () => {
    expect(describeDetails([{ path: ['schedule', 'every'], message: 'Invalid interval' }, 'plain'])).toEqual([
      'schedule.every: Invalid interval',
      'plain',
    ]);
    expect(describeDetails([{ instancePath: '/url', message: 'must match format "uri"' }])).toEqual([
      'url: must match format "uri"',
    ]);
    expect(describeDetails({ username: 'taken' })).toEqual(['username: taken']);
    expect(describeDetails(42)).toEqual([]);
  });

  it('never shows raw JSON: errorMessage gives a sentence for every kind of failure', () => {
    const withDetails = new ApiError(400, {
      code: 'VALIDATION',
      message: 'The request is invalid.',
      details: [{ path: ['url'], message: 'Required' }],
    });
    expect(errorMessage(withDetails)).toBe('The request is invalid. (url: Required)');
    const summarised = new ApiError(400, {
      code: 'VALIDATION_ERROR',
      message: 'Invalid request: url: Required',
      details: [{ path: ['url'], message: 'Required' }],
    });
    expect(errorMessage(summarised)).toBe('Invalid request: url: Required');
    const withContext = new ApiError(400, {
      code: 'PRIVATE_ADDRESS',
      message: 'Refusing to download from "127.0.0.1".',
      details: { url: 'http://127.0.0.1/a.jpg' },
    });
    expect(errorMessage(withContext)).toBe('Refusing to download from "127.0.0.1".');
    expect(errorMessage(new HubUnreachableError())).toMatch(/did not answer/);
    expect(errorMessage(new Error('Choose a file.'))).toBe('Choose a file.');
    expect(errorMessage({ weird: true })).toBe('Something went wrong. Try again.');
  });
});
