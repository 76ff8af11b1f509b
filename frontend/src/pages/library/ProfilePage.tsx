import { msg } from '../../i18n/index.ts';
import { formatNumber } from '../../lib/format.ts';
import { useTranslation } from 'react-i18next';
import { useCallback, useMemo, useState } from 'react';
import { Avatar } from '../../components/Avatar.tsx';
import { Thumbnail } from '../../components/Thumbnail.tsx';
import { ErrorMessage, Loading } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import type { HubFile } from '../../api/types.ts';
import { Link } from '../../lib/router.tsx';
import { useLoad } from '../../lib/useAsync.ts';
import { Lightbox, type LightboxPosition } from './Lightbox.tsx';
import { groupPosts, postKind, type Post, type PostKind } from './posts.ts';

const PAGE = 200;
const MAX_PAGES = 10;

/** `unit` is a counted key: t(unit, { count }) gives "post" / "posts" (or the locale's one form). */
const SECTIONS: Array<{ kind: PostKind; title: string; unit: string }> = [
  { kind: 'post', title: msg('Posts'), unit: msg('posts') },
  { kind: 'reel', title: msg('Reels'), unit: msg('reels') },
  { kind: 'story', title: msg('Stories'), unit: msg('stories') },
  { kind: 'highlight', title: msg('Highlights'), unit: msg('highlights') },
];

/** One archived profile: picture, name, counts, and its posts, reels, stories and highlights. */
export function ProfilePage({ username }: { username: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const files = useLoad(async () => {
    const all: HubFile[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const result = await api.files.list({ username, limit: PAGE, ...(cursor ? { cursor } : {}) });
      all.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return all;
  }, [api, username]);
  const posts = useMemo(() => groupPosts(files.data ?? []), [files.data]);
  const gallery = useMemo(() => posts.filter((post) => post.kind !== 'profile-picture'), [posts]);
  const fullName = useMemo(() => displayName(files.data ?? []), [files.data]);
  const [open, setOpen] = useState<LightboxPosition | null>(null);
  const close = useCallback(() => setOpen(null), []);

  return (
    <section aria-labelledby="profile-title" className="profile-page">
      <p>
        <Link to="/library">{t('← Back to the library')}</Link>
      </p>
      <header className="profile-head">
        <Avatar username={username} size={88} />
        <div>
          <h1 id="profile-title">@{username}</h1>
          {fullName ? (
            <p className="profile-full-name" data-testid="profile-full-name">
              {fullName}
            </p>
          ) : null}
          <ul className="profile-counts" aria-label={t('Archived')} data-testid="profile-counts">
            {SECTIONS.map(({ kind, unit }) => {
              const count = posts.filter((post) => post.kind === kind).length;
              return (
                <li key={kind}>
                  <strong>{formatNumber(count)}</strong> {t(unit, { count })}
                </li>
              );
            })}
          </ul>
          <p>
            <a
              href={`https://www.instagram.com/${encodeURIComponent(username)}/`}
              target="_blank"
              rel="noreferrer noopener"
            >
              {t('Open on Instagram')}
            </a>{' '}
            · <Link to={`/library?username=${encodeURIComponent(username)}`}>{t('All files in the library')}</Link>
          </p>
        </div>
      </header>
      {files.loading && !files.data ? <Loading label={t('Loading the profile…')} /> : null}
      <ErrorMessage message={files.error} />
      {open ? <Lightbox posts={gallery} start={open} onClose={close} /> : null}
      {SECTIONS.map(({ kind, title }) => {
        const items = posts.filter((post) => post.kind === kind);
        if (items.length === 0) return null;
        return (
          <section key={kind} aria-label={t(title)} className="profile-section">
            <h2>{t(title)}</h2>
            <ul className="post-grid" data-testid={`profile-${kind}s`}>
              {items.map((post) => (
                <PostTile
                  key={post.key}
                  post={post}
                  onOpen={() => setOpen({ post: gallery.indexOf(post), child: 0 })}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

/** The account's display name, from its newest profile picture that recorded one. */
export function displayName(files: readonly HubFile[]): string | null {
  const pictures = files.filter((file) => postKind(file) === 'profile-picture' && file.source?.fullName?.trim());
  pictures.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return pictures[0]?.source?.fullName?.trim() ?? null;
}

function PostTile({ post, onOpen }: { post: Post; onOpen: () => void }) {
  const [first] = post.files;
  if (!first) return null;
  const caption = first.source?.caption?.trim() || first.name;
  return (
    <li className="post-tile" data-testid="post-tile">
      <Link
        to={`/library/${encodeURIComponent(first.id)}`}
        title={caption}
        onClick={(event) => {
          event.preventDefault();
          onOpen();
        }}
      >
        <Thumbnail
          fileId={first.id}
          kind={first.mime.startsWith('video/') ? 'video' : 'image'}
          className="post-tile-img"
          alt={caption}
        />
        {post.files.length > 1 ? (
          <span className="file-badge">
            <span aria-hidden="true">❏ </span>
            {post.files.length}
          </span>
        ) : null}
      </Link>
    </li>
  );
}
