import { useTranslation } from 'react-i18next';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useCurrentUser } from '../../auth/AuthContext.tsx';
import { ErrorMessage, StatusMessage } from '../../components/feedback.tsx';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';
import { Field } from '../../components/Field.tsx';
import { useApi } from '../../hub.tsx';
import { useAction } from '../../lib/useAsync.ts';
import { hasErrors, validatePasswordChange, type FieldErrors } from '../../lib/validation.ts';
import { ApiKeysSection } from './ApiKeysSection.tsx';

export function AccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const user = useCurrentUser();
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{t('Account')}</h1>
      <p>
        {t('Signed in as')} <strong>{user.username}</strong>{' '}
        {t('({{role}}).', { role: user.role === 'admin' ? t('administrator') : t('user') })}
      </p>
      <p className="account-language">
        <LanguageSwitcher
          testId="account-language"
          visibleLabel
          onChosen={(locale) => void api.auth.setLocale(locale).catch(() => undefined)}
        />
      </p>
      <div className="two-columns">
        <PasswordForm />
        <ApiKeysSection />
      </div>
    </section>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const api = useApi();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const change = useAction(async () => {
    await api.auth.changePassword(values.currentPassword, values.newPassword);
    setValues({ currentPassword: '', newPassword: '', confirm: '' });
    setDone(t('Your password has been changed.'));
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const found = validatePasswordChange(values);
    setErrors(found);
    if (!hasErrors(found)) void change.run();
  };
  const set = (key: keyof typeof values) => (e: ChangeEvent<HTMLInputElement>) =>
    setValues({ ...values, [key]: e.target.value });
  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="password-form">
      <h2>{t('Change password')}</h2>
      <Field
        label={t('Current password')}
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={errors['currentPassword']}
      />
      <Field
        label={t('New password')}
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        onChange={set('newPassword')}
        error={errors['newPassword']}
        hint={t('At least 8 characters.')}
      />
      <Field
        label={t('Confirm new password')}
        type="password"
        autoComplete="new-password"
        value={values.confirm}
        onChange={set('confirm')}
        error={errors['confirm']}
      />
      <ErrorMessage message={change.error} />
      <StatusMessage message={done} />
      <button type="submit" className="button button-primary" disabled={change.pending}>
        {t('Change password')}
      </button>
    </form>
  );
}
