import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';
import type { Role, User } from '../../api/types.ts';
import { useCurrentUser } from '../../auth/AuthContext.tsx';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { useApi } from '../../hub.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { hasErrors, validateNewAccount, type FieldErrors } from '../../lib/validation.ts';

/** Users: list, create, disable / enable. */
export function UsersSection() {
  const { t } = useTranslation();
  const api = useApi();
  const me = useCurrentUser();
  const users = useLoad(() => api.users.list(), [api]);
  const setDisabled = useAction(async (user: User, disabled: boolean) => {
    await api.users.setDisabled(user.id, disabled);
    users.setData((previous) => previous?.map((u) => (u.id === user.id ? { ...u, disabled } : u)));
  });
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('Users')}</h2>
      <NewUserForm onCreated={users.reload} />
      {users.loading && !users.data ? <Loading /> : null}
      <ErrorMessage message={users.error ?? setDisabled.error} />
      {users.data && users.data.length === 0 ? <EmptyState title={t('No users')} /> : null}
      {users.data && users.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('Users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Username')}</th>
                <th scope="col">{t('Role')}</th>
                <th scope="col">{t('Created')}</th>
                <th scope="col">{t('State')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('Actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id} data-testid="user-row">
                  <td>{user.username}</td>
                  <td>{user.role === 'admin' ? t('admin') : t('user')}</td>
                  <td>{formatDate(user.createdAt)}</td>
                  <td>{user.disabled ? t('Disabled') : t('Active')}</td>
                  <td>
                    {user.id === me.id ? (
                      <span className="muted">{t('you')}</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => void setDisabled.run(user, !user.disabled)}
                        disabled={setDisabled.pending}
                        aria-label={`${user.disabled ? t('Enable') : t('Disable')} ${user.username}`}
                      >
                        {user.disabled ? t('Enable') : t('Disable')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const roleId = useId();
  const [values, setValues] = useState({ username: '', password: '', confirm: '', role: 'user' as Role });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const create = useAction(async () => {
    await api.users.create(values.username.trim(), values.password, values.role);
    setDone(t('Created {{username}}.', { username: values.username.trim() }));
    setValues({ username: '', password: '', confirm: '', role: 'user' });
    onCreated();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const found = validateNewAccount(values);
    setErrors(found);
    if (!hasErrors(found)) void create.run();
  };
  return (
    <form onSubmit={onSubmit} noValidate className="new-user-form" data-testid="new-user-form">
      <h3>{t('Add a user')}</h3>
      <div className="form-row">
        <Field
          label={t('Username')}
          autoComplete="off"
          value={values.username}
          onChange={(e) => setValues({ ...values, username: e.target.value })}
          error={errors['username']}
        />
        <Field
          label={t('Password')}
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => setValues({ ...values, password: e.target.value })}
          error={errors['password']}
        />
        <Field
          label={t('Confirm password')}
          type="password"
          autoComplete="new-password"
          value={values.confirm}
          onChange={(e) => setValues({ ...values, confirm: e.target.value })}
          error={errors['confirm']}
        />
        <div className="field">
          <label htmlFor={roleId}>{t('Role')}</label>
          <select
            id={roleId}
            value={values.role}
            onChange={(e) => setValues({ ...values, role: e.target.value as Role })}
          >
            <option value="user">{t('User')}</option>
            <option value="admin">{t('Administrator')}</option>
          </select>
        </div>
      </div>
      <ErrorMessage message={create.error} />
      <StatusMessage message={done} />
      <button type="submit" className="button button-primary" disabled={create.pending}>
        {t('Create user')}
      </button>
    </form>
  );
}
