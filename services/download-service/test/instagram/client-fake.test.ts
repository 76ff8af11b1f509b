import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/instagram/client.js';
import { InstagramError } from '../../src/instagram/errors.js';
import { startFakeInstagram, type FakeInstagram } from '../../../../tests/fakes/instagram/server.js';
import { captureError, clientFor, SESSION_ID, sessionCookies } from './helpers.js';

let fake: FakeInstagram;

beforeAll(async () => {
  fake = await startFakeInstagram();
  fake.addProfile({ username: 'fixture_user', posts: 75, pinned: 2, stories: 3, highlights: 2, tagged: 3 });
  fake.addProfile({ username: 'private_user', isPrivate: true, posts: 5, followers: ['fixture_user'] });
  fake.addProfile({ username: 'stranger' });
  fake.addSession(SESSION_ID, 'fixture_user');
  fake.addSession('session-stranger', 'stranger');
});
afterAll(async () => fake.close());

describe('InstagramClient against the fake Instagram', () => {
  it('reads a profile and reports a missing one as NOT_FOUND', async () => {
    const { client } = clientFor(fake);
    const profile = await client.getProfile('fixture_user');
    expect(profile).toMatchObject({ username: 'fixture_user', postCount: 75, isPrivate: false });
    expect(profile.profilePicUrl).toContain('320x320');
    const error = await captureError(client.getProfile('nobody_here'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });

  it('pages through all 75 posts: pinned first, then newest first, 30 per request', async () => {
    const { client } = clientFor(fake);
    const profile = await client.getProfile('fixture_user');
    const posts = await collect(client.iterateUserPosts(profile.id));
    expect(posts).toHaveLength(75);
    expect(new Set(posts.map((p) => p.id)).size).toBe(75);
    expect(posts.slice(0, 2).every((p) => p.pinned)).toBe(true);
    const rest = posts.slice(2).map((p) => p.takenAt.getTime());
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(new Set(posts.map((p) => p.productType))).toEqual(new Set(['feed', 'clips', 'carousel_container']));
    const carousel = posts.find((p) => p.productType === 'carousel_container')!;
    expect(carousel.resources.map((r) => r.kind)).toEqual(['image', 'video', 'image']);
    expect(client.requestStats.byEndpoint).toEqual({ 'users/web_profile_info': 1, 'feed/user': 3 });
    expect(posts.find((p) => p.caption?.includes('Post 17 '))?.caption).toMatch(/#fixtures/);
  });

  it('picks the largest image and video, never the square crop or the smaller copy', async () => {
    const { client } = clientFor(fake);
    const [first] = await collect(client.iterateUserPosts(fake.store.profilesByName.get('fixture_user')!.id), 3);
    const reel = (await client.getReels(fake.store.profilesByName.get('fixture_user')!.id, { limit: 1 }))[0]!;
    expect(reel.resources[0]).toMatchObject({ kind: 'video', width: 540, height: 960 });
    expect(first!.resources[0]!.url).not.toContain('_crop');
  });

  it('stops an incremental sync at the first archived non-pinned post, in at most 2 requests', async () => {
    fake.addProfile({ username: 'incremental_user', posts: 40, pinned: 2 });
    const { client: firstSync } = clientFor(fake);
    const profileId = (await firstSync.getProfile('incremental_user')).id;
    const archived = new Set((await collect(firstSync.iterateUserPosts(profileId))).map((p) => p.id));
    expect(archived.size).toBe(40);

    const { client: unchanged } = clientFor(fake);
    await unchanged.getProfile('incremental_user');
    const nothingNew = await collect(unchanged.iterateUserPosts(profileId, { stopAt: (m) => archived.has(m.id) }));
    expect(nothingNew).toEqual([]);
    expect(unchanged.requestCount).toBeLessThanOrEqual(2);

    const added = [
      fake.addPost('incremental_user', { kind: 'photo' }),
      fake.addPost('incremental_user', { kind: 'reel' }),
    ];
    const { client: resync } = clientFor(fake);
    await resync.getProfile('incremental_user');
    const fresh = await collect(resync.iterateUserPosts(profileId, { stopAt: (m) => archived.has(m.id) }));
    expect(fresh.map((m) => m.id)).toEqual(added.map((m) => m.pk).reverse());
    expect(resync.requestCount).toBe(2);
  });

  it('lists reels (POST with CSRF) and tagged posts', async () => {
    const { client } = clientFor(fake);
    const id = fake.store.profilesByName.get('fixture_user')!.id;
    const reels = await client.getReels(id);
    expect(reels.length).toBe(19);
    expect(reels.every((r) => r.productType === 'clips' && r.resources[0]!.kind === 'video')).toBe(true);
    const tagged = await client.getTagged(id);
    expect(tagged.map((t) => t.owner.username)).toEqual(['fake_tagger', 'fake_tagger', 'fake_tagger']);
    expect(tagged[0]!.caption).toContain('@fixture_user');
  });

  it('reads stories and highlights with a session', async () => {
    const { client } = clientFor(fake, { cookies: sessionCookies() });
    const id = fake.store.profilesByName.get('fixture_user')!.id;
    expect(await client.getCurrentUser()).toEqual({ username: 'fixture_user' });
    const stories = await client.getStories(id);
    expect(stories).toHaveLength(3);
    expect(stories.every((s) => s.productType === 'story' && s.expiresAt && s.owner.username === 'fixture_user')).toBe(
      true,
    );
    const highlights = await client.getHighlights(id);
    expect(highlights.map((h) => h.title)).toEqual(['Highlight 1', 'Highlight 2']);
    expect(highlights[0]!.reelId).toBe(`highlight:${highlights[0]!.id}`);
    const items = await client.getHighlightItems(highlights[1]!.id);
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.resources[0]!.kind)).toEqual(['image', 'video']);
    expect(await client.getStories(fake.store.profilesByName.get('stranger')!.id)).toEqual([]);
    expect(await captureError(client.getHighlightItems('999'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rotates the X-IG-WWW-Claim header from the server', async () => {
    const { client } = clientFor(fake, { cookies: sessionCookies() });
    fake.resetLog();
    await client.getCurrentUser();
    await client.getProfile('fixture_user');
    const [first, second] = fake.requestLog;
    expect(first!.headers['x-ig-www-claim']).toBe('0');
    expect(second!.headers['x-ig-www-claim']).toBe('hmac.AR-fake-fixture_user');
    expect(second!.headers['x-ig-app-id']).toBe('936619743392459');
  });

  it('needs a session for stories and highlights: LOGIN_REQUIRED anonymous, SESSION_INVALID with dead cookies', async () => {
    const id = fake.store.profilesByName.get('fixture_user')!.id;
    const { client: anonymous } = clientFor(fake);
    expect(await captureError(anonymous.getStories(id))).toMatchObject({ code: 'LOGIN_REQUIRED', retryable: false });
    expect(await captureError(anonymous.getHighlights(id))).toMatchObject({ code: 'LOGIN_REQUIRED' });
    expect(await captureError(anonymous.getCurrentUser())).toMatchObject({ code: 'LOGIN_REQUIRED' });
    expect(anonymous.requestCount).toBe(2);
    const { client: expired } = clientFor(fake, { cookies: sessionCookies('logged-out-session') });
    expect(await captureError(expired.getStories(id))).toMatchObject({ code: 'SESSION_INVALID', retryable: false });
    expect(await captureError(expired.getCurrentUser())).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('reports a private profile as PRIVATE_PROFILE unless the session follows it', async () => {
    const id = fake.store.profilesByName.get('private_user')!.id;
    const { client: stranger } = clientFor(fake, { cookies: sessionCookies('session-stranger') });
    const error = await captureError(collect(stranger.iterateUserPosts(id)));
    expect(error).toBeInstanceOf(InstagramError);
    expect(error).toMatchObject({ code: 'PRIVATE_PROFILE', retryable: false });
    const { client: follower } = clientFor(fake, { cookies: sessionCookies() });
    expect(await collect(follower.iterateUserPosts(id))).toHaveLength(5);
  });

  it('fetches a post by shortcode from i.instagram.com (numeric pks) with every carousel child', async () => {
    const { client } = clientFor(fake);
    const carousel = fake.store.profilesByName.get('fixture_user')!.posts.find((p) => p.mediaType === 8)!;
    const media = await client.getMediaByShortcode(carousel.code);
    expect(media.id).toBe(carousel.pk);
    expect(media.resources.map((r) => r.id)).toEqual(carousel.resources.map((r) => r.pk));
    expect(client.requestStats.byFamily.iphone).toBe(1);
    expect(await captureError(client.getMediaByShortcode('AAAAAAAAAAB'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refreshes expired CDN URLs by re-fetching the metadata', async () => {
    const { client } = clientFor(fake);
    const post = fake.store.profilesByName.get('fixture_user')!.posts[0]!;
    const before = await client.getMediaById(post.pk);
    const url = before.resources[0]!.url;
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    fake.expireMediaUrls(post.pk);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe('URL signature expired');
    const refreshed = await client.refreshMediaUrls(post.pk);
    expect(refreshed.resources[0]!.url).not.toBe(url);
    const fresh = await fetch(refreshed.resources[0]!.url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe(before.resources[0]!.kind === 'video' ? 'video/mp4' : 'image/jpeg');
    await fresh.arrayBuffer();
  });
});
