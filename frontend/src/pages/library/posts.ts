import type { HubFile } from '../../api/types.ts';
import { fileDate } from './libraryQuery.ts';

export type PostKind = 'post' | 'reel' | 'story' | 'highlight' | 'profile-picture';

/** One Instagram post as the gallery shows it: a carousel is one post whose files are its children. */
export interface Post {
  key: string;
  kind: PostKind;
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
    const post: Post = { key: code ?? file.id, kind: postKind(file), files: [file], date: fileDate(file) };
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

/** Consecutive posts of one day together, in the given order. */
export function groupByDay(posts: readonly Post[]): Array<{ day: string; posts: Post[] }> {
  const days: Array<{ day: string; posts: Post[] }> = [];
  for (const post of posts) {
    const day = Number.isNaN(post.date.getTime()) ? 'unknown' : dayKey(post.date);
    const last = days.at(-1);
    if (last && last.day === day) last.posts.push(post);
    else days.push({ day, posts: [post] });
  }
  return days;
}
