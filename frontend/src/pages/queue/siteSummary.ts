import { useEffect, useState } from 'react';
import type { Download, HubFile } from '../../api/types.ts';
import { useApi } from '../../hub.tsx';

/** What a download of another site is about, from the catalog entry of its first file. */
export interface SiteSummary {
  /** yt-dlp's extractor, e.g. generic or peertube. */
  platform: string;
  uploader: string | null;
  /** The first line of the caption, which is the item's title (the description follows it). */
  title: string | null;
}

export function siteSummaryOf(file: HubFile): SiteSummary | null {
  const source = file.source;
  if (!source?.platform) return null;
  const title = source.caption?.split('\n')[0]?.trim() ?? '';
  return { platform: source.platform, uploader: source.username?.trim() || null, title: title || null };
}

/** For a `site` download with a stored file: its platform, uploader and title; null until known, or for others. */
export function useSiteSummary(download: Pick<Download, 'kind' | 'fileIds'>): SiteSummary | null {
  const api = useApi();
  const firstFileId = download.kind === 'site' ? download.fileIds?.[0] : undefined;
  const [summary, setSummary] = useState<{ fileId: string; summary: SiteSummary | null } | null>(null);
  useEffect(() => {
    if (!firstFileId) return;
    let live = true;
    api.files
      .get(firstFileId)
      .then((file) => {
        if (live) setSummary({ fileId: firstFileId, summary: siteSummaryOf(file) });
      })
      // Without it the row still shows the page address.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, firstFileId]);
  return summary && summary.fileId === firstFileId ? summary.summary : null;
}
