/** The client's GraphQL second path against the fake: when it switches, what it keeps, and a retired doc_id. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/instagram/client.js';
import { startFakeInstagram, type FakeInstagram } from '../../../../tests/fakes/instagram/server.js';
import { captureError, clientFor, SESSION_ID, sessionCookies } from './helpers.js';

let fake: FakeInstagram;
const FEED = /^GET \/api\/v1\/feed\/user\/\d+\//;
const MEDIA_INFO = /^GET \/api\/v1\/media\/\d+\/info\//;

beforeAll(async () => {
  fake = await startFakeInstagram();
  fake.addProfile({ username: 'fixture_user', posts: 40, pinned: 1 });
  fake.addSession(SESSION_ID, 'fixture_user');
});
afterEach(() => fake.faults.clear());
afterAll(async () => fake.close());

async function allPosts(client: ReturnType<typeof clientFor>['client']) {
  const profile = await client.getProfile('fixture_user');
  const owner = { id: profile.id, username: profile.username };
  return collect(client.iterateUserPosts(profile.id, { owner }));
}

describe('GraphQL second path', () => {
  const expected = () => fake.store.feedOrder(fake.store.profilesByName.get('fixture_user')!).map((m) => m.pk);

  it.each([
    [
      '404 on the known route',
      { type: 'status' as const, status: 404, body: '{"message":"Page not found","status":"fail"}' },
    ],
    ['a body of another shape', { type: 'status' as const, status: 200, body: '{"feed":[],"status":"ok"}' }],
    ['a redirect of the endpoint to the home page', { type: 'home_redirect' as const }],
  ])('switches profile posts to the timeline doc_id on %s, in the same order', async (_name, fault) => {
    fake.faults.next(FEED, fault, { times: 100 });
    const { client } = clientFor(fake, { cookies: sessionCookies() });
    expect((await allPosts(client)).map((media) => media.id)).toEqual(expected());
    expect(client.pathsUsed.posts).toBe('graphql');
    expect(client.requestStats.byEndpoint).toMatchObject({ 'feed/user': 1, 'graphql/user_timeline': 4 });
  });

  it('continues from the REST cursor when the feed changes in the middle of a profile', async () => {
    fake.faults.next(/^GET \/api\/v1\/feed\/user\/\d+\/\?.*max_id=/, { type: 'status', status: 404 }, { times: 100 });
    const { client } = clientFor(fake);
    expect((await allPosts(client)).map((media) => media.id)).toEqual(expected());
    expect(client.requestStats.byEndpoint).toMatchObject({ 'feed/user': 2, 'graphql/user_timeline': 1 });
  });

  it('does not switch on answers that are not about the endpoint (login wall, rate limit handled elsewhere)', async () => {
    fake.faults.next(FEED, { type: 'login_redirect' });
    const { client } = clientFor(fake);
    expect(await captureError(allPosts(client))).toMatchObject({ code: 'LOGIN_REQUIRED' });
    expect(client.pathsUsed.posts).toBe('rest');
  });

  it('reports a retired doc_id as STALE_QUERY_ID naming the fix', async () => {
    fake.faults.next(FEED, { type: 'status', status: 404 }, { times: 100 });
    const { client } = clientFor(fake, { timelineDocId: '1111111111111111' });
    expect(await captureError(allPosts(client))).toMatchObject({
      code: 'STALE_QUERY_ID',
      message: expect.stringMatching(/configure a current one/),
    });
  });

  it('fetches a single post through xdt_shortcode_media when media/info changed, carousel children included', async () => {
    const carousel = fake.store.profilesByName.get('fixture_user')!.posts.find((post) => post.mediaType === 8)!;
    fake.faults.next(MEDIA_INFO, { type: 'status', status: 404 }, { times: 100 });
    const { client } = clientFor(fake);
    const media = await client.getMediaByShortcode(carousel.code);
    expect(media).toMatchObject({ id: carousel.pk, shortcode: carousel.code, owner: { username: 'fixture_user' } });
    expect(media.resources.map((r) => [r.id, r.kind, r.width])).toEqual(
      carousel.resources.map((r) => [r.pk, r.kind, r.width]),
    );
    expect(client.pathsUsed.post).toBe('graphql');
    expect(await captureError(client.getMediaByShortcode('AAAAAAAAAAA'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
