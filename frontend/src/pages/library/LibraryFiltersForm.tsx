import { useTranslation } from 'react-i18next';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { FileType } from '../../api/types.ts';
import { useApi } from '../../hub.tsx';
import { platformLabelKey, platformOptions } from '../../lib/platforms.ts';
import { EMPTY_FILTERS, type LibraryFilters } from './libraryQuery.ts';

/** The platforms the caller's files came from; empty until known (the built-in ones are offered anyway). */
function usePresentPlatforms(): string[] {
  const api = useApi();
  const [platforms, setPlatforms] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    api.files
      .platforms()
      .then((list) => {
        if (live) setPlatforms(list.map((entry) => entry.platform));
      })
      // The filter still works with the built-in platforms; the list is a convenience.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  return platforms;
}

/** Caption search plus type, platform, profile and date filters. Text fields apply on submit; selects and dates at once. */
export function LibraryFiltersForm({
  value,
  onChange,
}: {
  value: LibraryFilters;
  onChange: (next: LibraryFilters) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const platforms = platformOptions(usePresentPlatforms(), value.platform);
  useEffect(() => setDraft(value), [value]);

  const applyNow = (patch: Partial<LibraryFilters>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    onChange(next);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  const active = Object.values(value).some(Boolean);

  return (
    // biome-ignore lint/a11y/useSemanticElements: <form role=search> is the WAI-ARIA search landmark; the <search> element is too new to rely on
    <form role="search" aria-label={t('Library filters')} className="card filters" onSubmit={onSubmit}>
      <div className="field field-grow">
        <label htmlFor={`${id}-q`}>{t('Search captions')}</label>
        <input
          id={`${id}-q`}
          type="search"
          name="q"
          value={draft.q}
          placeholder={t('e.g. sunset')}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('Type')}</label>
        <select
          id={`${id}-type`}
          value={draft.type}
          onChange={(e) => applyNow({ type: e.target.value as FileType | '' })}
        >
          <option value="">{t('All')}</option>
          <option value="image">{t('Photos')}</option>
          <option value="video">{t('Videos')}</option>
          <option value="audio">{t('Audio')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-platform`}>{t('Platform')}</label>
        <select id={`${id}-platform`} value={draft.platform} onChange={(e) => applyNow({ platform: e.target.value })}>
          <option value="">{t('All')}</option>
          {platforms.map((platform) => (
            <option key={platform} value={platform}>
              {t(platformLabelKey(platform))}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-sort`}>{t('Sort by')}</label>
        <select
          id={`${id}-sort`}
          value={draft.sort ?? ''}
          onChange={(e) => {
            const { sort: _previous, ...rest } = draft;
            const next: LibraryFilters = e.target.value === 'stored' ? { ...rest, sort: 'stored' } : rest;
            setDraft(next);
            onChange(next);
          }}
        >
          <option value="">{t('Date posted')}</option>
          <option value="stored">{t('Date stored')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('Profile')}</label>
        <input
          id={`${id}-user`}
          name="username"
          value={draft.username}
          placeholder={t('username')}
          autoComplete="off"
          onChange={(e) => setDraft({ ...draft, username: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('From')}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(e) => applyNow({ from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('To')}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(e) => applyNow({ to: e.target.value })}
        />
      </div>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          {t('Search')}
        </button>
        {active ? (
          <button type="button" className="button" onClick={() => applyNow(EMPTY_FILTERS)}>
            {t('Clear filters')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
