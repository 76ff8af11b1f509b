// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { classifyCookieFile, cookiesTextProblem } from './cookieFile.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const NETSCAPE = [
  '# Netscape HTTP Cookie File',
  '.instagram.com\tTRUE\t/\tTRUE\t1999999999\tcsrftoken\tabc',
  '#HttpOnly_.instagram.com\tTRUE\t/\tTRUE\t1999999999\tsessionid\t123%3Axyz',
].join('\n');

describe('cookie files', () => {
  it('recognises SQLite by its header whatever the name', () => {
    expect(classifyCookieFile('cookies', bytes('SQLite format 3\u0000rest'))).toBe('sqlite');
  });

  it('recognises Netscape cookies.txt by content or name', () => {
    expect(classifyCookieFile('export', bytes(NETSCAPE))).toBe('netscape');
    expect(classifyCookieFile('cookies.txt', bytes('anything'))).toBe('netscape');
    expect(classifyCookieFile('cookies.sqlite', bytes(''))).toBe('sqlite');
    expect(classifyCookieFile('photo.png', bytes('\u0089PNG'))).toBe('unknown');
  });

  it('requires an Instagram sessionid cookie in cookies.txt', () => {
    expect(cookiesTextProblem(NETSCAPE)).toBeNull();
    expect(cookiesTextProblem('# Netscape HTTP Cookie File\n.instagram.com\tTRUE\t/\tTRUE\t0\tcsrftoken\tabc')).toMatch(
      /no Instagram "sessionid"/,
    );
    expect(cookiesTextProblem('  ')).toBe('The cookie file is empty.');
  });
});
