import { useId } from 'react';
import { INCLUDE_OPTIONS, type IncludeOption, type InstagramSession } from '../api/types.ts';

const INCLUDE_LABEL: Record<IncludeOption, string> = {
  posts: 'Posts',
  reels: 'Reels',
  stories: 'Stories',
  highlights: 'Highlights',
  tagged: 'Tagged posts',
};

/** Checkboxes for what to fetch from a profile. */
export function IncludeOptions({
  value,
  onChange,
  legend = 'Include from the profile',
}: {
  value: IncludeOption[];
  onChange: (next: IncludeOption[]) => void;
  legend?: string;
}) {
  const toggle = (option: IncludeOption, checked: boolean) =>
    onChange(
      checked ? INCLUDE_OPTIONS.filter((o) => o === option || value.includes(o)) : value.filter((o) => o !== option),
    );
  return (
    <fieldset className="checkbox-group">
      <legend>{legend}</legend>
      {INCLUDE_OPTIONS.map((option) => (
        <label key={option} className="checkbox">
          <input
            type="checkbox"
            name="include"
            value={option}
            checked={value.includes(option)}
            onChange={(e) => toggle(option, e.target.checked)}
          />
          {INCLUDE_LABEL[option]}
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
  label = 'Instagram session (optional)',
}: {
  sessions: InstagramSession[] | undefined;
  value: string;
  onChange: (sessionId: string) => void;
  label?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">None (public content only)</option>
        {(sessions ?? [])
          .filter((session) => session.status !== 'expired')
          .map((session) => (
            <option key={session.id} value={session.id}>
              {session.username ? `@${session.username}` : `Session ${session.id.slice(0, 8)}`} ({session.status})
            </option>
          ))}
      </select>
    </div>
  );
}
