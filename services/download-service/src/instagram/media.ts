/** The one media/profile model the rest of download-service works with, whatever API shape it came from. */

export type InstagramProductType = 'feed' | 'clips' | 'carousel_container' | 'story' | 'igtv' | (string & {});

export interface InstagramResource {
  /** Position inside the post (0 for single media, carousel order otherwise). */
  index: number;
  kind: 'image' | 'video';
  /** pk of this resource (the carousel child pk, or the media pk). */
  id: string;
  url: string;
  width: number;
  height: number;
  /** Cover image of a video resource. */
  thumbnailUrl?: string;
  durationSec?: number;
}

export interface InstagramMedia {
  /** The media pk. */
  id: string;
  shortcode: string;
  owner: { id: string; username: string };
  takenAt: Date;
  caption: string | null;
  productType: InstagramProductType;
  /** Pinned to the top of the profile grid (or reels tab): may be much older than the posts after it. */
  pinned: boolean;
  location?: { id: string; name: string; lat?: number; lng?: number };
  likeCount?: number;
  commentCount?: number;
  /** Stories only: when the story disappears. */
  expiresAt?: Date;
  resources: InstagramResource[];
}

export interface InstagramProfile {
  id: string;
  username: string;
  fullName: string;
  biography: string;
  isPrivate: boolean;
  isVerified: boolean;
  /** Whether the session's account follows this profile (false when anonymous). */
  followedByViewer: boolean;
  postCount: number;
  followerCount?: number;
  followingCount?: number;
  /** HD profile picture when Instagram provides it. */
  profilePicUrl: string | null;
  /** The newest posts Instagram embeds in the profile answer (12; all an anonymous visitor may see). */
  recentPosts: InstagramMedia[];
}

export interface InstagramHighlight {
  /** Numeric highlight id, as in /stories/highlights/<id>/. */
  id: string;
  /** Reel id used by reels_media: "highlight:<id>". */
  reelId: string;
  title: string;
  mediaCount?: number;
  coverUrl?: string;
}
