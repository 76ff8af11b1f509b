import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { ErrorMessage, StatusMessage } from '../components/feedback.tsx';
import { Field } from '../components/Field.tsx';
import { useAction } from '../lib/useAsync.ts';
import { hasErrors, validateNewAccount, validateSignIn, type FieldErrors } from '../lib/validation.ts';
import { useAuth } from './AuthContext.tsx';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';

type Mode = 'signIn' | 'register' | 'setup';

/** Sign in, first-run administrator creation, or self-registration when the hub allows it. */
export function SignInPage({
  firstRun,
  openRegistration,
  notice,
}: {
  firstRun: boolean;
  openRegistration: boolean;
  notice?: string | undefined;
}) {
  const { t } = useTranslation();
  const { signIn, createAccount } = useAuth();
  const [mode, setMode] = useState<Mode>(firstRun ? 'setup' : 'signIn');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const creating = mode !== 'signIn';
  const submit = useAction(async () => {
    if (creating) await createAccount(username, password);
    else await signIn(username, password);
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = creating
      ? validateNewAccount({ username, password, confirm })
      : validateSignIn({ username, password });
    setErrors(found);
    if (!hasErrors(found)) void submit.run();
  };

  const switchMode = (next: Mode) => {
    setMode(next);
    setErrors({});
    submit.clearError();
  };

  const title =
    mode === 'setup'
      ? t('Welcome! Create the administrator account')
      : mode === 'register'
        ? t('Create an account')
        : t('Sign in');
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <div className="auth-language">
          <LanguageSwitcher />
        </div>
        <p className="brand brand-large" aria-hidden="true">
          {t('Social Media Hub')}
        </p>
        <h1>{title}</h1>
        {mode === 'setup' ? (
          <p className="muted">{t('This hub has no users yet. The first account becomes its administrator.')}</p>
        ) : null}
        {notice && mode === 'signIn' && !submit.error ? <StatusMessage message={notice} testId="auth-notice" /> : null}
        <form
          onSubmit={onSubmit}
          noValidate
          data-testid={mode === 'setup' ? 'setup-form' : mode === 'register' ? 'register-form' : 'sign-in-form'}
        >
          <Field
            label={t('Username')}
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={errors['username']}
            required
          />
          <Field
            label={t('Password')}
            name="password"
            type="password"
            autoComplete={creating ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors['password']}
            hint={creating ? t('At least 8 characters.') : undefined}
            required
          />
          {creating ? (
            <Field
              label={t('Confirm password')}
              name="confirm"
              type="password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              error={errors['confirm']}
              required
            />
          ) : null}
          <ErrorMessage message={submit.error} testId="auth-error" />
          <button type="submit" className="button button-primary button-wide" disabled={submit.pending}>
            {submit.pending
              ? t('Please wait…')
              : mode === 'setup'
                ? t('Create administrator account')
                : creating
                  ? t('Create account')
                  : t('Sign in')}
          </button>
        </form>
        {openRegistration && mode !== 'setup' ? (
          <p className="auth-switch">
            {mode === 'signIn' ? `${t('New here?')} ` : `${t('Already have an account?')} `}
            <button
              type="button"
              className="link-button"
              onClick={() => switchMode(mode === 'signIn' ? 'register' : 'signIn')}
            >
              {mode === 'signIn' ? t('Create an account') : t('Sign in')}
            </button>
          </p>
        ) : null}
      </div>
    </main>
  );
}
