/** The fake's own rules that real clients depend on (fast; the conformance suite checks them with the real tools). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeInstagram, type FakeInstagram } from '../../../../tests/fakes/instagram/server.js';

let fake: FakeInstagram;
let userId: string;
const APP_UA = 'Instagram 146.0.0.27.125 (iPhone12,1; iOS 13_3; en_US; en-US; scale=2.00; 1656x3584; 190542906)';

beforeAll(async () => {
  fake = await startFakeInstagram();
  userId = fake.addProfile({ username: 'rules_user', posts: 14 }).id;
});
afterAll(async () => fake.close());

const get = (base: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers, redirect: 'manual' });
const gql = (hash: string, variables: unknown) =>
  `/graphql/query/?query_hash=${hash}&variables=${encodeURIComponent(JSON.stringify(variables))}`;

describe('fake Instagram rules', () => {
  it('leaves video_versions out for photos (a key Instagram omits, not null)', async () => {
    const response = await get(fake.webUrl, `/api/v1/feed/user/${userId}/?count=4`, {
      'X-IG-App-ID': '936619743392459',
    });
    const body = (await response.json()) as { items: Array<Record<string, unknown>> };
    const photo = body.items.find((item) => item['media_type'] === 1)!;
    expect('video_versions' in photo).toBe(false);
    expect(body.items.find((item) => item['media_type'] === 2)!['video_versions']).toHaveLength(2);
  });

  it('i.instagram.com accepts the Instagram app User-Agent without X-IG-App-ID, not a browser one', async () => {
    const path = '/api/v1/users/web_profile_info/?username=rules_user';
    expect((await get(fake.apiUrl, path, { 'User-Agent': APP_UA })).status).toBe(200);
    expect((await get(fake.apiUrl, path, { 'User-Agent': 'Mozilla/5.0' })).status).toBe(400);
  });

  it('pages profile posts over GraphQL with either cursor style, and answers an unknown id with HTTP 200 errors', async () => {
    const first = (await (
      await get(fake.webUrl, gql('003056d32c2554def87228bc3fd9668a', { id: userId, first: 12 }))
    ).json()) as any;
    const edge = first.data.user.edge_owner_to_timeline_media;
    expect(edge.edges).toHaveLength(12);
    const second = (await (
      await get(
        fake.webUrl,
        gql('003056d32c2554def87228bc3fd9668a', { id: userId, first: 12, after: edge.page_info.end_cursor }),
      )
    ).json()) as any;
    const lastPk = edge.edges[11].node.id;
    const v1Style = (await (
      await get(
        fake.webUrl,
        gql('69cba40317214236af40e7efa697781d', { id: userId, first: 12, after: `${lastPk}_${userId}` }),
      )
    ).json()) as any;
    expect(second.data.user.edge_owner_to_timeline_media.edges.map((e: any) => e.node.id)).toEqual(
      v1Style.data.user.edge_owner_to_timeline_media.edges.map((e: any) => e.node.id),
    );
    expect(second.data.user.edge_owner_to_timeline_media.edges).toHaveLength(2);

    const unknown = await get(fake.webUrl, gql('00000000000000000000000000000000', {}));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ errors: [{ code: 1675002, summary: 'Incorrect Query' }] });
  });

  it('answers the timeline doc_id with v1-shaped nodes and the username feed like feed/user', async () => {
    const form = new URLSearchParams({
      doc_id: '7898261790222653',
      variables: JSON.stringify({ username: 'rules_user', first: 5 }),
    });
    const response = await fetch(`${fake.webUrl}/graphql/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRFToken': 'c', Cookie: 'csrftoken=c' },
      body: form,
    });
    const connection = ((await response.json()) as any).data.xdt_api__v1__feed__user_timeline_graphql_connection;
    expect(connection.edges).toHaveLength(5);
    expect(connection.edges[0].node).toMatchObject({ code: expect.any(String), image_versions2: expect.any(Object) });
    expect(connection.page_info.end_cursor).toMatch(/^\d+_\d+$/);
    const byName = await get(fake.webUrl, '/api/v1/feed/user/rules_user/username/?count=3', {
      'X-IG-App-ID': '936619743392459',
    });
    expect(((await byName.json()) as any).items).toHaveLength(3);
  });

  it('in logged-out mode shows anonymous visitors the profile with 12 posts and sends the feed to the login page', async () => {
    fake.setLoggedOutWall(true);
    try {
      const headers = { 'X-IG-App-ID': '936619743392459' };
      const profile = (await (
        await get(fake.webUrl, '/api/v1/users/web_profile_info/?username=rules_user', headers)
      ).json()) as any;
      expect(profile.data.user.edge_owner_to_timeline_media.edges).toHaveLength(12);
      const feed = await get(fake.webUrl, `/api/v1/feed/user/${userId}/`, headers);
      expect(feed.status).toBe(302);
      expect(feed.headers.get('location')).toMatch(/^\/accounts\/login\/\?next=/);
    } finally {
      fake.setLoggedOutWall(false);
    }
  });
});
