import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NAME_TEMPLATE,
  directName,
  parseTemplate,
  renderName,
  safeSegment,
  TemplateError,
  withExtension,
} from '../../src/domain/naming.js';

const facts = {
  username: 'fixture_user',
  takenAt: new Date('2026-01-02T03:04:05Z'),
  shortcode: 'DAbc_1-x',
  mediaId: '3600',
  index: 1,
  multi: true,
  ext: 'jpg',
  kind: 'post',
};

describe('file name template', () => {
  it('renders the default template, with _<n> only for carousel children', () => {
    expect(renderName(DEFAULT_NAME_TEMPLATE, facts)).toBe('instagram/fixture_user/2026-01-02_DAbc_1-x_2.jpg');
    expect(renderName(DEFAULT_NAME_TEMPLATE, { ...facts, multi: false, index: 0 })).toBe(
      'instagram/fixture_user/2026-01-02_DAbc_1-x.jpg',
    );
    expect(renderName('{kind}/{datetime}_{mediaId}_{index}.{ext}', facts)).toBe('post/2026-01-02_03-04-05_3600_2.jpg');
  });

  it('keeps hostile values inside their segment', () => {
    expect(renderName(DEFAULT_NAME_TEMPLATE, { ...facts, username: '../../etc', shortcode: 'a/b\\c\u0000' })).toBe(
      'instagram/_.._.._etc/2026-01-02_a_b_c__2.jpg',
    );
    expect(renderName('{username}/{title}.{ext}', { ...facts, username: '..', title: '' })).toBe('_../_.jpg');
  });

  it('rejects bad templates with a message naming the problem', () => {
    expect(() => parseTemplate('{user}/{date}.{ext}')).toThrow(/unknown variable \{user\}/);
    expect(() => parseTemplate('a//{ext}')).toThrow(TemplateError);
    expect(() => parseTemplate('../{username}.{ext}')).toThrow(/"\.\."/);
    expect(() => parseTemplate('{username}')).toThrow(/\{ext\}/);
    expect(() => parseTemplate('{username.{ext}')).toThrow(/unknown variable|unbalanced/);
    expect(parseTemplate(DEFAULT_NAME_TEMPLATE)).toBe(DEFAULT_NAME_TEMPLATE);
  });

  it('sanitises segments and names direct downloads', () => {
    expect(safeSegment('  .hidden  ')).toBe('_.hidden');
    expect(safeSegment('..')).toBe('_..');
    expect(safeSegment('x'.repeat(300))).toHaveLength(120);
    expect(directName(new URL('https://Files.Example.com/dl/Report%20Q1.pdf?x=1'), 'pdf')).toBe(
      'direct/files.example.com/Report Q1.pdf',
    );
    expect(directName(new URL('https://example.com/'), 'jpg')).toBe('direct/example.com/download.jpg');
    expect(directName(new URL('https://example.com/get?id=7'), undefined)).toBe('direct/example.com/get');
    expect(withExtension('a/b/2026_x_1.jpg', 'json')).toBe('a/b/2026_x_1.json');
  });
});
