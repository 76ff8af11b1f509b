/**
 * zod schemas of the Instagram JSON this client reads: the one source of validation and of the raw types.
 * Objects are not strict: Instagram sends many more keys, only the ones read here are checked.
 */
import { z } from 'zod';

/** Ids come as strings from www and as numbers from i.instagram.com. */
export const idLike = z.union([z.string(), z.number(), z.bigint()]).transform((value) => String(value));

export const imageCandidateSchema = z.object({ url: z.string(), width: z.number(), height: z.number() });
export const videoVersionSchema = z.object({
  url: z.string(),
  width: z.number(),
  height: z.number(),
  type: z.number().optional(),
  id: idLike.optional(),
});

const v1UserSchema = z.object({
  pk: idLike,
  username: z.string(),
  full_name: z.string().nullish(),
  is_private: z.boolean().optional(),
});

const v1MediaCore = {
  pk: idLike,
  id: z.string().optional(),
  code: z.string().nullish(),
  taken_at: z.number().optional(),
  media_type: z.number(),
  product_type: z.string().nullish(),
  image_versions2: z.object({ candidates: z.array(imageCandidateSchema) }).nullish(),
  video_versions: z.array(videoVersionSchema).nullish(),
  original_width: z.number().nullish(),
  original_height: z.number().nullish(),
  video_duration: z.number().nullish(),
};

export const v1CarouselChildSchema = z.object(v1MediaCore);

export const v1MediaSchema = z.object({
  ...v1MediaCore,
  caption: z.object({ text: z.string() }).nullish(),
  user: v1UserSchema.optional(),
  owner: v1UserSchema.optional(),
  carousel_media: z.array(v1CarouselChildSchema).nullish(),
  like_count: z.number().nullish(),
  comment_count: z.number().nullish(),
  location: z
    .object({
      pk: idLike,
      name: z.string().nullish(),
      short_name: z.string().nullish(),
      lat: z.number().nullish(),
      lng: z.number().nullish(),
    })
    .nullish(),
  timeline_pinned_user_ids: z.array(idLike).nullish(),
  clips_tab_pinned_user_ids: z.array(idLike).nullish(),
  expiring_at: z.number().nullish(),
});
export type V1Media = z.infer<typeof v1MediaSchema>;
export type V1CarouselChild = z.infer<typeof v1CarouselChildSchema>;

export const feedPageSchema = z.object({
  items: z.array(v1MediaSchema),
  more_available: z.boolean().nullish(),
  next_max_id: idLike.nullish(),
});

export const clipsPageSchema = z.object({
  items: z.array(z.object({ media: v1MediaSchema })),
  paging_info: z.object({ more_available: z.boolean().nullish(), max_id: idLike.nullish() }).nullish(),
});

export const mediaInfoSchema = z.object({ items: z.array(v1MediaSchema) });

export const reelSchema = z.object({
  id: idLike,
  title: z.string().nullish(),
  expiring_at: z.number().nullish(),
  user: v1UserSchema.optional(),
  items: z.array(v1MediaSchema).default([]),
});
export type V1Reel = z.infer<typeof reelSchema>;

/** `reels` (dict, read by yt-dlp/instaloader) and `reels_media` (list, read by gallery-dl); both may be absent. */
export const reelsMediaSchema = z.object({
  reels: z.record(z.string(), reelSchema).optional(),
  reels_media: z.array(reelSchema).optional(),
});

export const highlightsTraySchema = z.object({
  tray: z.array(
    z.object({
      id: z.string(),
      title: z.string().nullish(),
      media_count: z.number().nullish(),
      latest_reel_media: z.number().nullish(),
      cover_media: z
        .object({
          cropped_image_version: z.object({ url: z.string() }).nullish(),
          full_image_version: z.object({ url: z.string() }).nullish(),
        })
        .nullish(),
    }),
  ),
});

const countEdge = z.object({ count: z.number() });

const gqlMediaCore = {
  __typename: z.string(),
  id: z.string(),
  shortcode: z.string().nullish(),
  dimensions: z.object({ width: z.number(), height: z.number() }).nullish(),
  display_url: z.string().nullish(),
  display_resources: z
    .array(z.object({ src: z.string(), config_width: z.number(), config_height: z.number() }))
    .nullish(),
  is_video: z.boolean().nullish(),
  video_url: z.string().nullish(),
  video_resources: z
    .array(z.object({ src: z.string(), config_width: z.number(), config_height: z.number() }))
    .nullish(),
  video_duration: z.number().nullish(),
  taken_at_timestamp: z.number().nullish(),
  product_type: z.string().nullish(),
};

export const gqlChildSchema = z.object(gqlMediaCore);

export const gqlMediaSchema = z.object({
  ...gqlMediaCore,
  edge_media_to_caption: z.object({ edges: z.array(z.object({ node: z.object({ text: z.string() }) })) }).nullish(),
  edge_media_preview_like: countEdge.nullish(),
  edge_media_to_comment: countEdge.nullish(),
  edge_sidecar_to_children: z.object({ edges: z.array(z.object({ node: gqlChildSchema })) }).nullish(),
  owner: z.object({ id: idLike, username: z.string().nullish() }).nullish(),
  location: z
    .object({ id: idLike, name: z.string().nullish(), lat: z.number().nullish(), lng: z.number().nullish() })
    .nullish(),
  pinned_for_users: z.array(z.unknown()).nullish(),
  expiring_at_timestamp: z.number().nullish(),
});
export type GqlMedia = z.infer<typeof gqlMediaSchema>;
export type GqlChild = z.infer<typeof gqlChildSchema>;

export const profileUserSchema = z.object({
  id: idLike,
  username: z.string(),
  full_name: z.string().nullish(),
  biography: z.string().nullish(),
  is_private: z.boolean(),
  is_verified: z.boolean().nullish(),
  followed_by_viewer: z.boolean().nullish(),
  profile_pic_url: z.string().nullish(),
  profile_pic_url_hd: z.string().nullish(),
  edge_followed_by: countEdge.nullish(),
  edge_follow: countEdge.nullish(),
  edge_owner_to_timeline_media: z
    .object({
      count: z.number(),
      edges: z.array(z.object({ node: gqlMediaSchema })).nullish(),
    })
    .nullish(),
});
export type ProfileUser = z.infer<typeof profileUserSchema>;

export const profileResponseSchema = z.object({ data: z.object({ user: profileUserSchema.nullable() }) });

export const currentUserResponseSchema = z.object({
  data: z.object({ user: z.object({ username: z.string() }).nullable() }).nullable(),
});

/** doc_id timeline: v1-shaped nodes under `xdt_api__v1__feed__user_timeline_graphql_connection`. */
export const timelineConnectionSchema = z.object({
  data: z.object({
    xdt_api__v1__feed__user_timeline_graphql_connection: z
      .object({
        edges: z.array(z.object({ node: v1MediaSchema })),
        page_info: z.object({ has_next_page: z.boolean(), end_cursor: z.string().nullish() }),
      })
      .nullable(),
  }),
});

export const shortcodeMediaDocSchema = z.object({
  data: z.object({ xdt_shortcode_media: gqlMediaSchema.nullable() }),
});
