/** Storage keys and catalog facts for a planned item. Pure. */
import type { FileSource } from '@smh/shared';
import { validateKey } from '@smh/shared';
import { directName, renderName, safeSegment, withExtension } from './naming.js';
import type { ItemSpec } from './plan.js';

/** Key of the media file (before collision handling); `ext` is what the transfer learned when the plan did not know. */
export function storageKeyFor(template: string, item: ItemSpec, learnedExt: string | undefined): string {
  const { meta } = item;
  const ext = meta.ext ?? learnedExt ?? 'bin';
  if (meta.source === 'direct') return directName(new URL(item.url), learnedExt);
  if (meta.label === 'profile_pic') {
    const name = new URL(item.url).pathname.split('/').pop() ?? `profile_pic.${ext}`;
    return validateKey(`instagram/${safeSegment(meta.username ?? 'unknown')}/profile_pic_${safeSegment(name)}`);
  }
  return renderName(template, {
    username: meta.username ?? 'unknown',
    takenAt: new Date(meta.takenAt ?? 0),
    shortcode: meta.shortcode ?? item.platformMediaId ?? 'media',
    mediaId: meta.postId ?? item.platformMediaId ?? '',
    index: item.resourceIndex,
    multi: meta.multi ?? false,
    ext,
    kind: meta.label ?? 'post',
  });
}

/** The one sidecar of a post: the post's name without index, with a .json extension. */
export function sidecarKeyFor(template: string, item: ItemSpec): string | undefined {
  if (item.meta.source !== 'instagram' || !item.meta.sidecar) return undefined;
  return withExtension(
    storageKeyFor(template, { ...item, resourceIndex: 0, meta: { ...item.meta, multi: false } }, undefined),
    'json',
  );
}

export function sourceFor(item: ItemSpec): FileSource {
  const { meta } = item;
  if (meta.source === 'direct') return { platform: 'direct', url: item.url };
  return {
    platform: 'instagram',
    username: meta.username ?? null,
    code: meta.shortcode ?? null,
    takenAt: meta.takenAt ?? null,
    caption: meta.caption ?? null,
    url: meta.sidecar?.url ?? null,
    mediaId: item.platformMediaId,
    ...(meta.fullName ? { fullName: meta.fullName } : {}),
  };
}
