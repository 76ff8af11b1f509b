import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { TARGET_TYPES, type CreatedNotificationTarget, type TargetType } from '../../api/notificationTypes.ts';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { useApi } from '../../hub.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { buildTargetInput, EVENT_LABELS, emptyForm, FIELDS, TYPE_LABELS, type TargetFormState } from './targetForm.ts';

/** Notification targets (webhooks, push services, e-mail): add, send a test, remove; and the delivery log. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const targets = useLoad(() => api.notifications.targets(), [api]);
  const deliveries = useLoad(() => api.notifications.deliveries(), [api]);
  const [form, setForm] = useState<TargetFormState>(emptyForm());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedNotificationTarget | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const create = useAction(async (input: Parameters<typeof api.notifications.create>[0]) => {
    const target = await api.notifications.create(input);
    setCreated(target);
    setForm(emptyForm(form.type));
    targets.reload();
  });
  const test = useAction(async (id: string, name: string) => {
    await api.notifications.test(id);
    setStatus(t('Test sent to {{name}}; see the delivery log.', { name }));
    deliveries.reload();
  });
  const remove = useAction(async (id: string, name: string) => {
    if (!window.confirm(t('Remove the target "{{name}}" and its delivery log?', { name }))) return;
    await api.notifications.remove(id);
    targets.setData((previous) => previous?.filter((t) => t.id !== id));
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const result = buildTargetInput(form);
    setErrors(result.ok ? {} : result.errors);
    setCreated(null);
    if (result.ok) void create.run(result.input);
  };
  const setValue = (name: string, value: string | boolean) =>
    setForm((previous) => ({ ...previous, values: { ...previous.values, [name]: value } }));
  const names = new Map((targets.data ?? []).map((t) => [t.id, t.name]));

  return (
    <>
      <h1>{t('Notifications')}</h1>
      <section className="card" aria-labelledby="add-target-title">
        <h2 id="add-target-title">{t('Add a target')}</h2>
        <form onSubmit={onSubmit} noValidate data-testid="target-form">
          <div className="field">
            <label htmlFor="target-type">{t('Type')}</label>
            <select
              id="target-type"
              value={form.type}
              onChange={(e) => {
                setForm(emptyForm(e.target.value as TargetType));
                setErrors({});
              }}
            >
              {TARGET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(TYPE_LABELS[type])}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('Name (optional)')}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          {FIELDS[form.type].map((field) =>
            field.kind === 'checkbox' ? (
              <label key={field.name} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.values[field.name] === true}
                  onChange={(e) => setValue(field.name, e.target.checked)}
                />{' '}
                {t(field.label)}
              </label>
            ) : (
              <Field
                key={field.name}
                label={t(field.label)}
                type={field.secret ? 'password' : field.kind === 'number' ? 'number' : 'text'}
                autoComplete="off"
                value={String(form.values[field.name] ?? '')}
                onChange={(e) => setValue(field.name, e.target.value)}
                error={errors[field.name]}
                hint={field.hint ? t(field.hint) : undefined}
              />
            ),
          )}
          <fieldset>
            <legend>{t('Events')}</legend>
            {Object.entries(EVENT_LABELS).map(([event, label]) => (
              <label key={event} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.events.includes(event as keyof typeof EVENT_LABELS)}
                  onChange={(e) =>
                    setForm((previous) => ({
                      ...previous,
                      events: e.target.checked
                        ? [...previous.events, event as keyof typeof EVENT_LABELS]
                        : previous.events.filter((x) => x !== event),
                    }))
                  }
                />{' '}
                {t(label)}
              </label>
            ))}
            {errors.events ? <p className="field-error">{errors.events}</p> : null}
          </fieldset>
          <ErrorMessage message={create.error} />
          <button type="submit" className="button button-primary" disabled={create.pending}>
            {t('Add target')}
          </button>
        </form>
        {created?.secret ? (
          <section className="secret-box" aria-label={t('Webhook signing secret')} data-testid="webhook-secret">
            <p>
              <strong>{t('Copy this signing secret now.')}</strong>{' '}
              {t('It is shown only once; use it to verify the X-SMH-Signature header.')}
            </p>
            <code className="secret">{created.secret}</code>
            <button type="button" className="button button-small" onClick={() => setCreated(null)}>
              {t('I have saved it')}
            </button>
          </section>
        ) : null}
      </section>

      <section className="card" aria-labelledby="targets-title">
        <h2 id="targets-title">{t('Targets')}</h2>
        {targets.loading && !targets.data ? <Loading /> : null}
        <ErrorMessage message={targets.error ?? test.error ?? remove.error} />
        <StatusMessage message={status} />
        {targets.data && targets.data.length === 0 ? <EmptyState title={t('No notification targets yet')} /> : null}
        {targets.data && targets.data.length > 0 ? (
          <ul className="plain-list" aria-label={t('Notification targets')}>
            {targets.data.map((target) => (
              <li key={target.id} className="key-row" data-testid="target-row">
                <span>
                  <strong>{target.name}</strong> <span className="muted">· {t(TYPE_LABELS[target.type])}</span>
                  {target.url ? <span className="muted"> · {target.url}</span> : null}
                  <span className="muted"> · {target.events.map((e) => t(EVENT_LABELS[e])).join(t(', '))}</span>
                </span>
                <span className="job-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => void test.run(target.id, target.name)}
                    aria-label={t('Send a test to {{name}}', { name: target.name })}
                  >
                    {t('Send test')}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger"
                    onClick={() => void remove.run(target.id, target.name)}
                    aria-label={t('Remove {{name}}', { name: target.name })}
                  >
                    {t('Remove')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="card" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">{t('Delivery log')}</h2>
        <button type="button" className="button button-small" onClick={() => deliveries.reload()}>
          {t('Refresh')}
        </button>
        <ErrorMessage message={deliveries.error} />
        {deliveries.data && deliveries.data.length === 0 ? <EmptyState title={t('Nothing sent yet')} /> : null}
        {deliveries.data && deliveries.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table" aria-label={t('Deliveries')}>
              <thead>
                <tr>
                  <th scope="col">{t('When')}</th>
                  <th scope="col">{t('Target')}</th>
                  <th scope="col">{t('Event')}</th>
                  <th scope="col">{t('Status')}</th>
                  <th scope="col">{t('HTTP')}</th>
                  <th scope="col">{t('Attempts')}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.map((delivery) => (
                  <tr key={delivery.id} data-testid="delivery-row" title={delivery.lastError}>
                    <td>{formatDate(delivery.createdAt)}</td>
                    <td>{names.get(delivery.targetId) ?? delivery.targetId}</td>
                    <td>{delivery.event}</td>
                    <td>{delivery.status}</td>
                    <td>{delivery.httpStatus ?? '–'}</td>
                    <td>{delivery.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
