import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { EmptyState, ErrorMessage, StatusMessage } from '../../components/feedback.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useApi } from '../../hub.tsx';
import { useLiveQueue } from '../../live/LiveQueue.tsx';
import { isFinal } from '../../live/queueReducer.ts';
import { Link } from '../../lib/router.tsx';
import { useAction } from '../../lib/useAsync.ts';
import { DownloadRow } from './DownloadRow.tsx';
import { VideoJobRow } from './VideoJobRow.tsx';

type QueueTab = 'downloads' | 'failed' | 'videos';

const PIN_ORDER: Record<string, number> = { running: 0, queued: 1 };

/** Running work first, then queued, then the rest; each group keeps the hub's order (newest first). */
export function pinActive<T extends { status: string }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (PIN_ORDER[a.item.status] ?? 2) - (PIN_ORDER[b.item.status] ?? 2) || a.index - b.index)
    .map(({ item }) => item);
}

/** Downloads and video jobs with live progress; the Failed tab explains each failure in words. */
export function QueuePage() {
  const { t } = useTranslation();
  const api = useApi();
  const { downloads, videoJobs, refresh } = useLiveQueue();
  const [tab, setTab] = useState<QueueTab>('downloads');
  const [notice, setNotice] = useState<string | null>(null);
  const failed = downloads.filter((d) => d.status === 'failed');
  const failedJobs = videoJobs.filter((job) => job.status === 'failed');
  const activeCount = downloads.filter((d) => !isFinal(d.status)).length;
  const retryAll = useAction(async () => {
    const result = await api.downloads.retryFailed();
    await refresh();
    const count = typeof result?.retried === 'number' ? result.retried : failed.length;
    setNotice(t('Retrying {{count}} failed downloads.', { count }));
  });

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('Queue')}</h1>
        <div className="page-actions">
          <button type="button" className="button" onClick={() => void refresh()}>
            {t('Refresh')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void retryAll.run()}
            disabled={failed.length === 0 || retryAll.pending}
            data-testid="retry-all-failed"
          >
            {t('Retry all failed')}
          </button>
        </div>
      </div>
      <StatusMessage message={notice} />
      <ErrorMessage message={retryAll.error} />
      <Tabs
        label={t('Queue views')}
        active={tab}
        onChange={setTab}
        tabs={[
          {
            key: 'downloads',
            label: activeCount ? t('Downloads ({{count}} active)', { count: activeCount }) : t('Downloads'),
          },
          { key: 'failed', label: t('Failed ({{count}})', { count: failed.length + failedJobs.length }) },
          { key: 'videos', label: t('Video jobs ({{count}})', { count: videoJobs.length }) },
        ]}
      >
        {tab === 'downloads' ? (
          downloads.length === 0 ? (
            <EmptyState title={t('No downloads yet')}>
              <p>
                {t('Paste a link on the')} <Link to="/">{t('dashboard')}</Link> {t('to start one.')}
              </p>
            </EmptyState>
          ) : (
            <ul className="job-list" aria-label={t('Downloads')}>
              {pinActive(downloads).map((d) => (
                <DownloadRow key={d.id} download={d} />
              ))}
            </ul>
          )
        ) : null}
        {tab === 'failed' ? (
          failed.length + failedJobs.length === 0 ? (
            <EmptyState title={t('Nothing has failed')} />
          ) : (
            <>
              {failed.length > 0 ? (
                <ul className="job-list" aria-label={t('Failed downloads')}>
                  {failed.map((d) => (
                    <DownloadRow key={d.id} download={d} />
                  ))}
                </ul>
              ) : null}
              {failedJobs.length > 0 ? (
                <ul className="job-list" aria-label={t('Failed video jobs')}>
                  {failedJobs.map((job) => (
                    <VideoJobRow key={job.id} job={job} />
                  ))}
                </ul>
              ) : null}
            </>
          )
        ) : null}
        {tab === 'videos' ? (
          videoJobs.length === 0 ? (
            <EmptyState title={t('No video jobs yet')}>
              <p>
                {t('Start one from')} <Link to="/videos">{t('Video tools')}</Link>.
              </p>
            </EmptyState>
          ) : (
            <ul className="job-list" aria-label={t('Video jobs')}>
              {pinActive(videoJobs).map((job) => (
                <VideoJobRow key={job.id} job={job} />
              ))}
            </ul>
          )
        ) : null}
      </Tabs>
    </section>
  );
}
