import { useTranslation } from 'react-i18next';
/** Shown when the hub does not answer at all: says so plainly and offers a retry. */
export function HubUnreachable({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="auth-page">
      <div className="auth-card" data-testid="hub-unreachable">
        <p className="brand brand-large" aria-hidden="true">
          {t('Social Media Hub')}
        </p>
        <h1>{t('Cannot reach the hub')}</h1>
        <p role="alert">{message}</p>
        <p className="muted">
          {t('If you run the hub yourself, start it (for example with')} <code>{t('npm start')}</code>
          {t(') and make sure this page is served by it or proxied to it.')}
        </p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          {t('Try again')}
        </button>
      </div>
    </main>
  );
}
