import { useTranslation } from 'react-i18next';
import { UsersSection } from './UsersSection.tsx';
import { SystemSection } from './SystemSection.tsx';

export function AdminPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('Admin')}</h1>
      <SystemSection />
      <UsersSection />
    </section>
  );
}
