// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { HubFile } from '../../api/types.ts';
import { filtersFromSearch, searchFromFilters, toFileQuery } from './libraryQuery.ts';
import { stepPosition } from './Lightbox.tsx';
import { dayKey, groupByDay, groupPosts, postKind } from './posts.ts';

function file(id: string, name: string, takenAt: string, code?: string, url?: string): HubFile {
  return { id, name, mime: 'image/jpeg', size: 1, createdAt: '2024-06-01T00:00:00Z', source: { takenAt, code, url } };
}

describe('the gallery', () => {
  it('makes a carousel one post with its children, in order, and tells reels, stories and pictures apart', () => {
    const files = [
      file('a1', '2024-05-02_C1_1.jpg', '2024-05-02T12:00:00', 'C1'),
      file('a2', '2024-05-02_C1_2.jpg', '2024-05-02T12:00:00', 'C1'),
      file('r', '2024-05-02_R1.mp4', '2024-05-02T09:00:00', 'R1', 'https://www.instagram.com/reel/R1/'),
      file('s', '2024-05-01_story_1.jpg', '2024-05-01T09:00:00'),
      file('p', 'profile_pic_x.jpg', '2024-05-01T08:00:00'),
    ];
    const posts = groupPosts(files);
    expect(posts.map((post) => [post.key, post.kind, post.files.map((f) => f.id)])).toEqual([
      ['C1', 'post', ['a1', 'a2']],
      ['R1', 'reel', ['r']],
      ['s', 'story', ['s']],
      ['p', 'profile-picture', ['p']],
    ]);
    expect(postKind(file('h', 'x_highlight_1.jpg', '2024-01-01'))).toBe('highlight');
    expect(groupByDay(posts).map(({ day, posts }) => [day, posts.length])).toEqual([
      [dayKey(new Date('2024-05-02T12:00:00')), 2],
      [dayKey(new Date('2024-05-01T09:00:00')), 2],
    ]);
  });

  it('steps the lightbox through a carousel, then to the next post, and stops at the ends', () => {
    const posts = groupPosts([
      file('a1', 'a1.jpg', '2024-05-02T12:00:00', 'C1'),
      file('a2', 'a2.jpg', '2024-05-02T12:00:00', 'C1'),
      file('b', 'b.jpg', '2024-05-01T12:00:00', 'C2'),
    ]);
    expect(stepPosition(posts, { post: 0, child: 0 }, 1)).toEqual({ post: 0, child: 1 });
    expect(stepPosition(posts, { post: 0, child: 1 }, 1)).toEqual({ post: 1, child: 0 });
    expect(stepPosition(posts, { post: 1, child: 0 }, 1)).toEqual({ post: 1, child: 0 });
    expect(stepPosition(posts, { post: 1, child: 0 }, -1)).toEqual({ post: 0, child: 1 });
    expect(stepPosition(posts, { post: 0, child: 0 }, -1)).toEqual({ post: 0, child: 0 });
  });

  it('sorts by date posted unless asked for date stored, kept in the address', () => {
    const stored = filtersFromSearch(new URLSearchParams('sort=stored&q=sun'));
    expect(stored.sort).toBe('stored');
    expect(toFileQuery(stored, undefined, 40)).toEqual({ q: 'sun', sort: 'stored', limit: 40 });
    expect(searchFromFilters(stored)).toBe('?q=sun&sort=stored');
    const posted = filtersFromSearch(new URLSearchParams('sort=bogus'));
    expect(posted.sort).toBeUndefined();
    expect(toFileQuery(posted, undefined, 40).sort).toBeUndefined();
  });
});
