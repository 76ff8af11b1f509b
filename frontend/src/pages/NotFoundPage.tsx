import { useTranslation } from 'react-i18next';
import { Link } from '../lib/router.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('Page not found')}</h1>
      <p>
        {t('There is nothing at this address.')} <Link to="/">{t('Go to the dashboard')}</Link>.
      </p>
    </section>
  );
}
