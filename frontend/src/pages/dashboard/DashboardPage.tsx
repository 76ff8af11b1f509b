import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { IncludeOption } from '../../api/types.ts';
import { EmptyState, ErrorMessage, StatusMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { IncludeOptions, SessionSelect } from '../../components/formParts.tsx';
import { useApi } from '../../hub.tsx';
import { useLiveQueue } from '../../live/LiveQueue.tsx';
import { Link } from '../../lib/router.tsx';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { detectUrlKind } from '../../lib/urlKind.ts';
import type { FieldErrors } from '../../lib/validation.ts';
import { DownloadRow } from '../queue/DownloadRow.tsx';
import { buildDownloadRequest, usesInstagramSession } from './downloadRequest.ts';

const DEFAULT_INCLUDE: IncludeOption[] = ['posts', 'reels'];
const RECENT_COUNT = 5;

/** Paste a link, pick what to include, and watch it download. */
export function DashboardPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { downloads, trackDownload } = useLiveQueue();
  const sessions = useLoad(() => api.sessions.list(), [api]);
  const [url, setUrl] = useState('');
  const [include, setInclude] = useState<IncludeOption[]>(DEFAULT_INCLUDE);
  const [limit, setLimit] = useState('');
  const [full, setFull] = useState(false);
  const [sessionId, setSessionId] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<'url' | 'include' | 'limit'>>({});
  const [queuedId, setQueuedId] = useState<string | null>(null);
  const hint = url.trim() ? detectUrlKind(url) : null;

  const submit = useAction(async () => {
    const built = buildDownloadRequest({ url, include, limit, sessionId, full });
    if (!built.ok) {
      setFieldErrors({ [built.field]: built.error });
      return;
    }
    const created = await api.downloads.create(built.request);
    // What the row shows until the answer (or the first event) says more; the hub's answer wins.
    const placeholder = {
      url: built.request.url,
      kind: built.kind,
      progress: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    };
    trackDownload({ ...placeholder, ...created });
    setQueuedId(created.id);
    setUrl('');
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFieldErrors({});
    setQueuedId(null);
    void submit.run();
  };

  const recent = downloads.slice(0, RECENT_COUNT);
  const queued = queuedId ? downloads.find((d) => d.id === queuedId) : undefined;

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('Dashboard')}</h1>
      <form className="card download-form" onSubmit={onSubmit} noValidate data-testid="download-form">
        <h2>{t('Download from a link')}</h2>
        <Field
          label={t('Link to download')}
          name="url"
          inputMode="url"
          autoComplete="off"
          placeholder={t('https://www.instagram.com/nasa/')}
          value={url}
          onChange={(e) => {
            setUrl(e.target.value);
            setFieldErrors({});
          }}
          error={fieldErrors.url}
          hint={
            <span aria-live="polite" data-testid="url-kind-hint">
              {hint?.kind
                ? t('Detected: {{label}}', { label: hint.label })
                : hint?.problem && !fieldErrors.url
                  ? hint.problem
                  : t('A profile, post, reel, story or highlight link, an @username, or a direct file link.')}
            </span>
          }
        />
        {hint?.kind === 'profile' ? (
          <>
            <IncludeOptions value={include} onChange={setInclude} />
            {fieldErrors.include ? (
              <p className="field-error" role="alert">
                {fieldErrors.include}
              </p>
            ) : null}
          </>
        ) : null}
        <div className="form-row">
          {hint?.kind === 'profile' ? (
            <Field
              label={t('Newest items only (optional)')}
              name="limit"
              type="number"
              min={1}
              inputMode="numeric"
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              hint={t('Leave empty to fetch everything.')}
              error={fieldErrors.limit}
            />
          ) : null}
          {hint?.kind === 'profile' ? (
            <label className="checkbox">
              <input type="checkbox" name="full" checked={full} onChange={(e) => setFull(e.target.checked)} />

              {t('Full rescan (list every post again; otherwise a profile archived before only fetches what is new)')}
            </label>
          ) : null}
          {usesInstagramSession(hint?.kind) ? (
            <SessionSelect sessions={sessions.data} value={sessionId} onChange={setSessionId} />
          ) : null}
        </div>
        <ErrorMessage message={submit.error} testId="download-error-message" />
        <button type="submit" className="button button-primary" disabled={submit.pending}>
          {submit.pending ? t('Sending…') : t('Download')}
        </button>
        <StatusMessage message={queued ? t('Queued: {{url}}', { url: queued.url }) : null} testId="download-queued" />
      </form>

      <section className="card" aria-labelledby="recent-title">
        <div className="page-head">
          <h2 id="recent-title">{t('Recent downloads')}</h2>
          <Link to="/queue">{t('Open the queue')}</Link>
        </div>
        {recent.length === 0 ? (
          <EmptyState title={t('Nothing downloaded yet')}>
            <p>{t('Paste a link above to get started.')}</p>
          </EmptyState>
        ) : (
          <ul className="job-list" aria-label={t('Recent downloads')}>
            {recent.map((d) => (
              <DownloadRow key={d.id} download={d} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
