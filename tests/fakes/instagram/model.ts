/** In-memory state of the fake Instagram: profiles, media, sessions and signed-URL generations. */

export type FakeResourceKind = 'image' | 'video';
export type FakeProductType = 'feed' | 'clips' | 'carousel_container' | 'story';

export interface FakeResource {
  pk: string;
  kind: FakeResourceKind;
  width: number;
  height: number;
  durationSec?: number;
  /** Serve this many deterministic pseudo-random bytes instead of an ffmpeg file (memory benchmarks). */
  syntheticBytes?: number;
}

export interface FakeMedia {
  pk: string;
  code: string;
  ownerId: string;
  takenAt: number;
  caption: string | null;
  mediaType: 1 | 2 | 8;
  productType: FakeProductType;
  pinned: boolean;
  /** One resource for photos/videos, the children for carousels. */
  resources: FakeResource[];
  likeCount: number;
  commentCount: number;
  location?: { pk: number; name: string; lat: number; lng: number };
  expiringAt?: number;
}

export interface FakeHighlight {
  id: string;
  title: string;
  items: FakeMedia[];
}

export interface FakeProfile {
  id: string;
  username: string;
  fullName: string;
  biography: string;
  isPrivate: boolean;
  /** Usernames whose sessions may see this private profile. */
  followers: Set<string>;
  /** Grid posts (photos, videos, reels, carousels). */
  posts: FakeMedia[];
  stories: FakeMedia[];
  highlights: FakeHighlight[];
  /** Posts of other accounts tagging this profile. */
  tagged: FakeMedia[];
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Written independently of the client's converter so tests cross-check both. */
export function encodeShortcode(pk: string): string {
  let n = BigInt(pk);
  let out = '';
  do {
    out = ALPHABET.charAt(Number(n & 63n)) + out;
    n >>= 6n;
  } while (n > 0n);
  return out;
}

export class FakeStore {
  readonly profilesByName = new Map<string, FakeProfile>();
  readonly profilesById = new Map<string, FakeProfile>();
  /** Every media (posts, carousel parents, stories, highlight items) by pk. */
  readonly mediaByPk = new Map<string, FakeMedia>();
  /** Resource pk -> the media it belongs to. */
  readonly resourceOwner = new Map<string, FakeMedia>();
  readonly highlightsById = new Map<string, { highlight: FakeHighlight; owner: FakeProfile }>();
  /** sessionid -> username */
  readonly sessions = new Map<string, string>();
  /** Resource pk -> current signed-URL generation; URLs of older generations answer 403. */
  readonly urlGenerations = new Map<string, number>();
  private nextPk = 3_600_000_000_000_001_000n;
  private nextUserId = 1_234_567_890n;
  private nextHighlightId = 18_042_509_488_170_000n;

  allocatePk(): string {
    const pk = this.nextPk;
    this.nextPk += 1n;
    return pk.toString();
  }

  allocateUserId(): string {
    const id = this.nextUserId;
    this.nextUserId += 1n;
    return id.toString();
  }

  allocateHighlightId(): string {
    const id = this.nextHighlightId;
    this.nextHighlightId += 1n;
    return id.toString();
  }

  registerProfile(profile: FakeProfile): void {
    if (this.profilesByName.has(profile.username))
      throw new Error(`Fake Instagram: profile "${profile.username}" exists already`);
    this.profilesByName.set(profile.username, profile);
    this.profilesById.set(profile.id, profile);
  }

  registerMedia(media: FakeMedia): void {
    this.mediaByPk.set(media.pk, media);
    for (const resource of media.resources) this.resourceOwner.set(resource.pk, media);
  }

  requireProfile(username: string): FakeProfile {
    const profile = this.profilesByName.get(username.toLowerCase());
    if (!profile) throw new Error(`Fake Instagram: no profile "${username}" (call addProfile first)`);
    return profile;
  }

  generation(resourcePk: string): number {
    return this.urlGenerations.get(resourcePk) ?? 0;
  }

  /** Invalidates the signed CDN URLs handed out so far for a media (or for everything). */
  expireUrls(mediaPk?: string): void {
    const resources =
      mediaPk === undefined
        ? [...this.resourceOwner.keys()]
        : (this.mediaByPk.get(mediaPk)?.resources ?? []).map((resource) => resource.pk);
    if (mediaPk !== undefined && resources.length === 0) throw new Error(`Fake Instagram: no media ${mediaPk}`);
    for (const pk of resources) this.urlGenerations.set(pk, this.generation(pk) + 1);
  }

  /** Grid order as Instagram returns it: pinned posts first, then newest first. */
  feedOrder(profile: FakeProfile): FakeMedia[] {
    const pinned = profile.posts.filter((post) => post.pinned);
    const rest = profile.posts.filter((post) => !post.pinned).sort((a, b) => b.takenAt - a.takenAt);
    return [...pinned, ...rest];
  }
}
