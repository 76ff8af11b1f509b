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
  if (meta.source === 'site') return siteName(item, learnedExt ?? meta.site?.ext ?? 'mp4');
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

/** `<platform>/<uploader>/<date>_<id>.<ext>` for an item of another site (yt-dlp). */
export function siteName(item: ItemSpec, ext: string): string {
  const site = item.meta.site;
  const date = site?.uploadedAt?.slice(0, 10) ?? 'undated';
  const id = site?.id ?? 'media';
  return validateKey(
    `${safeSegment(site?.platform ?? 'site')}/${safeSegment(site?.uploader ?? 'unknown')}/${safeSegment(`${date}_${id}`)}.${safeSegment(ext)}`,
  );
}

/** The one sidecar of a post: the post's name without index, with a .json extension. */
export function sidecarKeyFor(template: string, item: ItemSpec): string | undefined {
  if (item.meta.source === 'site') return item.meta.site ? withExtension(siteName(item, 'json'), 'json') : undefined;
  if (item.meta.source !== 'instagram' || !item.meta.sidecar) return undefined;
  return withExtension(
    storageKeyFor(template, { ...item, resourceIndex: 0, meta: { ...item.meta, multi: false } }, undefined),
    'json',
  );
}

export function sourceFor(item: ItemSpec): FileSource {
  const { meta } = item;
  if (meta.source === 'direct') return { platform: 'direct', url: item.url };
  if (meta.source === 'site') {
    const site = meta.site;
    const caption = [site?.title, site?.description].filter((part) => part).join('\n\n');
    return {
      platform: site?.platform ?? 'site',
      username: site?.uploader ?? null,
      code: site?.id ?? null,
      takenAt: site?.uploadedAt ?? null,
      caption: caption === '' ? null : caption,
      url: site?.pageUrl ?? item.url,
      mediaId: site ? `${site.platform}:${site.id}` : item.platformMediaId,
    };
  }
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

/** The JSON sidecar of an item of another site: everything yt-dlp told about it. */
export function siteSidecar(item: ItemSpec): Record<string, unknown> | undefined {
  const site = item.meta.site;
  if (!site) return undefined;
  return {
    platform: site.platform,
    id: site.id,
    url: site.pageUrl,
    title: site.title,
    uploader: site.uploader,
    uploadedAt: site.uploadedAt,
    description: site.description,
    thumbnail: site.thumbnail,
    durationSec: site.durationSec,
    width: site.width,
    height: site.height,
  };
}
