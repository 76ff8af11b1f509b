/**
 * Instagram as it really is, end to end through the hub against the fake: the login wall anonymous visitors meet
 * (the download keeps the 12 posts Instagram showed and says why the rest is missing) and the GraphQL second path
 * when a REST endpoint answers as if it changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedSha256 } from '../../services/download-service/test/helpers/expected-bytes.js';
import { ALICE, startHarness, type Harness } from '../../services/download-service/test/helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.addProfile({ username: 'walled', posts: 20, pinned: 1 });
  h.fake.addProfile({ username: 'moved', posts: 15 });
});
afterAll(async () => h?.close());

async function expectExactFiles(fileIds: string[], username: string): Promise<string[]> {
  const posts: string[] = [];
  for (const fileId of fileIds) {
    const file = await h.fileRecord(fileId);
    if (file.source.mediaId.startsWith('profile_pic_')) continue;
    const [postPk, index] = file.source.mediaId.split('_');
    expect(file.sha256, file.storageKey).toBe(await expectedSha256(h.fake, postPk, Number(index)));
    expect(file.source).toMatchObject({ username });
    posts.push(postPk);
  }
  return [...new Set(posts)];
}

describe('logged-out reality', () => {
  afterAll(() => h.fake.setLoggedOutWall(false));

  it('keeps the 12 posts Instagram showed an anonymous visitor and warns that a session would fetch the rest', async () => {
    h.fake.setLoggedOutWall(true);
    h.fake.resetLog();
    const started = await h.download(ALICE, { url: 'https://www.instagram.com/walled/', include: ['posts', 'reels'] });
    const done = await h.waitFor(ALICE, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    const shown = h.fake.store.feedOrder(h.fake.store.profilesByName.get('walled')!).slice(0, 12);
    const posts = await expectExactFiles(done.fileIds, 'walled');
    expect(posts.sort()).toEqual(shown.map((post) => post.pk).sort());
    const resources = shown.reduce((sum, post) => sum + post.resources.length, 0);
    expect(done.progress).toMatchObject({ filesDone: resources + 1, filesTotal: resources + 1 });
    expect(done.warnings).toEqual([
      {
        code: 'LOGIN_REQUIRED_FOR_MORE',
        message:
          'Instagram showed @walled to an anonymous visitor with only the newest 12 of its 20 posts and no reels; link an Instagram session to fetch the rest.',
      },
    ]);
    // The wall was met (not guessed): the feed and the reels tab were asked and redirected to the login page.
    const walled = h.fake.requestLog.filter((entry) => entry.status === 302).map((entry) => entry.path);
    expect(walled).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/api\/v1\/feed\/user\//), '/api/v1/clips/user/']),
    );
  });

  it('fetches everything, without a warning, with a linked session', async () => {
    h.fake.setLoggedOutWall(true);
    const sessionId = h.addSession(ALICE, 'wall-session', 'walled');
    const done = await h.waitFor(
      ALICE,
      (await h.download(ALICE, { url: 'https://www.instagram.com/walled/', sessionId })).id,
    );
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.warnings).toEqual([]);
    const profile = h.fake.store.profilesByName.get('walled')!;
    expect(done.progress.filesTotal).toBe(profile.posts.reduce((sum, post) => sum + post.resources.length, 0) + 1);
  });
});

describe('second path: GraphQL doc_id when a REST endpoint changed', () => {
  it('switches profile posts to the timeline doc_id when feed/user answers 404, and gets every post', async () => {
    h.fake.resetLog();
    h.fake.faults.next(
      /^GET \/api\/v1\/feed\/user\//,
      { type: 'status', status: 404, body: '{"message":"Page not found","status":"fail"}' },
      { times: 1000 },
    );
    const done = await h.waitFor(ALICE, (await h.download(ALICE, { url: 'https://www.instagram.com/moved/' })).id);
    h.fake.faults.clear();
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const profile = h.fake.store.profilesByName.get('moved')!;
    const posts = await expectExactFiles(done.fileIds, 'moved');
    expect(posts.sort()).toEqual(profile.posts.map((post) => post.pk).sort());
    const api = h.fake.requestLog.filter(
      (entry) => entry.host === 'web' && entry.path !== '/api/v1/users/web_profile_info/',
    );
    // One REST attempt, then the doc_id pages (12 a page) — REST is not asked again.
    expect(api.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/feed\/user\/\d+\/ 404$/),
      'POST /graphql/query 200',
      'POST /graphql/query 200',
    ]);
  });

  it('keeps using REST while it answers (no GraphQL request)', async () => {
    h.fake.resetLog();
    const done = await h.waitFor(
      ALICE,
      (await h.download(ALICE, { url: 'https://www.instagram.com/moved/', full: true })).id,
    );
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(h.fake.requestLog.filter((entry) => entry.path.startsWith('/graphql'))).toEqual([]);
    expect(h.fake.requestLog.some((entry) => /^\/api\/v1\/feed\/user\/\d+\/$/.test(entry.path))).toBe(true);
  });

  it('fetches a single post through xdt_shortcode_media when media/info answers with another shape', async () => {
    const carousel = h.fake.store.profilesByName.get('moved')!.posts.find((post) => post.mediaType === 8)!;
    h.fake.resetLog();
    h.fake.faults.next(
      /^GET \/api\/v1\/media\/\d+\/info\//,
      { type: 'status', status: 200, body: '{"num_results":1,"status":"ok"}' },
      { times: 1000 },
    );
    const done = await h.waitFor(
      ALICE,
      (await h.download(ALICE, { url: `https://www.instagram.com/p/${carousel.code}/` })).id,
    );
    h.fake.faults.clear();
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.fileIds).toHaveLength(carousel.resources.length);
    expect(await expectExactFiles(done.fileIds, 'moved')).toEqual([carousel.pk]);
    expect(h.fake.requestLog.some((entry) => entry.method === 'POST' && entry.path === '/graphql/query')).toBe(true);
  });
});
