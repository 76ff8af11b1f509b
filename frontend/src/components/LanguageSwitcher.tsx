import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { activeLocale, changeLocale, isLocale, LOCALE_NAMES, SUPPORTED_LOCALES, type Locale } from '../i18n/index.ts';

/**
 * Picks the UI language. The choice is kept in this browser at once; `onChosen` (when signed in) also stores it on
 * the account so other browsers follow. Language names are written in their own language, never translated.
 */
export function LanguageSwitcher({
  onChosen,
  testId = 'language-switcher',
  visibleLabel = false,
}: {
  onChosen?: (locale: Locale) => void;
  testId?: string;
  /** Show the "Language" label (the account page) instead of keeping it for screen readers only (the footer). */
  visibleLabel?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className="language-switcher">
      <label htmlFor={id} className={visibleLabel ? undefined : 'visually-hidden'}>
        {t('Language')}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={activeLocale()}
        onChange={(event) => {
          const locale = event.target.value;
          if (!isLocale(locale)) return;
          void changeLocale(locale);
          onChosen?.(locale);
        }}
      >
        {SUPPORTED_LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </span>
  );
}
