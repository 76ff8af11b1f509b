import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useCurrentUser } from '../../auth/AuthContext.tsx';
import { ErrorMessage, StatusMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { useApi } from '../../hub.tsx';
import { useAction } from '../../lib/useAsync.ts';
import { hasErrors, validatePasswordChange, type FieldErrors } from '../../lib/validation.ts';
import { ApiKeysSection } from './ApiKeysSection.tsx';

export function AccountPage() {
  const user = useCurrentUser();
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <p>
        Signed in as <strong>{user.username}</strong> ({user.role === 'admin' ? 'administrator' : 'user'}).
      </p>
      <div className="two-columns">
        <PasswordForm />
        <ApiKeysSection />
      </div>
    </section>
  );
}

function PasswordForm() {
  const api = useApi();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const change = useAction(async () => {
    await api.auth.changePassword(values.currentPassword, values.newPassword);
    setValues({ currentPassword: '', newPassword: '', confirm: '' });
    setDone('Your password has been changed.');
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
      <h2>Change password</h2>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={errors['currentPassword']}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        onChange={set('newPassword')}
        error={errors['newPassword']}
        hint="At least 8 characters."
      />
      <Field
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        value={values.confirm}
        onChange={set('confirm')}
        error={errors['confirm']}
      />
      <ErrorMessage message={change.error} />
      <StatusMessage message={done} />
      <button type="submit" className="button button-primary" disabled={change.pending}>
        Change password
      </button>
    </form>
  );
}
