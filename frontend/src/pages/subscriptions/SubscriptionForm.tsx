import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';
import type { InstagramSession, SubscriptionInput } from '../../api/types.ts';
import { ErrorMessage } from '../../components/feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { IncludeOptions, SessionSelect } from '../../components/formParts.tsx';
import { useAction } from '../../lib/useAsync.ts';
import type { FieldErrors } from '../../lib/validation.ts';
import {
  buildSubscriptionInput,
  isSitePage,
  type SubscriptionField,
  type SubscriptionFormValues,
} from './subscriptionForm.ts';

/** Create or edit a subscription. */
export function SubscriptionForm({
  initial,
  sessions,
  submitLabel,
  onSubmit,
  onCancel,
  targetLocked = false,
}: {
  initial: SubscriptionFormValues;
  /** Editing: the hub does not let the followed profile change. */
  targetLocked?: boolean;
  sessions: InstagramSession[] | undefined;
  submitLabel: string;
  onSubmit: (input: SubscriptionInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState(initial);
  const site = isSitePage(values.target);
  const [errors, setErrors] = useState<FieldErrors<SubscriptionField>>({});
  const save = useAction(onSubmit);
  const set = <K extends keyof SubscriptionFormValues>(key: K, value: SubscriptionFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildSubscriptionInput(values);
    setErrors(built.ok ? {} : built.errors);
    if (!built.ok) return;
    await save.run(built.input);
  };

  return (
    <form className="subscription-form" onSubmit={(e) => void submit(e)} noValidate data-testid="subscription-form">
      <Field
        label={t('Profile to follow')}
        name="target"
        placeholder={t('https://www.instagram.com/nasa/, nasa, or a channel or playlist link')}
        autoComplete="off"
        value={values.target}
        onChange={(e) => set('target', e.target.value)}
        error={errors.target}
        readOnly={targetLocked}
        hint={
          targetLocked
            ? t('To follow another profile, create a new subscription.')
            : t(
                'An Instagram profile, or the link of a channel, playlist or profile page of another site (archived through yt-dlp; include and session apply to Instagram only).',
              )
        }
      />
      {site ? null : (
        <IncludeOptions value={values.include} onChange={(next) => set('include', next)} legend={t('Include')} />
      )}
      {errors.include ? (
        <p className="field-error" role="alert">
          {errors.include}
        </p>
      ) : null}
      <fieldset className="radio-group">
        <legend>{t('Schedule')}</legend>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={values.scheduleKind === 'every'}
            onChange={() => set('scheduleKind', 'every')}
          />

          {t('Every interval')}
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={values.scheduleKind === 'cron'}
            onChange={() => set('scheduleKind', 'cron')}
          />

          {t('Cron schedule')}
        </label>
      </fieldset>
      {values.scheduleKind === 'every' ? (
        <Field
          label={t('Interval')}
          name="every"
          value={values.every}
          onChange={(e) => set('every', e.target.value)}
          hint={t('For example 30m, 6h or 1d.')}
          error={errors.every}
        />
      ) : (
        <Field
          label={t('Cron expression')}
          name="cron"
          value={values.cron}
          onChange={(e) => set('cron', e.target.value)}
          hint={t('minute hour day month weekday, e.g. 0 */6 * * *')}
          error={errors.cron}
        />
      )}
      {site ? null : (
        <SessionSelect sessions={sessions} value={values.sessionId} onChange={(v) => set('sessionId', v)} />
      )}
      <label className="checkbox">
        <input type="checkbox" checked={values.enabled} onChange={(e) => set('enabled', e.target.checked)} />

        {t('Enabled')}
      </label>
      <ErrorMessage message={save.error} testId="subscription-error" />
      <div className="job-actions">
        <button type="submit" className="button button-primary" disabled={save.pending}>
          {save.pending ? t('Saving…') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('Cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
