import { t } from '../../i18n/index.ts';
/** Decides how to send a cookie file: Netscape cookies.txt as text, Firefox cookies.sqlite as an upload. */

export type CookieFileKind = 'sqlite' | 'netscape' | 'unknown';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

export function classifyCookieFile(name: string, head: Uint8Array): CookieFileKind {
  const prefix = String.fromCharCode(...head.slice(0, SQLITE_MAGIC.length));
  if (prefix === SQLITE_MAGIC) return 'sqlite';
  const text = new TextDecoder().decode(head);
  if (/^# (Netscape )?HTTP Cookie File/m.test(text) || /\.instagram\.com\t/.test(text)) return 'netscape';
  if (/\.(sqlite|db)$/i.test(name)) return 'sqlite';
  if (/\.txt$/i.test(name)) return 'netscape';
  return 'unknown';
}

export async function readHead(file: Blob, bytes = 4096): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, bytes).arrayBuffer());
}

/** A cookies.txt must carry Instagram's sessionid cookie to be of any use. */
export function cookiesTextProblem(text: string): string | null {
  if (!text.trim()) return t('The cookie file is empty.');
  const hasSession = text.split(/\r?\n/).some((line) => {
    const fields = line.replace(/^#HttpOnly_/, '').split('\t');
    return (
      fields.length >= 7 &&
      /instagram\.com$/.test(fields[0] ?? '') &&
      fields[5] === 'sessionid' &&
      (fields[6] ?? '').trim() !== ''
    );
  });
  return hasSession
    ? null
    : t(
        'This cookie file has no Instagram "sessionid" cookie. Sign in to Instagram in the browser, export again, then retry.',
      );
}
