import { msg } from '../i18n/index.ts';
import { sessionStatusLabel } from './feedback.tsx';
import { useTranslation } from 'react-i18next';
import { useId } from 'react';
import { INCLUDE_OPTIONS, type IncludeOption, type InstagramSession } from '../api/types.ts';

export const INCLUDE_LABEL: Record<IncludeOption, string> = {
  posts: msg('Posts'),
  reels: msg('Reels'),
  stories: msg('Stories'),
  highlights: msg('Highlights'),
  tagged: msg('Tagged posts'),
};

/** Checkboxes for what to fetch from a profile. */
export function IncludeOptions({
  value,
  onChange,
  legend,
}: {
  value: IncludeOption[];
  onChange: (next: IncludeOption[]) => void;
  legend?: string;
}) {
  const { t } = useTranslation();
  const toggle = (option: IncludeOption, checked: boolean) =>
    onChange(
      checked ? INCLUDE_OPTIONS.filter((o) => o === option || value.includes(o)) : value.filter((o) => o !== option),
    );
  return (
    <fieldset className="checkbox-group">
      <legend>{legend ?? t('Include from the profile')}</legend>
      {INCLUDE_OPTIONS.map((option) => (
        <label key={option} className="checkbox">
          <input
            type="checkbox"
            name="include"
            value={option}
            checked={value.includes(option)}
            onChange={(e) => toggle(option, e.target.checked)}
          />
          {t(INCLUDE_LABEL[option])}
        </label>
      ))}
    </fieldset>
  );
}

/** Optional Instagram session to use (needed for private profiles and stories). */
export function SessionSelect({
  sessions,
  value,
  onChange,
  label,
}: {
  sessions: InstagramSession[] | undefined;
  value: string;
  onChange: (sessionId: string) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label ?? t('Instagram session (optional)')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('None (public content only)')}</option>
        {(sessions ?? [])
          .filter((session) => session.status !== 'expired')
          .map((session) => (
            <option key={session.id} value={session.id}>
              {session.username ? `@${session.username}` : t('Session {{id}}', { id: session.id.slice(0, 8) })} (
              {sessionStatusLabel(session.status)})
            </option>
          ))}
      </select>
    </div>
  );
}
