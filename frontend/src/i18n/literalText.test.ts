// @vitest-environment node
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLiteralText, readSource, sourceFiles } from './sourceScan.ts';

describe('no literal UI text in components', () => {
  it('every TSX file shows words only through t()', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const files = sourceFiles(root).filter((file) => file.endsWith('.tsx'));
    expect(files.length).toBeGreaterThan(30);
    const found = files
      .flatMap((file) => findLiteralText(file, readSource(file)))
      .map((hit) => `${path.relative(root, hit.file)}:${hit.line}: ${hit.text}`);
    expect(found).toEqual([]);
  });

  it('catches JSX text, text props and strings shown from expressions, in any script', () => {
    const code = `
      export function Page({ busy, name }) {
        return (
          <div className="x" data-testid="page" role="status" aria-live="polite">
            Hello there
            <input placeholder="Type here" aria-label={\`Search \${name}\`} type="text" />
            <button title="关闭窗口">{busy ? 'Saving…' : t('Save')}</button>
            <Field label="Name" hint={name ?? 'Optional'} />
            {' · '}
          </div>
        );
      }`;
    expect(findLiteralText('sample.tsx', code).map((hit) => hit.text)).toEqual([
      'Hello there',
      'Type here',
      'Search',
      '关闭窗口',
      'Saving…',
      'Name',
      'Optional',
    ]);
  });

  it('does not count class names, ids, test ids, comparisons or translated text', () => {
    const code = `
      export function Page({ mode }) {
        return (
          <div className={mode === 'compact' ? 'small wide' : 'wide'} id="main" data-testid="a b">
            {t('Hello')} {/* a comment with words */}
            <input type="password" autoComplete="new-password" aria-label={t('Password')} />
          </div>
        );
      }`;
    expect(findLiteralText('sample.tsx', code)).toEqual([]);
  });
});
