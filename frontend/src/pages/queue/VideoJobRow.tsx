import { useTranslation } from 'react-i18next';
import type { VideoJob } from '../../api/types.ts';
import { ErrorMessage, ProgressBar, StatusBadge } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { useLiveQueue } from '../../live/LiveQueue.tsx';
import { formatDate, fractionPercent } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { msg } from '../../i18n/index.ts';

export const OPERATION_LABEL: Record<string, string> = {
  merge: msg('Merge'),
  transcode: msg('Transcode'),
  trim: msg('Trim'),
  thumbnail: msg('Thumbnails'),
  'extract-audio': msg('Extract audio'),
  probe: msg('Probe'),
};

/** One video job: progress, error in words, links to the files it produced. */
export function VideoJobRow({ job }: { job: VideoJob }) {
  const { t } = useTranslation();
  const api = useApi();
  const { trackVideoJob, refresh } = useLiveQueue();
  const cancel = useAction(async () => {
    const result = await api.videos.cancel(job.id);
    if (result && typeof result === 'object') trackVideoJob(result);
    await refresh();
  });
  const percent = job.status === 'completed' ? 100 : job.status === 'queued' ? null : fractionPercent(job.progress);
  const label = t(OPERATION_LABEL[job.operation] ?? job.operation);
  const outputs = job.outputFileIds ?? [];
  const inputCount = job.inputs?.length ?? 0;

  return (
    <li className="job-row" data-testid="video-job-row" data-job-id={job.id} data-status={job.status}>
      <div className="job-head">
        <span className="job-kind">{label}</span>
        <StatusBadge status={job.status} />
        {inputCount > 0 ? <span className="muted">{t('{{count}} inputs', { count: inputCount })}</span> : null}
      </div>
      {inputCount > 0 ? <JobInputs ids={job.inputs ?? []} /> : null}
      <ProgressBar
        value={percent}
        label={t('{{label}} job progress', { label })}
        valueText={percent === null ? t('Waiting') : `${percent}%`}
      />
      <div className="job-meta" aria-live={job.status === 'running' ? 'polite' : 'off'}>
        <span data-testid="video-job-percent">{percent === null ? t('Waiting to start') : `${percent}%`}</span>
        {job.createdAt ? (
          <span className="muted">
            {t('Started')} {formatDate(job.startedAt ?? job.createdAt)}
          </span>
        ) : null}
        {job.finishedAt ? (
          <span className="muted" data-testid="video-job-finished">
            {t('Finished')} {formatDate(job.finishedAt)}
          </span>
        ) : null}
      </div>
      {job.status === 'failed' && job.error ? (
        <p className="job-error" data-testid="video-job-error">
          {job.error.message}
        </p>
      ) : null}
      <ErrorMessage message={cancel.error} />
      <div className="job-actions">
        {job.status === 'queued' || job.status === 'running' ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => void cancel.run()}
            disabled={cancel.pending}
            aria-label={t('Cancel {{label}} job', { label })}
          >
            {t('Cancel')}
          </button>
        ) : null}
        {outputs.map((fileId, index) => (
          <Link
            key={fileId}
            to={`/library/${encodeURIComponent(fileId)}`}
            className="button button-small"
            data-testid="video-job-result"
          >
            {t('Open result')}
            {outputs.length > 1 ? ` ${index + 1}` : ''}
          </Link>
        ))}
      </div>
    </li>
  );
}

const SHOWN_INPUTS = 4;

/** The clips a job works on, by caption or name, each linking to the file. */
function JobInputs({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const shown = ids.slice(0, SHOWN_INPUTS);
  const names = useLoad(
    () =>
      Promise.all(
        shown.map((id) =>
          api.files.get(id).then(
            (file) => file.source?.caption?.trim() || file.name,
            () => null,
          ),
        ),
      ),
    [api, shown.join(',')],
  );
  return (
    <ol className="job-inputs" aria-label={t('Inputs')} data-testid="video-job-inputs">
      {shown.map((id, index) => (
        <li key={id}>
          <Link to={`/library/${encodeURIComponent(id)}`}>
            {names.data ? (names.data[index] ?? t('a removed file')) : '…'}
          </Link>
        </li>
      ))}
      {ids.length > SHOWN_INPUTS ? (
        <li className="muted">{t('and {{count}} more', { count: ids.length - SHOWN_INPUTS })}</li>
      ) : null}
    </ol>
  );
}
