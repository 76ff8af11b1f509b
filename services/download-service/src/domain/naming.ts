/**
 * File naming: a small template language over safe path segments.
 *   "instagram/{username}/{date}_{shortcode}{_index}.{ext}"
 * Variables: username, date (YYYY-MM-DD), datetime (YYYY-MM-DD_HH-mm-ss), shortcode, mediaId, index (1-based),
 * _index ("_<n>" for carousel children, "" otherwise), ext, kind, title. Values are sanitised so they can never
 * add a path segment; "/" in the literal text separates directories.
 */
import { validateKey } from '@smh/shared';

export const DEFAULT_NAME_TEMPLATE = 'instagram/{username}/{date}_{shortcode}{_index}.{ext}';
export const TEMPLATE_VARIABLES = [
  'username',
  'date',
  'datetime',
  'shortcode',
  'mediaId',
  'index',
  '_index',
  'ext',
  'kind',
  'title',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export interface NamingFacts {
  username: string;
  takenAt: Date;
  shortcode: string;
  mediaId: string;
  /** 0-based position inside the post. */
  index: number;
  /** Whether the post has several resources (then {_index} renders "_<index+1>"). */
  multi: boolean;
  ext: string;
  kind: string;
  title?: string;
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

const MAX_SEGMENT = 120;

/** Makes any text safe as (part of) one path segment: no separators, control characters, or leading dots. */
export function safeSegment(value: string, fallback = '_'): string {
  const cleaned = value
    .normalize('NFC')
    .replace(/[\p{Cc}/\\:*?"<>|]+/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\./, '_.');
  const cut = [...cleaned].slice(0, MAX_SEGMENT).join('');
  return cut === '' || cut === '.' || cut === '..' ? fallback : cut;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function values(facts: NamingFacts): Record<TemplateVariable, string> {
  const d = facts.takenAt;
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return {
    username: facts.username,
    date,
    datetime: `${date}_${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`,
    shortcode: facts.shortcode,
    mediaId: facts.mediaId,
    index: String(facts.index + 1),
    _index: facts.multi ? `_${facts.index + 1}` : '',
    ext: facts.ext,
    kind: facts.kind,
    title: facts.title ?? '',
  };
}

/** Checks a template once (unknown variables, empty or dot segments, no extension) and returns it. */
export function parseTemplate(template: string): string {
  if (template.trim() === '') throw new TemplateError('the file name template is empty');
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    if (!TEMPLATE_VARIABLES.includes(match[1] as TemplateVariable)) {
      throw new TemplateError(
        `unknown variable {${match[1]}} in the file name template (known: ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(', ')})`,
      );
    }
  }
  if (/[{}]/.test(template.replace(/\{[^}]*\}/g, '')))
    throw new TemplateError('unbalanced braces in the file name template');
  const segments = template.split('/');
  if (segments.some((segment) => segment.trim() === '' || /^\.+$/.test(segment))) {
    throw new TemplateError('the file name template has an empty, "." or ".." path segment');
  }
  if (!template.includes('{ext}')) throw new TemplateError('the file name template must contain {ext}');
  return template;
}

/** Renders a storage key from a checked template; each substituted value is sanitised inside its segment. */
export function renderName(template: string, facts: NamingFacts): string {
  const all = values(facts);
  const key = template
    .split('/')
    .map((segment) =>
      safeSegment(
        segment.replace(/\{([^}]*)\}/g, (_, name: TemplateVariable) => safeSegment(all[name], '').replace(/^\.+/, '')),
      ),
    )
    .join('/');
  return validateKey(key);
}

/** Replaces the extension of a key (used for the JSON sidecar next to the media). */
export function withExtension(key: string, ext: string): string {
  const slash = key.lastIndexOf('/');
  const dot = key.lastIndexOf('.');
  return `${dot > slash ? key.slice(0, dot) : key}.${ext}`;
}

/** `direct/<host>/<safe-name>` for a direct URL; the name comes from the last path segment. */
export function directName(url: URL, ext: string | undefined): string {
  const last = decodeURIComponentSafe(url.pathname.split('/').filter(Boolean).pop() ?? '');
  let name = safeSegment(last, 'download');
  if (ext) {
    // The sniffed type decides the extension: `report.pdf` that is a JPEG is stored as `report.jpg`.
    const current = /\.([A-Za-z0-9]{1,6})$/.exec(name);
    const same = current && (current[1]?.toLowerCase() === ext || (ext === 'jpg' && /^jpe?g$/i.test(current[1] ?? '')));
    if (!same) name = `${current ? name.slice(0, -current[0].length) : name}.${ext}`;
  }
  return validateKey(`direct/${safeSegment(url.hostname.toLowerCase(), 'host')}/${name}`);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
