import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { CreatedSubscription, Subscription } from '../../api/types.ts';
import { EmptyState, ErrorMessage, Loading, StatusMessage } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { activeLocale, t as translate } from '../../i18n/index.ts';
import { useLoad } from '../../lib/useAsync.ts';
import { SubscriptionForm } from './SubscriptionForm.tsx';
import { SubscriptionItem } from './SubscriptionItem.tsx';
import { NEW_SUBSCRIPTION } from './subscriptionForm.ts';

/** Profiles followed on a schedule. */
export function SubscriptionsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const list = useLoad<Subscription[]>(() => api.subscriptions.list(), [api]);
  const sessions = useLoad(() => api.sessions.list(), [api]);
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const items = list.data ?? [];

  return (
    <section aria-labelledby="subscriptions-title">
      <h1 id="subscriptions-title">{t('Subscriptions')}</h1>
      <section className="card" aria-labelledby="new-subscription-title">
        <h2 id="new-subscription-title">{t('Follow a profile')}</h2>
        <SubscriptionForm
          key={formKey}
          initial={NEW_SUBSCRIPTION}
          sessions={sessions.data}
          submitLabel={t('Create subscription')}
          onSubmit={async (input) => {
            const created = await api.subscriptions.create(input);
            list.setData((previous) => [created, ...(previous ?? [])]);
            setFormKey((k) => k + 1);
            setNotice(
              [t('Now following {{target}}.', { target: created.target ?? input.target }), profileCheckNote(created)]
                .filter(Boolean)
                .join(' '),
            );
          }}
        />
        <StatusMessage message={notice} testId="subscription-created" />
      </section>
      <h2>{t('Your subscriptions')}</h2>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage message={list.error} />
      {!list.loading && !list.error && items.length === 0 ? (
        <EmptyState title={t('No subscriptions yet')}>
          <p>{t('Follow a profile above and new posts are fetched on your schedule.')}</p>
        </EmptyState>
      ) : (
        <ul className="subscription-list" aria-label={t('Subscriptions')}>
          {items.map((subscription) => (
            <SubscriptionItem
              key={subscription.id}
              subscription={subscription}
              sessions={sessions.data}
              onChanged={(next) => list.setData((previous) => previous?.map((s) => (s.id === next.id ? next : s)))}
              onRemoved={(id) => list.setData((previous) => previous?.filter((s) => s.id !== id))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * What Instagram said about the profile at creation: English readers get the hub's own sentence (it names the
 * profile and the reason), other languages a translated one.
 */
function profileCheckNote(created: CreatedSubscription): string {
  const check = created.profileCheck;
  if (!check?.message || check.status === 'found') return '';
  if (activeLocale() === 'en') return check.message;
  return check.status === 'private'
    ? translate('The profile is private: only a session of an account that follows it can sync it.')
    : translate(
        'Instagram could not be asked whether the profile exists; the subscription was kept and its first run will tell.',
      );
}
