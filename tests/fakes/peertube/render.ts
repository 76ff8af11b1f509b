/**
 * PeerTube REST API v1 shapes (VideoDetails, Video, VideoChannel, Account, RFC 7807 errors), as documented in
 * PeerTube's API reference and as recent instances answer. Pure: state + site in, JSON out.
 */
import type { FakePeerTubeAccount, FakePeerTubeChannel, FakePeerTubeFile, FakePeerTubeVideo } from './model.js';

/** Where the instance is reached: `origin` for URLs, `host` for the `host` fields. */
export interface Site {
  origin: string;
  host: string;
}

const LICENCE = { id: 2, label: 'Attribution - Share Alike' };
const CATEGORY = { id: 15, label: 'Science & Technology' };

export function accountSummary(site: Site, account: FakePeerTubeAccount) {
  return {
    id: account.id,
    name: account.name,
    displayName: account.displayName,
    url: `${site.origin}/accounts/${account.name}`,
    host: site.host,
    avatars: [],
  };
}

export function channelSummary(site: Site, channel: FakePeerTubeChannel) {
  return {
    id: channel.id,
    name: channel.name,
    displayName: channel.displayName,
    url: `${site.origin}/video-channels/${channel.name}`,
    host: site.host,
    avatars: [],
  };
}

export function channelDetails(site: Site, channel: FakePeerTubeChannel, videoCount: number) {
  return {
    ...channelSummary(site, channel),
    description: channel.description,
    support: null,
    isLocal: true,
    createdAt: channel.createdAt,
    updatedAt: channel.createdAt,
    followersCount: 42,
    followingCount: 0,
    videosCount: videoCount,
    banners: [],
    ownerAccount: accountSummary(site, channel.account),
  };
}

export function accountDetails(site: Site, account: FakePeerTubeAccount) {
  return {
    ...accountSummary(site, account),
    description: null,
    createdAt: account.createdAt,
    updatedAt: account.createdAt,
    followersCount: 42,
    followingCount: 0,
    userId: account.id,
  };
}

/** Path of a web-video file (PeerTube ≥ 6 serves them under /static/web-videos). */
export function webVideoPath(video: FakePeerTubeVideo, file: FakePeerTubeFile): string {
  return `/static/web-videos/${video.uuid}-${file.resolution}.mp4`;
}

export function thumbnailPath(video: FakePeerTubeVideo): string {
  return `/lazy-static/thumbnails/${video.uuid}.jpg`;
}

/** The `Video` object of lists (channel/account videos). */
export function videoSummary(site: Site, video: FakePeerTubeVideo) {
  return {
    id: video.id,
    uuid: video.uuid,
    shortUUID: video.shortUUID,
    url: `${site.origin}/videos/watch/${video.uuid}`,
    name: video.name,
    category: CATEGORY,
    licence: LICENCE,
    language: { id: 'en', label: 'English' },
    privacy: { id: 1, label: 'Public' },
    nsfw: false,
    truncatedDescription: video.description.length > 250 ? `${video.description.slice(0, 247)}...` : video.description,
    description: video.description.length > 250 ? `${video.description.slice(0, 247)}...` : video.description,
    isLocal: true,
    duration: video.durationSec,
    aspectRatio: 1.7778,
    views: video.views,
    viewers: 0,
    likes: video.likes,
    dislikes: 0,
    thumbnailPath: thumbnailPath(video),
    previewPath: `/lazy-static/previews/${video.uuid}.jpg`,
    embedPath: `/videos/embed/${video.uuid}`,
    createdAt: video.publishedAt,
    updatedAt: video.publishedAt,
    publishedAt: video.publishedAt,
    originallyPublishedAt: null,
    isLive: false,
    account: accountSummary(site, video.channel.account),
    channel: channelSummary(site, video.channel),
  };
}

/** The `VideoDetails` object of `GET /api/v1/videos/{id}`. */
export function videoDetails(site: Site, video: FakePeerTubeVideo, fileSizes: Map<string, number>) {
  return {
    ...videoSummary(site, video),
    description: video.description,
    descriptionPath: `/api/v1/videos/${video.uuid}/description`,
    support: null,
    tags: video.tags,
    commentsEnabled: true,
    downloadEnabled: true,
    waitTranscoding: true,
    state: { id: 1, label: 'Published' },
    blacklisted: false,
    blacklistedReason: null,
    trackerUrls: [`${site.origin.replace(/^http/, 'ws')}/tracker/socket`, `${site.origin}/tracker/announce`],
    files: video.files.map((file) => ({
      id: Number(file.pk.slice(-6)),
      resolution: { id: file.resolution, label: `${file.resolution}p` },
      magnetUri: `magnet:?xs=https%3A%2F%2F${site.host}%2Flazy-static%2Ftorrents%2F${video.uuid}-${file.resolution}.torrent`,
      size: fileSizes.get(file.pk) ?? 0,
      fps: file.fps,
      width: file.width,
      height: file.height,
      torrentUrl: `${site.origin}/lazy-static/torrents/${video.uuid}-${file.resolution}.torrent`,
      torrentDownloadUrl: `${site.origin}/download/torrents/${video.uuid}-${file.resolution}.torrent`,
      fileUrl: `${site.origin}${webVideoPath(video, file)}`,
      fileDownloadUrl: `${site.origin}/download/web-videos/${video.uuid}-${file.resolution}.mp4`,
      metadataUrl: `${site.origin}/api/v1/videos/${video.uuid}/metadata/${file.pk}`,
    })),
    streamingPlaylists: [],
  };
}

/** RFC 7807 problem, as PeerTube answers errors (`application/problem+json`). */
export function problem(status: number, title: string, detail: string) {
  return { type: 'about:blank', title, detail, status, docs: 'https://docs.joinpeertube.org/api-rest-reference.html' };
}

/** The single-page app's shell with the Open Graph tags PeerTube puts on watch and channel pages. */
export function pageShell(site: Site, title: string, description: string): string {
  const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} - ${escapeHtml(site.host)}</title>`,
    `<meta property="og:title" content="${escapeHtml(title)}">`,
    `<meta property="og:description" content="${escapeHtml(description)}">`,
    `<meta property="og:site_name" content="${escapeHtml(site.host)}">`,
    '</head><body><div id="incompatible-browser">There are other non JS-based unofficial clients to access PeerTube',
    '</div><my-app></my-app></body></html>',
  ].join('\n');
}
