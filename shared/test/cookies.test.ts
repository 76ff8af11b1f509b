import { describe, expect, it } from 'vitest';
import { CookieFileError, parseNetscapeCookies, serializeCookieHeader } from '../src/cookies.js';

const file = [
  '# Netscape HTTP Cookie File',
  '# This is a generated file! Do not edit.',
  '',
  '.instagram.com\tTRUE\t/\tTRUE\t1800000000\tcsrftoken\tabc123',
  '#HttpOnly_.instagram.com\tTRUE\t/\tTRUE\t1800000000\tsessionid\t14313336321%3AsabDFvuASDnlpb%3A31',
  '.instagram.com\tTRUE\t/\tTRUE\t1800000000\tds_user_id\t14313336321',
  'www.instagram.com\tFALSE\t/\tFALSE\t0\tig_nrcb\t1',
  '.google.com\tTRUE\t/\tTRUE\t1800000000\tNID\tnope',
  '.instagram.com\tTRUE\t/\tTRUE\t1500000000\told\texpired',
].join('\r\n');

describe('parseNetscapeCookies', () => {
  it('keeps instagram.com cookies only, HttpOnly lines included', () => {
    const cookies = parseNetscapeCookies(file);
    expect(cookies).toEqual({
      csrftoken: 'abc123',
      sessionid: '14313336321%3AsabDFvuASDnlpb%3A31',
      ds_user_id: '14313336321',
      ig_nrcb: '1',
      old: 'expired',
    });
    expect(cookies).not.toHaveProperty('NID');
  });

  it('drops expired cookies when given the time, keeping session cookies (expiry 0)', () => {
    const cookies = parseNetscapeCookies(file, { now: 1_700_000_000_000 });
    expect(cookies).not.toHaveProperty('old');
    expect(cookies['ig_nrcb']).toBe('1');
  });

  it.each([
    ['', /empty/],
    ['# only comments\n', /no cookie lines/],
    [
      '.instagram.com TRUE / TRUE 0 sessionid x',
      /line 1: expected 7 tab-separated fields, found 1 \(fields must be separated by TAB/,
    ],
    ['.instagram.com\tYES\t/\tTRUE\t0\tsessionid\tx', /line 1: includeSubdomains must be TRUE or FALSE, got "YES"/],
    ['# c\n.instagram.com\tTRUE\t/\tTRUE\tsoon\tsessionid\tx', /line 2: expiry must be unix seconds, got "soon"/],
    ['.instagram.com\tTRUE\tnoslash\tTRUE\t0\tsessionid\tx', /path must start with "\/"/],
    ['.google.com\tTRUE\t/\tTRUE\t0\tNID\tx', /no unexpired instagram.com cookies/],
  ])('rejects malformed input %#', (text, message) => {
    expect(() => parseNetscapeCookies(text)).toThrow(CookieFileError);
    expect(() => parseNetscapeCookies(text)).toThrow(message);
  });

  it('serialises a Cookie header without empty values', () => {
    expect(serializeCookieHeader({ sessionid: 's', csrftoken: 'c', mid: '' })).toBe('sessionid=s; csrftoken=c');
  });
});
