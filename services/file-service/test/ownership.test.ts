/**
 * Every route of the service against anonymous, user A (the owner), user B, an admin and a calling service:
 * B gets 404 for A's files on every route, admins see them, internal routes take only service tokens.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes, type InternalFile } from '@smh/shared';
import { runAuthMatrix, type Actor, type RouteRule } from '../../../tests/integration/support/auth-matrix.js';
import { multipartBody, startHarness, type Harness } from './support/harness.js';

describe('authorization matrix of file-service', () => {
  let h: Harness;
  let jpeg: Buffer;
  let photo: InternalFile;

  beforeAll(async () => {
    h = await startHarness();
    jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa3300' } })
      .jpeg()
      .toBuffer();
    photo = await h.addFile(h.alice, { bytes: jpeg, name: 'photo.jpg' });
  });
  afterAll(() => h.close());

  async function storedObject(): Promise<{ key: string; size: number; sha256: string }> {
    const key = `downloads/matrix/${randomUUID()}.jpg`;
    const temp = await h.context.storage.tempFile();
    await fs.writeFile(temp, jpeg);
    await h.context.storage.commit(temp, key);
    return { key, size: jpeg.length, sha256: createHash('sha256').update(jpeg).digest('hex') };
  }

  it('gives each actor exactly what its access level allows, on every registered route', async () => {
    const upload = multipartBody('matrix.jpg', jpeg, 'image/jpeg');
    const rules: Record<string, RouteRule> = {
      'GET /health': { access: 'public' },
      'GET /ready': { access: 'public' },
      'GET /metrics': { access: 'public' },
      'GET /openapi.json': { access: 'public' },
      'GET /api/files': { access: 'user' },
      'GET /api/files/platforms': { access: 'user' },
      'GET /api/files/:id': { access: 'owned', request: () => ({ url: `/api/files/${photo.id}` }) },
      'GET /api/files/:id/content': { access: 'owned', request: () => ({ url: `/api/files/${photo.id}/content` }) },
      'GET /api/files/:id/thumbnail': { access: 'owned', request: () => ({ url: `/api/files/${photo.id}/thumbnail` }) },
      'DELETE /api/files/:id': {
        access: 'owned',
        // A fresh file of A for each actor: a successful delete must not change what the next actor sees.
        request: async () => ({
          url: `/api/files/${(await h.addFile(h.alice, { bytes: jpeg, name: 'doomed.jpg' })).id}`,
        }),
      },
      'POST /api/files': {
        access: 'user',
        request: () => ({ url: '/api/files', payload: upload.payload, headers: upload.headers }),
      },
      'POST /api/files/archive': {
        access: 'owned',
        request: () => ({ url: '/api/files/archive', payload: { ids: [photo.id] } }),
      },
      'POST /internal/files': {
        access: 'internal',
        request: async () => {
          const object = await storedObject();
          return {
            url: '/internal/files',
            payload: {
              ownerId: h.alice.userId,
              storageKey: object.key,
              name: 'x.jpg',
              mime: 'image/jpeg',
              size: object.size,
              sha256: object.sha256,
              origin: { kind: 'download' },
            },
          };
        },
      },
      'POST /internal/files/batch': {
        access: 'internal',
        request: async () => {
          const object = await storedObject();
          return {
            url: '/internal/files/batch',
            payload: {
              files: [
                {
                  ownerId: h.alice.userId,
                  storageKey: object.key,
                  name: 'x.jpg',
                  mime: 'image/jpeg',
                  size: object.size,
                  sha256: object.sha256,
                  origin: { kind: 'download' },
                },
              ],
            },
          };
        },
      },
      'GET /internal/files': { access: 'internal', request: () => ({ url: `/internal/files?ids=${photo.id}` }) },
      'GET /internal/files/lookup': {
        access: 'internal',
        request: () => ({ url: `/internal/files/lookup?ownerId=${h.alice.userId}&sha256=${photo.sha256}` }),
      },
      'POST /internal/files/lookup': {
        access: 'internal',
        request: () => ({
          url: '/internal/files/lookup',
          payload: { ownerId: h.alice.userId, mediaIds: ['matrix-media'] },
        }),
      },
      'GET /internal/files/:id': { access: 'internal', request: () => ({ url: `/internal/files/${photo.id}` }) },
      'PATCH /internal/files/:id': {
        access: 'internal',
        request: () => ({ url: `/internal/files/${photo.id}`, payload: { width: 40 } }),
      },
    };
    const actors: Partial<Record<Actor, Record<string, string>>> = {
      anonymous: {},
      userA: h.alice.headers,
      userB: h.bob.headers,
      admin: h.admin.headers,
      service: h.internal,
    };
    const result = await runAuthMatrix({ app: h.app, routes: registeredRoutes(h.app), actors, rules });
    expect(result.uncovered).toEqual([]);
    expect(result.unknown).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.calls).toBeGreaterThanOrEqual(Object.keys(rules).length * 4);
  });

  it("answers B's HEAD and ranged requests for A's content with 404, without content headers", async () => {
    for (const method of ['HEAD', 'GET'] as const) {
      const response = await h.app.inject({
        method,
        url: `/api/files/${photo.id}/content`,
        headers: { ...h.bob.headers, range: 'bytes=0-10' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-range']).toBeUndefined();
      expect(response.headers.etag).toBeUndefined();
    }
    const admin = await h.app.inject({
      method: 'HEAD',
      url: `/api/files/${photo.id}/content`,
      headers: h.admin.headers,
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.headers['content-length']).toBe(String(jpeg.length));
  });

  it("answers B's archive request mixing A's file with his own with 404 and no ZIP", async () => {
    const own = await h.addFile(h.bob, { bytes: jpeg, name: 'bob.jpg' });
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/files/archive',
      headers: h.bob.headers,
      payload: { ids: [own.id, photo.id] },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/json/);
    expect(response.json().error.details.missing).toEqual([photo.id]);
  });
});
