import { useTranslation } from 'react-i18next';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/errors.ts';
import type { HubFile } from '../../api/types.ts';
import { ErrorMessage, Loading } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { formatBytes, formatDate, formatDuration } from '../../lib/format.ts';
import { platformLabelKey } from '../../lib/platforms.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { useAction, useLoad } from '../../lib/useAsync.ts';
import { fileKind } from './libraryQuery.ts';

/** One file: plays videos (streamed with HTTP Range by the browser), shows photos full size, lists the post metadata. */
/** A mistyped or stale /library/<id> address: said in words, never as the API's validation message. */
function FileNotFound() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="file-missing-title" data-testid="file-not-found">
      <h1 id="file-missing-title">{t('File not found')}</h1>
      <p>{t('There is no file at this address in your library. It may have been deleted.')}</p>
      <p>
        <Link to="/library">{t('Go to the library')}</Link>
      </p>
    </section>
  );
}

export function FileDetailPage({ fileId }: { fileId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [missing, setMissing] = useState(false);
  const file = useLoad(
    () =>
      api.files.get(fileId).catch((error: unknown) => {
        // 404: no such file (or not yours); 400: the address holds no file id at all (the id is the only input).
        if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
        throw error;
      }),
    [api, fileId],
  );
  const remove = useAction(async () => {
    if (!window.confirm(t('Delete this file for good?'))) return;
    await api.files.remove(fileId);
    navigate('/library');
  });

  if (missing) return <FileNotFound />;
  return (
    <section aria-labelledby="file-title" className="file-detail">
      <p>
        <Link to="/library">{t('← Back to the library')}</Link>
      </p>
      {file.loading && !file.data ? <Loading label={t('Loading the file…')} /> : null}
      <ErrorMessage message={file.error} />
      {file.data ? (
        <>
          <h1 id="file-title" className="file-title">
            {file.data.name}
          </h1>
          <div className="file-detail-body">
            <div className="media-frame">
              <MediaView file={file.data} src={api.files.contentUrl(file.data.id)} />
            </div>
            <aside className="card file-meta" aria-label={t('File details')}>
              <Metadata file={file.data} />
              <ErrorMessage message={remove.error} />
              <div className="job-actions">
                <a
                  className="button button-small"
                  href={api.files.contentUrl(file.data.id, true)}
                  download={file.data.name}
                >
                  {t('Download')}
                </a>
                {fileKind(file.data.mime) === 'video' ? (
                  <Link className="button button-small" to={`/videos?files=${encodeURIComponent(file.data.id)}`}>
                    {t('Send to video tools')}
                  </Link>
                ) : null}
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => void remove.run()}
                  disabled={remove.pending}
                >
                  {t('Delete')}
                </button>
              </div>
            </aside>
          </div>
        </>
      ) : null}
    </section>
  );
}

function MediaView({ file, src }: { file: HubFile; src: string }) {
  const { t } = useTranslation();
  const kind = fileKind(file.mime);
  const caption = file.source?.caption?.trim();
  if (kind === 'video') {
    return (
      <video
        controls
        preload="metadata"
        src={src}
        data-testid="video-player"
        aria-label={t('Video: {{name}}', { name: file.name })}
        playsInline
      >
        {/* Instagram posts carry no caption tracks; the caption text is shown beside the video. */}
        <track kind="captions" />
        {t('Your browser cannot play this video.')} <a href={src}>{t('Download it instead.')}</a>
      </video>
    );
  }
  if (kind === 'image')
    return (
      // The known size reserves the frame while the photo loads (no empty page, no jump).
      <img
        src={src}
        alt={caption || file.name}
        data-testid="photo-full"
        {...(file.width && file.height ? { width: file.width, height: file.height } : {})}
      />
    );
  if (kind === 'audio')
    return (
      <audio
        controls
        preload="metadata"
        src={src}
        data-testid="audio-player"
        aria-label={t('Audio: {{name}}', { name: file.name })}
      >
        <track kind="captions" />
      </audio>
    );
  return <p>{t('This kind of file ({{mime}}) cannot be shown here; use Download.', { mime: file.mime })}</p>;
}

/** The address of the page a file came from, when it is one the browser can open. */
function pageAddress(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** Who and where a file came from: an Instagram profile and post, or another site's platform, uploader and page. */
function sourceRows(file: HubFile, t: ReturnType<typeof useTranslation>['t']): [string, ReactNode][] {
  const source = file.source;
  const rows: [string, ReactNode][] = [];
  if (!source) return rows;
  if (source.platform && source.platform !== 'instagram') {
    rows.push([t('Platform'), t(platformLabelKey(source.platform))]);
    if (source.username) rows.push([t('Uploader'), source.username]);
    if (source.takenAt) rows.push([t('Posted'), formatDate(source.takenAt)]);
    const page = pageAddress(source.url);
    if (page)
      rows.push([
        t('Original'),
        <a key="original" href={page} target="_blank" rel="noreferrer noopener" data-testid="file-page-link">
          {page}
        </a>,
      ]);
    return rows;
  }
  if (source.username)
    rows.push([
      t('Profile'),
      <Link key="profile" to={`/profiles/${encodeURIComponent(source.username)}`}>
        @{source.username}
      </Link>,
    ]);
  if (source.takenAt) rows.push([t('Posted'), formatDate(source.takenAt)]);
  if (source.code)
    rows.push([
      t('Original'),
      <a
        key="original"
        href={`https://www.instagram.com/p/${encodeURIComponent(source.code)}/`}
        target="_blank"
        rel="noreferrer noopener"
      >
        {source.code}
      </a>,
    ]);
  return rows;
}

function Metadata({ file }: { file: HubFile }) {
  const { t } = useTranslation();
  const source = file.source;
  const rows = sourceRows(file, t);
  rows.push([t('Type'), file.mime]);
  rows.push([t('Size'), formatBytes(file.size)]);
  if (file.width && file.height) rows.push([t('Dimensions'), `${file.width} × ${file.height}`]);
  if (file.duration) rows.push([t('Duration'), formatDuration(file.duration)]);
  rows.push([t('Stored'), formatDate(file.createdAt)]);
  return (
    <>
      {source?.caption ? (
        <p className="file-caption-full" data-testid="file-caption">
          {source.caption}
        </p>
      ) : null}
      <dl className="meta-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
