/**
 * The Simplified Chinese docs cannot drift from the English ones: README.zh-CN.md carries the README's code blocks
 * to the character and documents the same variables, docs/learning-path.zh-CN.md names the same commands, files
 * and settings as docs/learning-path.md, each pair links both ways, and no relative link or anchor is broken.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

const PAIRS = [
  { english: 'README.md', chinese: 'README.zh-CN.md' },
  { english: 'docs/learning-path.md', chinese: 'docs/learning-path.zh-CN.md' },
] as const;

const fencedBlocks = (text: string) => [...text.matchAll(/^```[\w-]*\n[\s\S]*?^```$/gm)].map((m) => m[0]);
const withoutFences = (text: string) => text.replace(/^```[\w-]*\n[\s\S]*?^```$/gm, '');
/** Inline code, a span broken over lines joined with one space (the two languages break lines elsewhere). */
const codeSpans = (text: string) =>
  [...withoutFences(text).matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ' '));
/** Backticked names in the first column of the table under `## heading` (the configuration table). */
function tableNames(text: string, heading: RegExp): string[] {
  const start = text.search(heading);
  expect(start, String(heading)).toBeGreaterThan(-1);
  const section = text.slice(start).split(/\n## /)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''));
}

/** GitHub's heading anchor: lower case, punctuation dropped (CJK kept), spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_[\]()]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}
const anchorsOf = (text: string) =>
  new Set([...withoutFences(text).matchAll(/^#{1,6} (.+)$/gm)].map((m) => headingSlug(m[1] ?? '')));

/** Relative links `[text](target)` outside code (web addresses are not checked: no network here). */
const relativeLinks = (text: string) =>
  [...withoutFences(text).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target));

describe('the Simplified Chinese docs', () => {
  it('README.zh-CN.md has every code block of README.md, to the character and in order', () => {
    const english = fencedBlocks(read('README.md'));
    expect(english.length).toBeGreaterThanOrEqual(3);
    expect(fencedBlocks(read('README.zh-CN.md'))).toEqual(english);
  });

  it('README.zh-CN.md documents the same configuration variables as README.md', () => {
    const english = tableNames(read('README.md'), /^## Configuration$/m);
    expect(english).toContain('SMH_DATA_DIR');
    expect(tableNames(read('README.zh-CN.md'), /^## 配置$/m)).toEqual(english);
  });

  it('the Chinese learning path names the same commands, files and settings as the English one', () => {
    const english = codeSpans(read('docs/learning-path.md')).sort();
    expect(english.length).toBeGreaterThan(50);
    expect(codeSpans(read('docs/learning-path.zh-CN.md')).sort()).toEqual(english);
    const headings = (file: string) => read(file).match(/^#{2,3} /gm)?.length;
    expect(headings('docs/learning-path.zh-CN.md')).toBe(headings('docs/learning-path.md'));
  });

  it.each(PAIRS)('$english and $chinese link to each other on their first line', ({ english, chinese }) => {
    const relative = (from: string, to: string) => path.relative(path.dirname(from), to);
    expect(read(english).split('\n')[0]).toContain(`[简体中文](${relative(english, chinese)})`);
    expect(read(chinese).split('\n')[0]).toContain(`[English](${relative(chinese, english)})`);
  });

  it.each(PAIRS.flatMap(({ english, chinese }) => [english, chinese]))(
    'every relative link of %s reaches a file (and a heading, when it names one)',
    (file) => {
      const links = relativeLinks(read(file));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        const [target = '', anchor] = link.split('#');
        const resolved = target ? path.join(path.dirname(file), target) : file;
        expect(fs.existsSync(path.join(ROOT, resolved)), `${file} → ${link}`).toBe(true);
        if (anchor) expect([...anchorsOf(read(resolved))], `${file} → ${link}`).toContain(anchor);
      }
    },
  );

  it.each(PAIRS.map(({ chinese }) => chinese))('%s is written in Chinese outside code and names', (file) => {
    const prose = withoutFences(read(file))
      .replace(/`[^`]*`/g, '')
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/https?:\/\/[\x21-\x7e]+/g, '')
      .split('\n')
      .filter((line) => line !== '# Social Media Hub' && /[A-Za-z]{3,}.*\s[A-Za-z]{3,}\s[A-Za-z]{3,}/.test(line));
    // A line with three English words in a row and no Chinese at all is an untranslated sentence.
    const untranslated = prose.filter((line) => !/\p{Script=Han}/u.test(line) && !/^\|[-| ]+\|$/.test(line));
    expect(untranslated).toEqual([]);
  });

  it('the anchor rule matches the headings this test relies on', () => {
    expect(headingSlug('Distributed mode by hand')).toBe('distributed-mode-by-hand');
    expect(headingSlug('Images in CI: `make images-test`')).toBe('images-in-ci-make-images-test');
    expect(headingSlug('阶段 1——容器')).toBe('阶段-1容器');
  });
});
