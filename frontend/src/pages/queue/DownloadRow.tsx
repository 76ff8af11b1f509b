import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useApi } from '../../hub.tsx';
import { Avatar } from '../../components/Avatar.tsx';
import { Thumbnail } from '../../components/Thumbnail.tsx';
import { ErrorMessage, ProgressBar, StatusBadge, StatusMessage } from '../../components/feedback.tsx';
import { useLiveQueue } from '../../live/LiveQueue.tsx';
import type { LiveDownload } from '../../live/queueReducer.ts';
import { describeProgress, describeWaiting, downloadPercent, formatDate, formatSpeed } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { detectUrlKind } from '../../lib/urlKind.ts';
import { useAction } from '../../lib/useAsync.ts';
import { msg } from '../../i18n/index.ts';
import type { Download } from '../../api/types.ts';
import { platformLabelKey } from '../../lib/platforms.ts';
import { useSiteSummary } from './siteSummary.ts';

const KIND_LABEL: Record<string, string> = {
  profile: msg('Profile'),
  post: msg('Post'),
  reel: msg('Reel'),
  story: msg('Stories'),
  highlight: msg('Highlight'),
  direct: msg('Direct link'),
  site: msg('Other site'),
};
/** Thumbnails of what arrived, shown in the row. */
const PREVIEW_COUNT = 4;
/** A running download with at least this many files stored asks before it is canceled. */
export const CONFIRM_CANCEL_FILES = 20;

/** Where "View files" goes: the file itself, or the library showing exactly this download's files. */
export function filesLink(download: Download): string {
  const ids = download.fileIds ?? [];
  const [only] = ids;
  if (ids.length === 1 && only) return `/library/${encodeURIComponent(only)}`;
  return `/library?download=${encodeURIComponent(download.id)}`;
}

/** What the row is about: "@name" for Instagram, else the link; `href` is always an absolute http(s) address. */
export function downloadTitle(download: Pick<Download, 'url'>): {
  text: string;
  href: string | null;
  username?: string;
} {
  const hint = detectUrlKind(download.url);
  const href = hint.url && /^https?:\/\//i.test(hint.url) ? hint.url : null;
  if (hint.username) return { text: `@${hint.username}`, href, username: hint.username };
  return { text: hint.url ?? download.url, href };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The hub's failure message as its own sentence. */
function asSentence(message: string): string {
  const text = message.trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** One download with live progress (files, bytes, percent, speed), what arrived, and its actions. */
export function DownloadRow({ download }: { download: LiveDownload }) {
  const { t } = useTranslation();
  const api = useApi();
  const { trackDownload, refresh } = useLiveQueue();
  const [retriedAt, setRetriedAt] = useState<string | null>(null);
  const afterAction = (result: Download | undefined) => {
    if (result && typeof result === 'object' && 'id' in result) trackDownload(result);
    return refresh();
  };
  const cancel = useAction(async () => {
    const stored = download.progress?.filesDone ?? 0;
    if (
      download.status === 'running' &&
      stored >= CONFIRM_CANCEL_FILES &&
      !window.confirm(
        t('Cancel this download? {{count}} files are stored; the rest will not be fetched.', { count: stored }),
      )
    )
      return;
    await afterAction(await api.downloads.cancel(download.id));
  });
  const retry = useAction(async () => {
    const result = await api.downloads.retry(download.id);
    setRetriedAt(new Date().toISOString());
    await afterAction(result);
  });

  const done = download.status === 'completed';
  const percent = downloadPercent(download.progress, done);
  const active = download.status === 'queued' || download.status === 'running';
  const speed = download.status === 'running' ? formatSpeed(download.speedBps) : '';
  const summary = describeProgress(download.progress);
  const fileIds = download.fileIds ?? [];
  const fileCount = fileIds.length;
  const site = useSiteSummary(download);
  const address = downloadTitle(download);
  // A video of another site is named by its title once its file arrived; the link still opens the page.
  const title = site?.title ? { ...address, text: site.title } : address;
  const retryable = download.error?.retryable !== false;
  const shownDate = retriedAt ?? download.createdAt;
  const waiting = active ? describeWaiting(download.waitingUntil) : '';
  const warnings = download.warnings ?? [];

  return (
    <li className="job-row" data-testid="download-row" data-download-id={download.id} data-status={download.status}>
      <div className="job-head">
        {title.username ? <Avatar username={title.username} size={28} /> : null}
        <span className="job-kind">{t(KIND_LABEL[download.kind ?? ''] ?? msg('Download'))}</span>
        <StatusBadge status={download.status} />
        {title.username ? (
          <Link
            className="job-title"
            to={`/profiles/${encodeURIComponent(title.username)}`}
            data-testid="download-title"
            title={download.url}
          >
            {title.text}
          </Link>
        ) : title.href ? (
          <a
            className="job-title"
            href={title.href}
            target="_blank"
            rel="noreferrer noopener"
            title={download.url}
            data-testid="download-title"
          >
            {title.text}
          </a>
        ) : (
          <span className="job-title" data-testid="download-title">
            {title.text}
          </span>
        )}
        {site ? (
          <span className="muted job-origin" data-testid="download-origin">
            {t('{{platform}} · {{uploader}}', {
              platform: t(platformLabelKey(site.platform)),
              // Without an uploader (a plain page, a stream), the host says where it came from.
              uploader: site.uploader ?? hostOf(download.url),
            })}
          </span>
        ) : null}
        {title.username && title.href ? (
          <a
            className="muted job-origin"
            href={title.href}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="download-origin"
          >
            {t('Instagram')}
          </a>
        ) : null}
      </div>
      <ProgressBar
        value={percent ?? (active ? null : 0)}
        label={t('Progress of {{name}}', { name: title.text })}
        valueText={percent === null ? summary : `${percent}%, ${summary}`}
      />
      <div className="job-meta" aria-live={active ? 'polite' : 'off'}>
        <span data-testid="download-progress-text">{summary}</span>
        {percent !== null ? <span data-testid="download-percent">{percent}%</span> : null}
        {speed ? <span data-testid="download-speed">{speed}</span> : null}
        {shownDate ? (
          <span className="muted" data-testid="download-date">
            {formatDate(shownDate)}
          </span>
        ) : null}
      </div>
      {waiting ? (
        <p className="job-waiting" data-testid="download-waiting" role="status">
          {waiting}
        </p>
      ) : null}
      {warnings.map((warning) => (
        <p className="job-warning" data-testid="download-warning" key={warning.code}>
          {warning.message}
        </p>
      ))}
      {fileCount > 0 ? (
        <ul className="job-previews" aria-label={t('Files that arrived')} data-testid="download-previews">
          {fileIds.slice(0, PREVIEW_COUNT).map((fileId) => (
            <li key={fileId}>
              <Link to={`/library/${encodeURIComponent(fileId)}`}>
                <Thumbnail fileId={fileId} className="job-preview" />
                <span className="visually-hidden">{t('Open file')}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {download.status === 'failed' && download.error ? (
        <div className="job-error" data-testid="download-error">
          <p>{asSentence(download.error.message)}</p>
          {retryable ? null : (
            <p data-testid="download-not-retryable">{t('Retrying will not help until the cause is fixed.')}</p>
          )}
        </div>
      ) : null}
      <StatusMessage message={retriedAt && active ? t('Retry started.') : null} testId="download-retry-status" />
      <ErrorMessage message={cancel.error ?? retry.error} />
      <div className="job-actions">
        {active ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void cancel.run()}
            disabled={cancel.pending}
            aria-label={t('Cancel download of {{name}}', { name: title.text })}
          >
            {t('Cancel')}
          </button>
        ) : null}
        {(download.status === 'failed' && retryable) || download.status === 'canceled' ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void retry.run()}
            disabled={retry.pending}
            aria-label={t('Retry download of {{name}}', { name: title.text })}
          >
            {t('Retry')}
          </button>
        ) : null}
        {done && fileCount > 0 ? (
          <Link to={filesLink(download)} className="button button-small" data-testid="download-files-link">
            {t('View {{count}} files', { count: fileCount })}
          </Link>
        ) : null}
      </div>
    </li>
  );
}
