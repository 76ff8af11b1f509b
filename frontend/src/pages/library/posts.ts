import type { HubFile } from '../../api/types.ts';
import { fileDate } from './libraryQuery.ts';

export type PostKind = 'post' | 'reel' | 'story' | 'highlight' | 'profile-picture';

/** One Instagram post as the gallery shows it: a carousel is one post whose files are its children. */
export interface Post {
  key: string;
  kind: PostKind;
  /** The first file: the post's thumbnail and caption. */
  cover: HubFile;
  files: HubFile[];
  date: Date;
}

export function postKind(file: HubFile): PostKind {
  const name = file.name.toLowerCase();
  if (name.startsWith('profile_pic')) return 'profile-picture';
  if (name.includes('highlight')) return 'highlight';
  if (name.includes('story') || name.includes('stories')) return 'story';
  if (file.source?.url?.includes('/reel/') || name.includes('reel')) return 'reel';
  return 'post';
}

/** Files (newest first) → posts in the same order; files of one shortcode become one post. */
export function groupPosts(files: readonly HubFile[]): Post[] {
  const posts: Post[] = [];
  const byCode = new Map<string, Post>();
  for (const file of files) {
    const code = file.source?.code;
    const existing = code ? byCode.get(code) : undefined;
    if (existing) {
      existing.files.push(file);
      continue;
    }
    const post: Post = {
      key: code ?? file.id,
      kind: postKind(file),
      cover: file,
      files: [file],
      date: fileDate(file),
    };
    if (code) byCode.set(code, post);
    posts.push(post);
  }
  return posts;
}

/** "2024-05-01" in local time: the day a post is grouped under. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface PostDay {
  /** `dayKey` of the day, or "unknown" when the date is not known. */
  day: string;
  /** A date of that day (invalid when unknown), for the heading. */
  date: Date;
  posts: Post[];
}

/**
 * Consecutive posts of one day together, in the given order. The day is the post's date (posted), or what
 * `dateOf` says (the library sorted by date stored).
 */
export function groupByDay(posts: readonly Post[], dateOf: (post: Post) => Date = (post) => post.date): PostDay[] {
  const days: PostDay[] = [];
  for (const post of posts) {
    const date = dateOf(post);
    const day = Number.isNaN(date.getTime()) ? 'unknown' : dayKey(date);
    const last = days.at(-1);
    if (last && last.day === day) last.posts.push(post);
    else days.push({ day, date, posts: [post] });
  }
  return days;
}
