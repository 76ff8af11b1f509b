// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, apiErrorSentence, ERROR_CODE_MESSAGES, errorMessage, parseErrorBody } from '../api/errors.ts';
import { i18n, RESOURCES } from './index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Every stable error code the services and the shared HTTP layer can put in `{"error": {"code"}}`. */
function serviceErrorCodes(): string[] {
  const codes = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']); // shared helpers
  const patterns = [
    /new AppError\(\s*\d+,\s*'([A-Z][A-Z0-9_]+)'/g,
    /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g,
    /(?:badRequest|AppError)\([^;]*?,\s*'([A-Z][A-Z0-9_]+)'\s*\)/g,
  ];
  for (const root of ['services', 'shared/src']) {
    for (const file of readdirSync(path.join(repoRoot, root), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.includes('.test.') || file.includes('node_modules')) continue;
      const source = readFileSync(path.join(repoRoot, root, file), 'utf8');
      for (const pattern of patterns) for (const match of source.matchAll(pattern)) codes.add(match[1] ?? '');
    }
  }
  return [...codes].sort();
}

describe('error codes', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('every code the services send has a sentence, translated in both locales', () => {
    const codes = serviceErrorCodes();
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code) => !ERROR_CODE_MESSAGES[code])).toEqual([]);
    for (const locale of ['en', 'zh-CN'] as const) {
      const missing = codes.filter((code) => !RESOURCES[locale][ERROR_CODE_MESSAGES[code] ?? '']);
      expect(missing, locale).toEqual([]);
    }
  });

  it('shows the API message in English and the code’s sentence in Chinese, with the API message as fallback', async () => {
    const error = new ApiError(409, { code: 'CONFLICT', message: 'A user named "ann" already exists.' });
    expect(errorMessage(error)).toBe('A user named "ann" already exists.');
    await i18n.changeLanguage('zh-CN');
    expect(errorMessage(error)).toBe('与已存在的内容冲突。');
    expect(apiErrorSentence({ code: 'SOMETHING_NEW', message: 'Brand new failure.' })).toBe('Brand new failure.');
    expect(errorMessage(new ApiError(502, parseErrorBody(502, '<html>bad gateway</html>')))).toBe(
      '某个服务器服务没有响应，请稍后再试。',
    );
  });
});
