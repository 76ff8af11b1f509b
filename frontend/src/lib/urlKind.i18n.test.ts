// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/index.ts';
import { detectUrlKind } from './urlKind.ts';

/** One link per reason the shared classifier gives (shared/src/download-target.ts). */
const REFUSED = [
  'https://www.instagram.com/p/a$b/',
  'https://www.instagram.com/',
  'https://www.instagram.com/explore/',
  'https://www.instagram.com/bad-name!/',
  'https://www.instagram.com/nasa/unknown/tab/',
  'https://www.instagram.com/stories/',
  'https://www.instagram.com/stories/highlights/abc/',
  'https://www.instagram.com/stories/nasa/abc/',
  'ftp://example.com/file.mp4',
  'https://user:secret@example.com/file.mp4',
];

describe('the URL hint in Chinese', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('translates every reason the classifier gives, keeping the part of the link it names', async () => {
    const english = REFUSED.map((link) => detectUrlKind(link).problem ?? '');
    for (const problem of english) expect(problem).toMatch(/^[A-Z"]/);
    await i18n.changeLanguage('zh-CN');
    const chinese = REFUSED.map((link) => detectUrlKind(link).problem ?? '');
    chinese.forEach((problem, index) => {
      expect(problem, REFUSED[index]).toMatch(/[\u4e00-\u9fff]/);
      expect(problem, REFUSED[index]).not.toBe(english[index]);
    });
    expect(chinese[3]).toContain('bad-name!');
  });
});
