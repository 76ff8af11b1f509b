import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { activeLocale, changeLocale, isLocale, LOCALE_NAMES, SUPPORTED_LOCALES, type Locale } from '../i18n/index.ts';

/**
 * Picks the UI language. The choice is kept in this browser at once; `onChosen` (when signed in) also stores it on
 * the account so other browsers follow. Language names are written in their own language, never translated.
 */
export function LanguageSwitcher({ onChosen }: { onChosen?: (locale: Locale) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('Language')}
      </label>
      <select
        id={id}
        data-testid="language-switcher"
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
