/** Builds fake profiles and posts from short specs: `addProfile({username, posts: 75, pinned: 2, stories: 3})`. */
import { encodeShortcode, type FakeMedia, type FakeProfile, type FakeResource, type FakeStore } from './model.js';

export type FakePostKind = 'photo' | 'video' | 'reel' | 'carousel';

export interface FakeChildSpec {
  kind: 'photo' | 'video';
  width?: number;
  height?: number;
  durationSec?: number;
  syntheticBytes?: number;
}

export interface FakePostSpec {
  kind?: FakePostKind;
  caption?: string | null;
  /** Date or unix seconds; default: one hour after the newest post of the profile. */
  takenAt?: Date | number;
  pinned?: boolean;
  width?: number;
  height?: number;
  durationSec?: number;
  children?: FakeChildSpec[];
  syntheticBytes?: number;
  location?: { name: string; lat: number; lng: number };
}

export interface FakeProfileSpec {
  username: string;
  fullName?: string;
  biography?: string;
  isPrivate?: boolean;
  /** Usernames (with sessions) that follow this profile and may see it when private. */
  followers?: string[];
  /** A count of generated mixed posts (photo, reel, carousel, video) or explicit specs, newest first. */
  posts?: number | FakePostSpec[];
  /** How many of the OLDEST generated posts are pinned (shown first, like Instagram). */
  pinned?: number;
  stories?: number;
  highlights?: number | Array<{ title: string; items: number }>;
  tagged?: number;
}

/** Newest generated post is 2026-01-01T00:00:00Z; each older one is a day earlier. */
export const NEWEST_POST_AT = 1_767_225_600;
const DAY = 86_400;
const SUBJECTS = [
  'sunset',
  'harbor',
  'mountain',
  'coffee',
  'bicycle',
  'forest',
  'concert',
  'market',
  'beach',
  'library',
];
const MOODS = ['golden', 'quiet', 'rainy', 'bright', 'misty', 'lively'];
const PLACES = [
  { name: 'Berlin, Germany', lat: 52.52, lng: 13.405 },
  { name: 'Lisbon, Portugal', lat: 38.7223, lng: -9.1393 },
];
const GENERATED_KINDS: FakePostKind[] = ['photo', 'reel', 'carousel', 'video'];

export function generatedCaption(username: string, index: number): string {
  const subject = SUBJECTS[index % SUBJECTS.length]!;
  const mood = MOODS[index % MOODS.length]!;
  return `Post ${index + 1} by ${username}: ${mood} ${subject} #fixtures #${subject}`;
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

interface ResourceSpec {
  width?: number;
  height?: number;
  durationSec?: number;
  syntheticBytes?: number;
}

function resource(pk: string, kind: 'photo' | 'video', spec: ResourceSpec): FakeResource {
  const isVideo = kind === 'video';
  return {
    pk,
    kind: isVideo ? 'video' : 'image',
    width: even(spec.width ?? (isVideo ? 540 : 1080)),
    height: even(spec.height ?? (isVideo ? 960 : 1350)),
    ...(isVideo ? { durationSec: spec.durationSec ?? 2 } : {}),
    ...(spec.syntheticBytes !== undefined ? { syntheticBytes: spec.syntheticBytes } : {}),
  };
}

function toUnix(value: Date | number): number {
  return value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
}

export function buildMedia(
  store: FakeStore,
  owner: FakeProfile,
  spec: FakePostSpec,
  defaults: { takenAt: number; caption: string },
): FakeMedia {
  const kind = spec.kind ?? 'photo';
  const pk = store.allocatePk();
  let resources: FakeResource[];
  if (kind === 'carousel') {
    const children = spec.children ?? [
      { kind: 'photo' },
      { kind: 'video' },
      { kind: 'photo', width: 1080, height: 1080 },
    ];
    if (children.length < 2) throw new Error('Fake Instagram: a carousel needs at least 2 children');
    resources = children.map((child) => resource(store.allocatePk(), child.kind, child));
  } else {
    resources = [resource(pk, kind === 'photo' ? 'photo' : 'video', spec)];
  }
  const index = Number(BigInt(pk) % 1000n);
  const media: FakeMedia = {
    pk,
    code: encodeShortcode(pk),
    ownerId: owner.id,
    takenAt: spec.takenAt === undefined ? defaults.takenAt : toUnix(spec.takenAt),
    caption: spec.caption === undefined ? defaults.caption : spec.caption,
    mediaType: kind === 'carousel' ? 8 : kind === 'photo' ? 1 : 2,
    productType: kind === 'carousel' ? 'carousel_container' : kind === 'reel' ? 'clips' : 'feed',
    pinned: spec.pinned ?? false,
    resources,
    likeCount: 10 + (index % 90),
    commentCount: index % 7,
    ...(spec.location ? { location: { pk: 213_385_402 + index, ...spec.location } } : {}),
  };
  store.registerMedia(media);
  return media;
}

function storyMedia(
  store: FakeStore,
  owner: FakeProfile,
  index: number,
  takenAt: number,
  expiring: boolean,
): FakeMedia {
  const kind = index % 2 === 0 ? 'photo' : 'video';
  const media = buildMedia(
    store,
    owner,
    { kind, width: kind === 'photo' ? 1080 : 540, height: kind === 'photo' ? 1920 : 960 },
    {
      takenAt,
      caption: '',
    },
  );
  media.caption = null;
  media.productType = 'story';
  if (expiring) media.expiringAt = takenAt + DAY;
  return media;
}

function taggerProfile(store: FakeStore): FakeProfile {
  return (
    store.profilesByName.get('fake_tagger') ??
    createProfile(store, { username: 'fake_tagger', fullName: 'Tagging Friend' })
  );
}

export function createProfile(store: FakeStore, spec: FakeProfileSpec): FakeProfile {
  const username = spec.username.toLowerCase();
  if (!/^[a-z0-9._]{1,30}$/.test(username)) throw new Error(`Fake Instagram: invalid username "${spec.username}"`);
  const profile: FakeProfile = {
    id: store.allocateUserId(),
    username,
    fullName: spec.fullName ?? username.replace(/[._]/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    biography: spec.biography ?? `Fake account ${username} #fixtures`,
    isPrivate: spec.isPrivate ?? false,
    followers: new Set(spec.followers ?? []),
    posts: [],
    stories: [],
    highlights: [],
    tagged: [],
  };
  store.registerProfile(profile);
  const postSpecs: FakePostSpec[] =
    typeof spec.posts === 'number'
      ? Array.from({ length: spec.posts }, (_, i) => ({
          kind: GENERATED_KINDS[i % GENERATED_KINDS.length]!,
          ...(i % 5 === 0 ? { location: PLACES[i % PLACES.length]! } : {}),
        }))
      : (spec.posts ?? []);
  const pinnedFrom = postSpecs.length - (spec.pinned ?? 0);
  postSpecs.forEach((postSpec, i) => {
    const media = buildMedia(
      store,
      profile,
      { ...postSpec, pinned: postSpec.pinned ?? i >= pinnedFrom },
      {
        takenAt: NEWEST_POST_AT - i * DAY,
        caption: generatedCaption(username, i),
      },
    );
    profile.posts.push(media);
  });
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < (spec.stories ?? 0); i += 1)
    profile.stories.push(storyMedia(store, profile, i, now - (i + 1) * 3600, true));
  const highlightSpecs =
    typeof spec.highlights === 'number'
      ? Array.from({ length: spec.highlights }, (_, i) => ({ title: `Highlight ${i + 1}`, items: 2 }))
      : (spec.highlights ?? []);
  for (const highlightSpec of highlightSpecs) {
    const highlight = {
      id: store.allocateHighlightId(),
      title: highlightSpec.title,
      items: Array.from({ length: highlightSpec.items }, (_, i) =>
        storyMedia(store, profile, i, NEWEST_POST_AT - (i + 30) * DAY, false),
      ),
    };
    profile.highlights.push(highlight);
    store.highlightsById.set(highlight.id, { highlight, owner: profile });
  }
  if ((spec.tagged ?? 0) > 0) {
    const tagger = taggerProfile(store);
    for (let i = 0; i < spec.tagged!; i += 1) {
      const media = buildMedia(
        store,
        tagger,
        { kind: 'photo' },
        {
          takenAt: NEWEST_POST_AT - i * DAY,
          caption: `Tagged @${username} at the ${SUBJECTS[i % SUBJECTS.length]} #tagged`,
        },
      );
      tagger.posts.push(media);
      profile.tagged.push(media);
    }
  }
  return profile;
}

/** Adds one post; without `takenAt` it becomes the newest post of the profile. */
export function addPostTo(store: FakeStore, profile: FakeProfile, spec: FakePostSpec): FakeMedia {
  const newest = Math.max(NEWEST_POST_AT, ...profile.posts.map((post) => post.takenAt));
  const media = buildMedia(store, profile, spec, {
    takenAt: newest + 3600,
    caption: generatedCaption(profile.username, profile.posts.length),
  });
  profile.posts.push(media);
  return media;
}
