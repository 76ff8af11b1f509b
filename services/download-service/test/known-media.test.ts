/**
 * "Does the owner already have it?" for a whole download at once: the archive index and ONE batched file-service
 * look-up (POST /internal/files/lookup) decide which Instagram items need no transfer.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { serviceHeaders } from '@smh/shared/testing-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, startHarness, type Harness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** A file registered in file-service directly (as an earlier install or an upload would have). */
async function registerElsewhere(ownerId: string, mediaId: string): Promise<string> {
  const bytes = Buffer.from(`earlier copy of ${mediaId}`);
  const temp = await h.context.storage.tempFile('.jpg');
  await fs.writeFile(temp, bytes);
  const key = `uploads/${ownerId}/${mediaId}.jpg`;
  await h.context.storage.commit(temp, key);
  const response = await h.fileService.app.inject({
    method: 'POST',
    url: '/internal/files',
    headers: await serviceHeaders(h.context, 'download-service'),
    payload: {
      ownerId,
      storageKey: key,
      name: `${mediaId}.jpg`,
      mime: 'image/jpeg',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      source: { platform: 'instagram', mediaId },
      origin: { kind: 'upload', id: null },
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return (JSON.parse(response.body) as { file: { id: string } }).file.id;
}

const lookup = async (payload: unknown) =>
  h.fileService.app.inject({
    method: 'POST',
    url: '/internal/files/lookup',
    headers: await serviceHeaders(h.context, 'download-service'),
    payload: payload as object,
  });

describe('media the owner already has', () => {
  it('are not transferred again: the sync links the files file-service already holds', async () => {
    const profile = h.fake.addProfile({ username: 'known_media', posts: 4 });
    const [first, second] = profile.posts.filter((post) => post.resources.length === 1);
    const firstId = await registerElsewhere(ALICE.userId, `${first!.pk}_0`);
    const secondId = await registerElsewhere(ALICE.userId, `${second!.pk}_0`);
    h.fake.resetLog();

    const started = await h.download(ALICE, { url: 'https://www.instagram.com/known_media/' });
    const done = await h.waitFor(ALICE, started.id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.fileIds).toEqual(expect.arrayContaining([firstId, secondId]));
    const fetched = h.fake.requestLog.filter((entry) => entry.host === 'cdn').map((entry) => entry.path);
    const resources = profile.posts.reduce((sum, post) => sum + post.resources.length, 0);
    expect(fetched).toHaveLength(resources + 1 - 2); // every resource and the profile picture, minus the two known ones
    expect(
      fetched.some((path) => path.includes(first!.resources[0]!.pk) || path.includes(second!.resources[0]!.pk)),
    ).toBe(false);
  });

  it('belong to their owner only: another user downloads them', async () => {
    h.fake.resetLog();
    const started = await h.download(BOB, { url: 'https://www.instagram.com/known_media/', limit: 1 });
    const done = await h.waitFor(BOB, started.id);
    expect(done.status).toBe('completed');
    expect(h.fake.requestLog.filter((entry) => entry.host === 'cdn').length).toBeGreaterThan(0);
  });
});

describe('POST /internal/files/lookup', () => {
  it("answers the owner's files among many media ids and leaves unknown ids out", async () => {
    const known = await registerElsewhere(ALICE.userId, 'lookup_1_0');
    const response = await lookup({ ownerId: ALICE.userId, mediaIds: ['lookup_1_0', 'nothing_0'] });
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as { items: Array<{ id: string }> }).items.map((file) => file.id)).toEqual([
      known,
    ]);
    const other = await lookup({ ownerId: BOB.userId, mediaIds: ['lookup_1_0'] });
    expect(JSON.parse(other.body)).toEqual({ items: [] });
  });

  it('refuses an empty or oversized list and calls without a service token', async () => {
    expect((await lookup({ ownerId: ALICE.userId, mediaIds: [] })).statusCode).toBe(400);
    expect(
      (await lookup({ ownerId: ALICE.userId, mediaIds: Array.from({ length: 501 }, (_, i) => `m${i}`) })).statusCode,
    ).toBe(400);
    const anonymous = await h.fileService.app.inject({
      method: 'POST',
      url: '/internal/files/lookup',
      payload: { ownerId: ALICE.userId, mediaIds: ['x'] },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
