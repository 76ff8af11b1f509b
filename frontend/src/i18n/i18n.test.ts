// @vitest-environment node
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectLocale, i18n, matchLocale, RESOURCES, SUPPORTED_LOCALES, t } from './index.ts';
import { findUsedKeys, readSource, sourceFiles } from './sourceScan.ts';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string): string => key.replace(PLURAL_SUFFIX, '');
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();

/** A resource's keys as the code sees them: plural forms folded into their base key. */
function baseKeys(resource: Record<string, string>): Set<string> {
  return new Set(Object.keys(resource).map(baseKey));
}

describe('translation resources', () => {
  it('en and zh-CN have exactly the same keys', () => {
    const english = baseKeys(RESOURCES.en);
    const chinese = baseKeys(RESOURCES['zh-CN']);
    expect(
      [...english].filter((key) => !chinese.has(key)),
      'missing in zh-CN',
    ).toEqual([]);
    expect(
      [...chinese].filter((key) => !english.has(key)),
      'missing in en',
    ).toEqual([]);
  });

  it('has no empty value, and each counted key has every plural form its language needs', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const resource = RESOURCES[locale];
      expect(
        Object.entries(resource)
          .filter(([, value]) => value.trim() === '')
          .map(([key]) => key),
      ).toEqual([]);
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const counted = new Set(
        Object.keys(resource)
          .filter((key) => PLURAL_SUFFIX.test(key))
          .map(baseKey),
      );
      for (const key of counted)
        for (const category of categories)
          expect(resource[`${key}_${category}`], `${locale}: ${key}_${category}`).toBeTruthy();
    }
  });

  it('keeps every placeholder of the English text in the Chinese one', () => {
    const mismatched = Object.entries(RESOURCES['zh-CN']).filter(([key, value]) => {
      const english = RESOURCES.en[key] ?? RESOURCES.en[`${baseKey(key)}_other`] ?? key;
      return placeholders(english).join() !== placeholders(value).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('has a translation for every key the code passes to t() or msg()', () => {
    const english = baseKeys(RESOURCES.en);
    const chinese = baseKeys(RESOURCES['zh-CN']);
    const root = path.resolve(import.meta.dirname, '..');
    const used = sourceFiles(root).flatMap((file) =>
      findUsedKeys(file, readSource(file)).map((key) => ({ key, file: path.relative(root, file) })),
    );
    expect(used.length).toBeGreaterThan(400);
    expect(used.filter(({ key }) => !english.has(key) || !chinese.has(key))).toEqual([]);
  });

  it('finds the keys of t(), i18n.t() and msg() calls, and nothing else', () => {
    const code = "t('One'); i18n.t('Two', { x }); msg('Three'); other('Four'); t(variable); const s = 'Five';";
    expect(findUsedKeys('x.ts', code)).toEqual(['One', 'Two', 'Three']);
  });
});

describe('choosing the locale', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('takes a remembered choice first, then the first browser language it speaks, else English', () => {
    expect(detectLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(detectLocale('en', ['zh-CN'])).toBe('en');
    expect(detectLocale(null, ['fr-FR', 'zh-Hans-CN', 'en'])).toBe('zh-CN');
    expect(detectLocale('klingon', ['de-DE', 'en-GB'])).toBe('en');
    expect(detectLocale(undefined, ['fr', 'de'])).toBe('en');
    expect(detectLocale(undefined, [])).toBe('en');
    expect(matchLocale('ZH-sg')).toBe('zh-CN');
    expect(matchLocale('english')).toBeNull();
  });

  it('translates, interpolates and pluralises in the chosen language', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(t('Sign out')).toBe('退出登录');
    expect(t('{{count}} files', { count: 1200 })).toBe('1,200 个文件');
    expect(t('Revoke {{name}}', { name: 'ci' })).toBe('吊销 ci');
    await i18n.changeLanguage('en');
    expect(t('{{count}} files', { count: 1 })).toBe('1 file');
    expect(t('{{count}} files', { count: 2 })).toBe('2 files');
  });
});
