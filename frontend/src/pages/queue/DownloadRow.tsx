import { useApi } from '../../hub.tsx';
import { ErrorMessage, ProgressBar, StatusBadge } from '../../components/feedback.tsx';
import { useLiveQueue } from '../../live/LiveQueue.tsx';
import type { LiveDownload } from '../../live/queueReducer.ts';
import { describeProgress, describeWaiting, downloadPercent, formatDate, formatSpeed } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { detectUrlKind } from '../../lib/urlKind.ts';
import { useAction } from '../../lib/useAsync.ts';
import type { Download } from '../../api/types.ts';

const KIND_LABEL: Record<string, string> = {
  profile: 'Profile',
  post: 'Post',
  reel: 'Reel',
  story: 'Stories',
  highlight: 'Highlight',
  direct: 'Direct link',
};

/** Where "View files" goes: the file itself, or the library filtered to the profile. */
export function filesLink(download: Download): string {
  const ids = download.fileIds ?? [];
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) return `/library/${encodeURIComponent(only)}`;
  const username = detectUrlKind(download.url).username;
  return username ? `/library?username=${encodeURIComponent(username)}` : '/library';
}

/** One download with live progress (files, bytes, percent, speed) and its actions. */
export function DownloadRow({ download }: { download: LiveDownload }) {
  const api = useApi();
  const { trackDownload, refresh } = useLiveQueue();
  const afterAction = (result: Download | undefined) => {
    if (result && typeof result === 'object' && 'id' in result) trackDownload(result);
    return refresh();
  };
  const cancel = useAction(() => api.downloads.cancel(download.id).then(afterAction));
  const retry = useAction(() => api.downloads.retry(download.id).then(afterAction));

  const done = download.status === 'completed';
  const percent = downloadPercent(download.progress, done);
  const active = download.status === 'queued' || download.status === 'running';
  const speed = download.status === 'running' ? formatSpeed(download.speedBps) : '';
  const summary = describeProgress(download.progress);
  const fileCount = download.fileIds?.length ?? 0;
  const waiting = active ? describeWaiting(download.waitingUntil) : '';
  const warnings = download.warnings ?? [];

  return (
    <li className="job-row" data-testid="download-row" data-download-id={download.id} data-status={download.status}>
      <div className="job-head">
        <span className="job-kind">{KIND_LABEL[download.kind ?? ''] ?? 'Download'}</span>
        <StatusBadge status={download.status} />
        <a className="job-title" href={download.url} target="_blank" rel="noreferrer noopener" title={download.url}>
          {download.url}
        </a>
      </div>
      <ProgressBar
        value={percent ?? (active ? null : 0)}
        label={`Progress of ${download.url}`}
        valueText={percent === null ? summary : `${percent}%, ${summary}`}
      />
      <div className="job-meta" aria-live={active ? 'polite' : 'off'}>
        <span data-testid="download-progress-text">{summary}</span>
        {percent !== null ? <span data-testid="download-percent">{percent}%</span> : null}
        {speed ? <span data-testid="download-speed">{speed}</span> : null}
        {download.createdAt ? <span className="muted">{formatDate(download.createdAt)}</span> : null}
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
      {download.status === 'failed' && download.error ? (
        <p className="job-error" data-testid="download-error">
          {download.error.message}
          {download.error.retryable === false ? ' Retrying will not help until the cause is fixed.' : ''}
        </p>
      ) : null}
      <ErrorMessage message={cancel.error ?? retry.error} />
      <div className="job-actions">
        {active ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void cancel.run()}
            disabled={cancel.pending}
            aria-label={`Cancel download of ${download.url}`}
          >
            Cancel
          </button>
        ) : null}
        {download.status === 'failed' || download.status === 'canceled' ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void retry.run()}
            disabled={retry.pending}
            aria-label={`Retry download of ${download.url}`}
          >
            Retry
          </button>
        ) : null}
        {done && fileCount > 0 ? (
          <Link to={filesLink(download)} className="button button-small" data-testid="download-files-link">
            View {fileCount} {fileCount === 1 ? 'file' : 'files'}
          </Link>
        ) : null}
      </div>
    </li>
  );
}
