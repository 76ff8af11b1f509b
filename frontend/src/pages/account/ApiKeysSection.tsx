import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { CreatedApiKey } from '../../api/types.ts';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { useApi } from '../../hub.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/useAsync.ts';

/** A ready-to-run request listing the newest files with this key, against this hub's address. */
export function curlLine(key: string, origin = window.location.origin): string {
  return `curl -H "Authorization: Bearer ${key}" ${origin}/api/files?limit=5`;
}

/** API keys for scripts: create (the key is shown once), list, revoke. */
export function ApiKeysSection() {
  const { t } = useTranslation();
  const api = useApi();
  const keys = useLoad(() => api.apiKeys.list(), [api]);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const create = useAction(async (keyName: string) => {
    const result = await api.apiKeys.create(keyName);
    setCreated({ ...result, name: result.name ?? keyName });
    setName('');
    keys.reload();
  });
  const revoke = useAction(async (id: string, keyName: string) => {
    if (!window.confirm(t('Revoke the key "{{name}}"? Scripts using it stop working.', { name: keyName }))) return;
    await api.apiKeys.revoke(id);
    keys.setData((previous) => previous?.filter((k) => k.id !== id));
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    setNameError(trimmed ? undefined : t('Give the key a name, e.g. "backup script".'));
    setCopied(null);
    if (trimmed) void create.run(trimmed);
  };
  const copy = async (key: string) => {
    try {
      await navigator.clipboard.writeText(key);
      setCopied(t('Copied to the clipboard.'));
    } catch {
      setCopied(t('Copying is blocked here; select the key and copy it by hand.'));
    }
  };

  return (
    <section className="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('API keys')}</h2>
      <p className="muted">
        {t("Scripts call the hub's API with a key.")} <a href="/api/docs">{t('Read the API documentation')}</a>.
      </p>
      <form onSubmit={onSubmit} noValidate data-testid="api-key-form">
        <Field
          label={t('Key name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
          autoComplete="off"
        />
        <ErrorMessage message={create.error} />
        <button type="submit" className="button button-primary" disabled={create.pending}>
          {t('Create key')}
        </button>
      </form>
      {created ? (
        <section className="secret-box" aria-label={t('New API key')} data-testid="new-api-key">
          <p>
            <strong>{t('Copy this key now.')}</strong> {t('It is shown only once.')}
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so a keyboard user can select the key */}
          <code className="secret" tabIndex={0}>
            {created.key}
          </code>
          <p>{t('Use it as a bearer token, for example:')}</p>
          <pre className="curl-line" data-testid="api-key-curl">
            <code>{curlLine(created.key)}</code>
          </pre>
          <div className="job-actions">
            <button type="button" className="button button-small" onClick={() => void copy(created.key)}>
              {t('Copy key')}
            </button>
            <button type="button" className="button button-small" onClick={() => setCreated(null)}>
              {t('I have saved it')}
            </button>
          </div>
          <StatusMessage message={copied} />
        </section>
      ) : null}
      <h3>{t('Your keys')}</h3>
      {keys.loading && !keys.data ? <Loading /> : null}
      <ErrorMessage message={keys.error ?? revoke.error} />
      {keys.data && keys.data.length === 0 ? <EmptyState title={t('No API keys yet')} /> : null}
      {keys.data && keys.data.length > 0 ? (
        <ul className="plain-list" aria-label={t('API keys')}>
          {keys.data.map((key) => (
            <li key={key.id} className="key-row" data-testid="api-key-row">
              <span>
                <strong>{key.name}</strong>
                {key.createdAt ? (
                  <span className="muted"> {t('· created {{date}}', { date: formatDate(key.createdAt) })}</span>
                ) : null}
                {key.lastUsedAt ? (
                  <span className="muted"> {t('· last used {{date}}', { date: formatDate(key.lastUsedAt) })}</span>
                ) : null}
              </span>
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() => void revoke.run(key.id, key.name)}
                aria-label={t('Revoke {{name}}', { name: key.name })}
              >
                {t('Revoke')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
