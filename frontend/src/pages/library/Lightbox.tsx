import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useApi } from '../../hub.tsx';
import { Link } from '../../lib/router.tsx';
import { fileKind } from './libraryQuery.ts';
import type { Post } from './posts.ts';

/** A horizontal move at least this long (px) is a swipe. */
const SWIPE_PX = 50;

export interface LightboxPosition {
  post: number;
  child: number;
}

/** Next/previous picture: through a carousel's children first, then on to the neighbouring post. */
export function stepPosition(posts: readonly Post[], at: LightboxPosition, step: 1 | -1): LightboxPosition {
  const children = posts[at.post]?.files.length ?? 0;
  const child = at.child + step;
  if (child >= 0 && child < children) return { post: at.post, child };
  const post = at.post + step;
  if (post < 0 || post >= posts.length) return at;
  return { post, child: step === 1 ? 0 : Math.max(0, (posts[post]?.files.length ?? 1) - 1) };
}

/** Full-size view over the gallery: arrow keys or swipes move, Escape closes. */
export function Lightbox({
  posts,
  start,
  onClose,
}: {
  posts: readonly Post[];
  start: LightboxPosition;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [at, setAt] = useState(start);
  const dialog = useRef<HTMLDivElement>(null);
  const swipeFrom = useRef<number | null>(null);
  const post = posts[at.post];
  const file = post?.files[at.child];

  useEffect(() => {
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowRight') setAt((current) => stepPosition(posts, current, 1));
      else if (event.key === 'ArrowLeft') setAt((current) => stepPosition(posts, current, -1));
      else if (event.key === 'Escape') onClose();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [posts, onClose]);

  if (!post || !file) return null;
  const caption = file.source?.caption?.trim() || file.name;
  const src = api.files.contentUrl(file.id);
  const onPointerDown = (event: PointerEvent) => {
    swipeFrom.current = event.clientX;
  };
  const onPointerUp = (event: PointerEvent) => {
    if (swipeFrom.current === null) return;
    const moved = event.clientX - swipeFrom.current;
    swipeFrom.current = null;
    if (Math.abs(moved) >= SWIPE_PX) setAt((current) => stepPosition(posts, current, moved < 0 ? 1 : -1));
  };

  return (
    <div className="lightbox" role="dialog" aria-modal="true" aria-label={caption} ref={dialog} tabIndex={-1}>
      <div
        className="lightbox-stage"
        data-testid="lightbox-stage"
        data-file-id={file.id}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
      >
        {fileKind(file.mime) === 'video' ? (
          <video src={src} controls playsInline aria-label={caption}>
            <track kind="captions" />
          </video>
        ) : (
          <img src={src} alt={caption} draggable={false} />
        )}
      </div>
      <div className="lightbox-bar">
        <button
          type="button"
          className="button button-small"
          onClick={() => setAt((c) => stepPosition(posts, c, -1))}
          aria-label={t('Previous')}
        >
          ←
        </button>
        <span data-testid="lightbox-position">
          {post.files.length > 1 ? `${at.child + 1} / ${post.files.length}` : ''}
        </span>
        <button
          type="button"
          className="button button-small"
          onClick={() => setAt((c) => stepPosition(posts, c, 1))}
          aria-label={t('Next')}
        >
          →
        </button>
        <Link className="button button-small" to={`/library/${encodeURIComponent(file.id)}`}>
          {t('Details')}
        </Link>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('Close')}
        </button>
      </div>
      <p className="lightbox-caption">{caption}</p>
    </div>
  );
}
