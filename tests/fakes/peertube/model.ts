/**
 * State of the fake PeerTube instance: accounts, their video channels and videos, each video with one web-video
 * MP4 file per resolution (real bytes, made by ffmpeg through the Instagram fake's media cache).
 */
import { createHash } from 'node:crypto';

export interface FakePeerTubeAccount {
  id: number;
  name: string;
  displayName: string;
  createdAt: string;
}

export interface FakePeerTubeChannel {
  id: number;
  name: string;
  displayName: string;
  description: string;
  account: FakePeerTubeAccount;
  createdAt: string;
}

export interface FakePeerTubeFile {
  /** Key of the bytes in the media cache (numeric string). */
  pk: string;
  resolution: number;
  width: number;
  height: number;
  fps: number;
}

export interface FakePeerTubeVideo {
  id: number;
  uuid: string;
  shortUUID: string;
  name: string;
  description: string;
  durationSec: number;
  publishedAt: string;
  tags: string[];
  channel: FakePeerTubeChannel;
  files: FakePeerTubeFile[];
  /** Key of the thumbnail JPEG in the media cache. */
  thumbnailPk: string;
  views: number;
  likes: number;
}

export interface FakeVideoSpec {
  name?: string;
  description?: string;
  durationSec?: number;
  /** Default: one second after the channel's newest video (or the channel's creation). */
  publishedAt?: string;
  tags?: string[];
  /** Heights of the files, e.g. [720, 360]. Default [360]. */
  resolutions?: number[];
}

const FLICKR_BASE58 = '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';

/** PeerTube's short UUID: the UUID's 128 bits in flickr base58 (the `short-uuid` translator PeerTube uses). */
export function shortUuid(uuid: string): string {
  let value = BigInt(`0x${uuid.replaceAll('-', '')}`);
  let text = '';
  while (value > 0n) {
    text = FLICKR_BASE58[Number(value % 58n)] + text;
    value /= 58n;
  }
  return text.padStart(22, FLICKR_BASE58[0]);
}

/** A deterministic v4-shaped UUID from a seed (same fixture, same ids on every run). */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class FakePeerTubeStore {
  readonly accounts = new Map<string, FakePeerTubeAccount>();
  readonly channels = new Map<string, FakePeerTubeChannel>();
  readonly videos: FakePeerTubeVideo[] = [];
  private nextId = 1;
  private nextPk = 7_300_000_000_000n;

  addAccount(name: string, displayName = name): FakePeerTubeAccount {
    const account = { id: this.nextId++, name, displayName, createdAt: '2023-01-10T09:00:00.000Z' };
    this.accounts.set(name, account);
    return account;
  }

  addChannel(account: FakePeerTubeAccount, name: string, displayName = name, description = ''): FakePeerTubeChannel {
    const channel = { id: this.nextId++, name, displayName, description, account, createdAt: account.createdAt };
    this.channels.set(name, channel);
    return channel;
  }

  addVideo(channel: FakePeerTubeChannel, spec: FakeVideoSpec = {}): FakePeerTubeVideo {
    const id = this.nextId++;
    const uuid = uuidFrom(`${channel.name}/${id}`);
    const newest = this.videosOf(channel)[0]?.publishedAt ?? channel.createdAt;
    const publishedAt = spec.publishedAt ?? new Date(Date.parse(newest) + 86_400_000).toISOString();
    const files = (spec.resolutions ?? [360]).map((resolution) => ({
      pk: this.pk(),
      resolution,
      width: Math.round((resolution * 16) / 9 / 2) * 2,
      height: resolution,
      fps: 25,
    }));
    const video: FakePeerTubeVideo = {
      id,
      uuid,
      shortUUID: shortUuid(uuid),
      name: spec.name ?? `${channel.displayName} video ${id}`,
      description: spec.description ?? `Video ${id} of ${channel.displayName}.`,
      durationSec: spec.durationSec ?? 2,
      publishedAt,
      tags: spec.tags ?? ['fixture'],
      channel,
      files,
      thumbnailPk: this.pk(),
      views: 10 * id,
      likes: id,
    };
    this.videos.push(video);
    return video;
  }

  /** Newest first, as PeerTube's `sort=-publishedAt` (and `-createdAt`, the same order here). */
  videosOf(owner: FakePeerTubeChannel | FakePeerTubeAccount): FakePeerTubeVideo[] {
    const isChannel = 'account' in owner;
    return this.videos
      .filter((video) => (isChannel ? video.channel === owner : video.channel.account === owner))
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id);
  }

  /** By numeric id, UUID or short UUID, as `/api/v1/videos/{id}` accepts all three. */
  findVideo(id: string): FakePeerTubeVideo | undefined {
    return this.videos.find((video) => String(video.id) === id || video.uuid === id || video.shortUUID === id);
  }

  private pk(): string {
    this.nextPk += 1n;
    return String(this.nextPk);
  }
}
