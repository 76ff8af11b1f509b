// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { platformLabelKey, platformOptions } from './platforms.ts';

describe('platformLabelKey', () => {
  it('names the built-in platforms by their message keys', () => {
    expect(['instagram', 'direct', 'generic'].map(platformLabelKey)).toEqual(['Instagram', 'Direct link', 'Web page']);
  });

  it('spells a well-known site as it spells itself, whatever the case of the stored platform', () => {
    expect(['peertube', 'PeerTube', 'youtube', 'tiktok', 'soundcloud'].map(platformLabelKey)).toEqual([
      'PeerTube',
      'PeerTube',
      'YouTube',
      'TikTok',
      'SoundCloud',
    ]);
  });

  it('shows any other extractor by its own name', () => {
    expect(platformLabelKey('arte.tv')).toBe('arte.tv');
  });
});

describe('platformOptions', () => {
  it('lists the built-in platforms, then those present, then the chosen one, each once', () => {
    expect(platformOptions(['PeerTube', 'generic', 'instagram'], 'vimeo')).toEqual([
      'instagram',
      'direct',
      'peertube',
      'generic',
      'vimeo',
    ]);
  });
});
