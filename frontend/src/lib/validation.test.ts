// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  hasErrors,
  parseTimecode,
  validateCron,
  validateCrf,
  validateEvery,
  validateNewAccount,
  validatePasswordChange,
  validateSignIn,
  validateTrim,
} from './validation.ts';

describe('form validation', () => {
  it('sign in needs both fields', () => {
    expect(validateSignIn({ username: ' ', password: '' })).toEqual({
      username: 'Enter your username.',
      password: 'Enter your password.',
    });
    expect(hasErrors(validateSignIn({ username: 'admin', password: 'x' }))).toBe(false);
  });

  it('new accounts need a valid username, 8+ character password and a matching confirmation', () => {
    expect(validateNewAccount({ username: 'ab', password: 'short', confirm: 'other' })).toEqual({
      username: 'Use 3 to 32 letters, digits, dots, dashes or underscores.',
      password: 'Use at least 8 characters.',
      confirm: 'The two passwords differ.',
    });
    expect(
      hasErrors(validateNewAccount({ username: 'admin', password: 'correct horse', confirm: 'correct horse' })),
    ).toBe(false);
  });

  it('a password change must differ from the current password', () => {
    expect(
      validatePasswordChange({ currentPassword: 'same-pass-1', newPassword: 'same-pass-1', confirm: 'same-pass-1' })
        .newPassword,
    ).toMatch(/different/);
    expect(
      validatePasswordChange({ currentPassword: '', newPassword: 'new-pass-12', confirm: 'new-pass-12' })
        .currentPassword,
    ).toBeDefined();
  });

  it('accepts intervals like 30m, 6h, 1d and refuses tiny or malformed ones', () => {
    expect(validateEvery('6h')).toBeUndefined();
    expect(validateEvery('30m')).toBeUndefined();
    expect(validateEvery('1d')).toBeUndefined();
    expect(validateEvery('2m')).toBe('Use an interval of at least 5 minutes.');
    expect(validateEvery('six hours')).toMatch(/30m, 6h or 1d/);
  });

  it('checks cron has five sane fields', () => {
    expect(validateCron('0 */6 * * *')).toBeUndefined();
    expect(validateCron('15 3 * * mon-fri')).toBeUndefined();
    expect(validateCron('0 6 1,15 * *')).toBeUndefined();
    expect(validateCron('* * *')).toMatch(/five fields/);
    expect(validateCron('0 */6 * * ?')).toBe('"?" is not a valid cron field.');
  });

  it('parses time codes', () => {
    expect(parseTimecode('90')).toBe(90);
    expect(parseTimecode('12.5')).toBe(12.5);
    expect(parseTimecode('1:05')).toBe(65);
    expect(parseTimecode('1:02:03.5')).toBe(3723.5);
    expect(parseTimecode('1:75')).toBeNull();
    expect(parseTimecode('abc')).toBeNull();
    expect(parseTimecode('')).toBeNull();
  });

  it('trim needs a start before an end, inside the clip', () => {
    expect(validateTrim({ start: '5', end: '3' })).toEqual({ end: 'The end must come after the start.' });
    expect(validateTrim({ start: '1', end: '' })).toEqual({ end: 'Enter where the clip should end.' });
    expect(validateTrim({ start: 'x', end: '9' }).start).toMatch(/seconds/);
    expect(validateTrim({ start: '0:30', end: '0:40', duration: 20 }).start).toBe(
      'The start is past the end of the clip.',
    );
    expect(validateTrim({ start: '1', end: '2' })).toEqual({});
  });

  it('CRF is a whole number 18..35 (what the hub accepts)', () => {
    expect(validateCrf('23')).toBeUndefined();
    expect(validateCrf('18')).toBeUndefined();
    expect(validateCrf('35')).toBeUndefined();
    expect(validateCrf('17')).toBe('Quality (CRF) is a whole number from 18 (best) to 35 (smallest).');
    expect(validateCrf('36')).toBeDefined();
    expect(validateCrf('2.5')).toBeDefined();
    expect(validateCrf('')).toBeDefined();
  });
});
