/**
 * The world the browser journey runs in: one fake Instagram creator with distinctive captions, a viewer account
 * with a session, and the administrator the first-run page creates. Shared by the hub launcher (which seeds the
 * fake) and the specs (which derive what they expect from the same data).
 */
import type { FakePostSpec, FakeProfileSpec } from '../fakes/instagram/builder.js';

export const ADMIN = { username: 'e2e_admin', password: 'correct horse battery' } as const;

export const CREATOR = 'e2e_creator';
/** What a user pastes; the hub maps www.instagram.com onto the fake through INSTAGRAM_WEB_URL. */
export const CREATOR_URL = `https://www.instagram.com/${CREATOR}/`;
export const CREATOR_STORIES_URL = `https://www.instagram.com/stories/${CREATOR}/`;
export const CREATOR_STORIES = 2;

/** The account a pasted sessionid belongs to at the fake. */
export const VIEWER = 'e2e_viewer';
export const VIEWER_SESSIONID = 'e2e-viewer-sessionid-7f3a91';

/** Newest first. Exactly one caption says "sunflower"; the videos have distinct lengths for the merge check. */
export const CREATOR_POSTS: readonly FakePostSpec[] = [
  { kind: 'photo', caption: 'Morning sunflower field in full bloom #flowers' },
  { kind: 'video', caption: 'Waterfall timelapse from the ridge #nature', durationSec: 3 },
  { kind: 'carousel', caption: 'Harbor walk: boats and gulls #city' },
  { kind: 'reel', caption: 'Street drummer on a Sunday #music', durationSec: 2 },
  { kind: 'photo', caption: 'Lighthouse at dusk #coast', width: 1080, height: 1080 },
  { kind: 'video', caption: 'Kayak paddling through the canyon #water', durationSec: 2 },
  { kind: 'photo', caption: 'Fresh bread at the market #food' },
  {
    kind: 'carousel',
    caption: 'Mountain hut weekend #hiking',
    children: [{ kind: 'photo' }, { kind: 'photo', width: 1080, height: 1080 }],
  },
  { kind: 'video', caption: 'Rain on the window, slow and calm #calm', durationSec: 4 },
  {
    kind: 'photo',
    caption: 'Old tram climbing the hill #travel',
    location: { name: 'Lisbon, Portugal', lat: 38.7223, lng: -9.1393 },
  },
  { kind: 'photo', caption: 'Night sky over the desert #stars', width: 1350, height: 1080 },
  { kind: 'photo', caption: 'Chess in the park #weekend' },
];

export const CREATOR_PROFILE: FakeProfileSpec = {
  username: CREATOR,
  fullName: 'E2E Creator',
  biography: 'Photos and short videos for the browser tests',
  posts: [...CREATOR_POSTS],
  stories: CREATOR_STORIES,
};

/** The fake's carousel when a spec names no children. */
const DEFAULT_CAROUSEL_CHILDREN: ReadonlyArray<{ kind: 'photo' | 'video' }> = [
  { kind: 'photo' },
  { kind: 'video' },
  { kind: 'photo' },
];

/** The kinds of the files one post becomes in the library (a carousel: one per child). */
export function fileKindsOfPost(post: FakePostSpec): Array<'photo' | 'video'> {
  if (post.kind === 'carousel') return (post.children ?? DEFAULT_CAROUSEL_CHILDREN).map((child) => child.kind);
  return [post.kind === 'photo' || post.kind === undefined ? 'photo' : 'video'];
}

const creatorFileKinds = CREATOR_POSTS.flatMap(fileKindsOfPost);
/** What downloading the profile stores: every resource of every post, plus the profile picture. */
export const CREATOR_PROFILE_FILES = creatorFileKinds.length + 1;
export const CREATOR_VIDEO_FILES = creatorFileKinds.filter((kind) => kind === 'video').length;

/** The caption word the library search looks for, and the post it must find. */
export const SEARCH_WORD = 'sunflower';
export const SEARCH_CAPTION = CREATOR_POSTS[0]!.caption!;

/** The two clips merged in the video tools, by a caption word each, and their lengths. */
export const MERGE_CLIPS = [
  { word: 'waterfall', durationSec: 3 },
  { word: 'kayak', durationSec: 2 },
] as const;
