import { useTranslation } from 'react-i18next';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { InstagramSession } from '../../api/types.ts';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { useApi } from '../../hub.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { sessionStatusLabel } from '../../components/feedback.tsx';
import { classifyCookieFile, cookiesTextProblem, readHead } from './cookieFile.ts';

const STATUS_CLASS: Record<string, string> = {
  active: 'badge-completed',
  expired: 'badge-failed',
  unverified: 'badge-queued',
};

/** Instagram sessions used for private content and stories. Secrets go in, never come back out. */
export function SessionsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const list = useLoad(() => api.sessions.list(), [api]);
  const [notice, setNotice] = useState<string | null>(null);
  const added = (session: InstagramSession) => {
    list.setData((previous) => [session, ...(previous ?? []).filter((s) => s.id !== session.id)]);
    const status = sessionStatusLabel(session.status);
    setNotice(
      session.username
        ? t('Session added for @{{username}} ({{status}}).', { username: session.username, status })
        : t('Session added ({{status}}).', { status }),
    );
  };
  const items = list.data ?? [];

  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('Instagram sessions')}</h1>
      <p className="muted">
        {t(
          'A session lets the hub see what your Instagram account can see (private profiles you follow, stories). It is stored encrypted and never shown again.',
        )}
      </p>
      <div className="two-columns">
        <SessionIdForm onAdded={added} />
        <CookieFileForm onAdded={added} />
      </div>
      <StatusMessage message={notice} testId="session-notice" />
      <h2>{t('Your sessions')}</h2>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage message={list.error} />
      {!list.loading && !list.error && items.length === 0 ? (
        <EmptyState title={t('No sessions yet')}>
          <p>{t('Public profiles work without one.')}</p>
        </EmptyState>
      ) : (
        <ul className="job-list" aria-label={t('Instagram sessions')}>
          {items.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              onRemoved={() => list.setData((p) => p?.filter((s) => s.id !== session.id))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionRow({ session, onRemoved }: { session: InstagramSession; onRemoved: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const name = session.username ? `@${session.username}` : t('Unknown account');
  const remove = useAction(async () => {
    if (!window.confirm(t('Remove the session of {{name}}?', { name }))) return;
    await api.sessions.remove(session.id);
    onRemoved();
  });
  return (
    <li className="job-row" data-testid="session-row" data-session-id={session.id}>
      <div className="job-head">
        <span className="job-title">{name}</span>
        <span className={`badge ${STATUS_CLASS[session.status] ?? 'badge-queued'}`}>
          {sessionStatusLabel(session.status)}
        </span>
        {session.createdAt ? (
          <span className="muted">{t('added {{date}}', { date: formatDate(session.createdAt) })}</span>
        ) : null}
      </div>
      {session.statusReason ? <p className="job-error">{session.statusReason}</p> : null}
      <ErrorMessage message={remove.error} />
      <div className="job-actions">
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => void remove.run()}
          disabled={remove.pending}
          aria-label={t('Remove session of {{name}}', { name })}
        >
          {t('Remove')}
        </button>
      </div>
    </li>
  );
}

function SessionIdForm({ onAdded }: { onAdded: (session: InstagramSession) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [sessionid, setSessionid] = useState('');
  const [error, setError] = useState<string | undefined>();
  const add = useAction(async (value: string) => {
    onAdded(await api.sessions.addSessionId(value));
    setSessionid('');
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = sessionid.trim().replace(/^sessionid=/, '');
    setError(value ? undefined : t('Paste the value of the sessionid cookie.'));
    if (value) void add.run(value);
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="sessionid-form">
      <h2>{t('Paste a sessionid')}</h2>
      <Field
        label={t('sessionid cookie value')}
        type="password"
        autoComplete="off"
        value={sessionid}
        onChange={(e) => setSessionid(e.target.value)}
        error={error}
        hint={t(
          'In the browser where you are signed in to Instagram: developer tools → Storage → Cookies → sessionid.',
        )}
      />
      <ErrorMessage message={add.error} />
      <button type="submit" className="button button-primary" disabled={add.pending}>
        {add.pending ? t('Checking…') : t('Add session')}
      </button>
    </form>
  );
}

function CookieFileForm({ onAdded }: { onAdded: (session: InstagramSession) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useAction(async (file: File) => {
    const kind = classifyCookieFile(file.name, await readHead(file));
    if (kind === 'sqlite') {
      onAdded(await api.sessions.uploadCookieDb(file));
      return true;
    }
    if (kind === 'unknown') throw new Error('Choose a cookies.txt (Netscape format) or a Firefox cookies.sqlite file.');
    const text = await file.text();
    const issue = cookiesTextProblem(text);
    if (issue) throw new Error(issue);
    onAdded(await api.sessions.addCookiesText(text));
    return true;
  });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setProblem(file ? null : t('Choose a file first.'));
    if (file && (await upload.run(file)) && input.current) input.current.value = '';
  };
  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="cookie-file-form">
      <h2>{t('Upload a cookie file')}</h2>
      <div className="field">
        <label htmlFor={id}>{t('cookies.txt or Firefox cookies.sqlite')}</label>
        <input id={id} ref={input} type="file" accept=".txt,.sqlite,.db,text/plain" aria-describedby={`${id}-hint`} />
        <p className="field-hint" id={`${id}-hint`}>
          {t('Export cookies.txt with a browser extension, or pick cookies.sqlite from your Firefox profile folder.')}
        </p>
      </div>
      <ErrorMessage message={problem ?? upload.error} />
      <button type="submit" className="button button-primary" disabled={upload.pending}>
        {upload.pending ? t('Uploading…') : t('Upload')}
      </button>
    </form>
  );
}
