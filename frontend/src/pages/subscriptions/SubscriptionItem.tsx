import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { InstagramSession, Subscription, SubscriptionPatch } from '../../api/types.ts';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { INCLUDE_LABEL } from '../../components/formParts.tsx';
import { useApi } from '../../hub.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { SubscriptionForm } from './SubscriptionForm.tsx';
import { describeSchedule, formFromSubscription, subscriptionLabel, toSubscriptionPatch } from './subscriptionForm.ts';

/** One subscription with pause/resume, run now, edit, history and delete. */
export function SubscriptionItem({
  subscription,
  sessions,
  onChanged,
  onRemoved,
}: {
  subscription: Subscription;
  sessions: InstagramSession[] | undefined;
  onChanged: (next: Subscription) => void;
  onRemoved: (id: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [showRuns, setShowRuns] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const pausedByHub = subscription.enabled && subscription.state === 'paused';
  const toggle = useAction(async () => {
    // A subscription the hub paused (e.g. its session expired) is resumed with `resume`, not by toggling enabled.
    const patch: SubscriptionPatch = pausedByHub ? { resume: true } : { enabled: !subscription.enabled };
    const updated = await api.subscriptions.update(subscription.id, patch);
    onChanged({
      ...subscription,
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      ...(updated ?? {}),
    });
    setNotice(pausedByHub || !subscription.enabled ? t('Resumed.') : t('Paused.'));
  });
  const runNow = useAction(async () => {
    await api.subscriptions.runNow(subscription.id);
    setNotice(t('Run started; follow it in the Queue.'));
  });
  const remove = useAction(async () => {
    if (!window.confirm(t('Stop following {{target}}?', { target: subscription.target }))) return;
    await api.subscriptions.remove(subscription.id);
    onRemoved(subscription.id);
  });
  const session = sessions?.find((s) => s.id === subscription.sessionId);
  /** Runs keep failing (the hub flags a streak): not "Active" (issue 15, bug 11). */
  const failing = subscription.enabled && Boolean(subscription.flaggedReason);

  return (
    <li
      className="card subscription"
      data-testid="subscription-item"
      data-subscription-id={subscription.id}
      data-enabled={subscription.enabled}
    >
      <div className="job-head">
        <h3 className="subscription-target">{subscriptionLabel(subscription)}</h3>
        <span
          className={`badge ${pausedByHub || failing ? 'badge-failed' : subscription.enabled ? 'badge-running' : 'badge-canceled'}`}
          data-testid="subscription-state"
        >
          {pausedByHub
            ? t('Paused by the hub')
            : failing
              ? t('Failing')
              : subscription.enabled
                ? t('Active')
                : t('Paused')}
        </span>
      </div>
      {pausedByHub && subscription.pausedReason ? <p className="job-error">{subscription.pausedReason}</p> : null}
      {subscription.flaggedReason ? <p className="job-error">{subscription.flaggedReason}</p> : null}
      <dl className="meta-list meta-inline">
        <div>
          <dt>{t('Schedule')}</dt>
          <dd>{describeSchedule(subscription.schedule)}</dd>
        </div>
        {subscription.kind === 'site' ? null : (
          <>
            <div>
              <dt>{t('Includes')}</dt>
              <dd>
                {subscription.include?.length
                  ? subscription.include.map((option) => t(INCLUDE_LABEL[option])).join(t(', '))
                  : t('default')}
              </dd>
            </div>
            <div>
              <dt>{t('Session')}</dt>
              <dd>
                {session
                  ? session.username
                    ? `@${session.username}`
                    : t('an unchecked session')
                  : subscription.sessionId
                    ? t('removed session')
                    : t('none')}
              </dd>
            </div>
          </>
        )}
        {subscription.lastRunAt ? (
          <div>
            <dt>{t('Last run')}</dt>
            <dd>{formatDate(subscription.lastRunAt)}</dd>
          </div>
        ) : null}
        {subscription.nextRunAt && subscription.enabled ? (
          <div>
            <dt>{t('Next run')}</dt>
            <dd>{formatDate(subscription.nextRunAt)}</dd>
          </div>
        ) : null}
      </dl>
      <StatusMessage message={notice} />
      <ErrorMessage message={toggle.error ?? runNow.error ?? remove.error} />
      <div className="job-actions">
        <button
          type="button"
          className="button button-small"
          onClick={() => void toggle.run()}
          disabled={toggle.pending}
          aria-label={`${subscription.enabled && !pausedByHub ? t('Pause') : t('Resume')} ${subscription.target}`}
        >
          {subscription.enabled && !pausedByHub ? t('Pause') : t('Resume')}
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => void runNow.run()}
          disabled={runNow.pending}
          aria-label={t('Run now for {{target}}', { target: subscription.target })}
        >
          {t('Run now')}
        </button>
        <button
          type="button"
          className="button button-small"
          aria-expanded={editing}
          onClick={() => setEditing((e) => !e)}
          aria-label={t('Edit {{target}}', { target: subscription.target })}
        >
          {t('Edit')}
        </button>
        <button
          type="button"
          className="button button-small"
          aria-expanded={showRuns}
          onClick={() => setShowRuns((s) => !s)}
          aria-label={t('History of {{target}}', { target: subscription.target })}
        >
          {t('History')}
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => void remove.run()}
          disabled={remove.pending}
          aria-label={t('Delete {{target}}', { target: subscription.target })}
        >
          {t('Delete')}
        </button>
      </div>
      {editing ? (
        <SubscriptionForm
          initial={formFromSubscription(subscription)}
          sessions={sessions}
          targetLocked
          submitLabel={t('Save changes')}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const patch = toSubscriptionPatch(input);
            const updated = await api.subscriptions.update(subscription.id, patch);
            onChanged({ ...subscription, ...patch, ...(updated ?? {}) });
            setEditing(false);
            setNotice(t('Saved.'));
          }}
        />
      ) : null}
      {showRuns ? <RunHistory subscriptionId={subscription.id} /> : null}
    </li>
  );
}

function RunHistory({ subscriptionId }: { subscriptionId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const runs = useLoad(() => api.subscriptions.runs(subscriptionId), [api, subscriptionId]);
  if (runs.loading) return <Loading label={t('Loading run history…')} />;
  if (runs.error) return <ErrorMessage message={runs.error} />;
  if (!runs.data?.length) return <EmptyState title={t('No runs yet')} />;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t('Run history')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Started')}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('New files')}</th>
            <th scope="col">{t('Problem')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.map((run) => (
            <tr key={run.id}>
              <td>{formatDate(run.startedAt)}</td>
              <td>
                {run.status}
                {run.trigger === 'manual' ? ` ${t('(run now)')}` : ''}
              </td>
              <td>{run.newFiles ?? '—'}</td>
              <td>{typeof run.error === 'string' ? run.error : (run.error?.message ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
