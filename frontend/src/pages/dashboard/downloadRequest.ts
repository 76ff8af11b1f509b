import { t } from '../../i18n/index.ts';
import type { CreateDownloadInput, DownloadKind, IncludeOption } from '../../api/types.ts';
import { detectUrlKind } from '../../lib/urlKind.ts';

export interface DownloadFormValues {
  url: string;
  include: IncludeOption[];
  limit: string;
  sessionId: string;
  /** "Full rescan": list every post again even though the profile was archived before. */
  full?: boolean;
}

export type BuiltDownloadRequest =
  | { ok: true; request: CreateDownloadInput; kind: DownloadKind }
  | { ok: false; field: 'url' | 'include' | 'limit'; error: string };

/** An Instagram session only helps Instagram downloads; a direct file or another site's page never uses one. */
export function usesInstagramSession(kind: DownloadKind | null | undefined): boolean {
  return kind !== 'direct' && kind !== 'site';
}

/** Turns the dashboard form into the POST /api/downloads body, or a sentence saying what is wrong. */
export function buildDownloadRequest(values: DownloadFormValues): BuiltDownloadRequest {
  const hint = detectUrlKind(values.url);
  if (!hint.kind || !hint.url) return { ok: false, field: 'url', error: hint.problem ?? t('Paste a link first.') };
  const request: CreateDownloadInput = { url: hint.url };
  if (hint.kind === 'profile') {
    if (values.include.length === 0)
      return { ok: false, field: 'include', error: t('Choose at least one kind of content to include.') };
    request.include = values.include;
    const limitText = values.limit.trim();
    if (limitText !== '') {
      const limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1)
        return { ok: false, field: 'limit', error: t('The number of newest items must be a whole number above 0.') };
      request.limit = limit;
    }
    if (values.full) request.full = true;
  }
  if (values.sessionId && usesInstagramSession(hint.kind)) request.sessionId = values.sessionId;
  return { ok: true, request, kind: hint.kind };
}
