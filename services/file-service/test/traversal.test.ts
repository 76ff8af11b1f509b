/**
 * Nothing outside the library is ever served or written: a corpus of traversal attempts against every route
 * that takes an id, a name or a storage key, plus symlinks planted inside the library pointing outside.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InternalFile } from '@smh/shared';
import { multipartBody, startHarness, type Harness } from './support/harness.js';

const SECRET = 'TOP-SECRET-MARKER-8f1d';

/** Path pieces an attacker might put where an id goes. */
const ID_CORPUS = [
  '..%2f..%2f..%2fsecret.txt',
  '%2e%2e%2f%2e%2e%2fsecret.txt',
  '%2e%2e%2F%2e%2e%2Fetc%2Fpasswd',
  '%252e%252e%252f%252e%252e%252fsecret.txt',
  '..%5c..%5csecret.txt',
  '..\\..\\secret.txt',
  '%2fetc%2fpasswd',
  '%00',
  'secret.txt%00.jpg',
  '%c0%ae%c0%ae%c0%afsecret.txt',
  '%e0%80%ae%e0%80%ae%2fsecret.txt',
  '....%2f%2f....%2f%2fsecret.txt',
  '..',
  '.',
  '%2e',
];

/** Storage keys a compromised or buggy service might send. */
const KEY_CORPUS = [
  '../secret.txt',
  '../../etc/passwd',
  '/etc/passwd',
  'downloads/../../secret.txt',
  'downloads\\..\\..\\secret.txt',
  'a/\u0000/b',
  'C:/secret.txt',
  '.tmp/x',
  'downloads/./x',
  'downloads//x',
];

describe('path traversal', () => {
  let h: Harness;
  let photo: InternalFile;
  let jpeg: Buffer;
  let outside: string;

  const leaked = (body: Buffer | string) => {
    const text = Buffer.isBuffer(body) ? body.toString('latin1') : body;
    return text.includes(SECRET) || text.includes('root:x:0:0');
  };

  beforeAll(async () => {
    h = await startHarness();
    outside = path.join(path.dirname(h.context.storage.root), 'secret.txt');
    await fs.writeFile(outside, `${SECRET}\n`);
    jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    photo = await h.addFile(h.alice, { bytes: jpeg, name: 'photo.jpg' });
  });
  afterAll(() => h.close());

  it.each(ID_CORPUS)('never serves anything for the id piece %s', async (piece) => {
    const urls = [
      `/api/files/${piece}`,
      `/api/files/${piece}/content`,
      `/api/files/${piece}/content?download=1`,
      `/api/files/${piece}/thumbnail`,
      `/api/files/${photo.id}/content/${piece}`,
      `/api/files/${photo.id}%2f${piece}/content`,
      `/internal/files/${piece}`,
    ];
    for (const url of urls) {
      for (const headers of [h.alice.headers, h.admin.headers, h.internal]) {
        for (const method of ['GET', 'HEAD', 'DELETE'] as const) {
          const response = await h.app.inject({ method, url, headers });
          expect(leaked(response.rawPayload), `${method} ${url}`).toBe(false);
          expect(response.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
        }
      }
    }
    const archive = await h.app.inject({
      method: 'POST',
      url: '/api/files/archive',
      headers: h.alice.headers,
      payload: { ids: [piece, photo.id] },
    });
    expect(archive.statusCode).toBe(400);
    expect(leaked(archive.rawPayload)).toBe(false);
    expect(await fs.readFile(outside, 'utf8')).toContain(SECRET);
  });

  it.each(KEY_CORPUS)('refuses to register, or point a thumbnail at, the storage key %j', async (key) => {
    const register = await h.app.inject({
      method: 'POST',
      url: '/internal/files',
      headers: h.internal,
      payload: {
        ownerId: h.alice.userId,
        storageKey: key,
        sidecarKey: key,
        name: 'x.jpg',
        mime: 'image/jpeg',
        size: SECRET.length + 1,
        sha256: 'a'.repeat(64),
        origin: { kind: 'download' },
      },
    });
    // A NUL is refused for every string of every request, before the route's own checks.
    const code = key.includes('\u0000') ? 'INVALID_CHARACTERS' : 'UNSAFE_STORAGE_KEY';
    expect(register.statusCode).toBe(400);
    expect(register.json().error.code).toBe(code);
    const patch = await h.app.inject({
      method: 'PATCH',
      url: `/internal/files/${photo.id}`,
      headers: h.internal,
      payload: { thumbnailKey: key },
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.code).toBe(code);
  });

  it("stores a path-shaped upload name inside the owner's upload folder only", async () => {
    for (const name of [
      '../../../secret.txt.jpg',
      '..\\..\\evil.jpg',
      '/etc/passwd.jpg',
      '%2e%2e%2fevil.jpg',
      'a\u0000b.jpg',
      'C:\\Windows\\evil.jpg',
    ]) {
      const body = multipartBody(name, jpeg, 'image/jpeg');
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/files',
        headers: { ...h.alice.headers, ...body.headers },
        payload: body.payload,
      });
      expect(response.statusCode, name).toBe(201);
      const key = (
        await h.app.inject({ method: 'GET', url: `/internal/files/${response.json().file.id}`, headers: h.internal })
      ).json().file.storageKey as string;
      expect(key.startsWith(`uploads/${h.alice.userId}/`), key).toBe(true);
      expect(key.split('/').slice(2)).toHaveLength(1);
      const real = await fs.realpath(await h.context.storage.localPath(key));
      expect(real.startsWith(`${h.context.storage.root}${path.sep}`)).toBe(true);
    }
    expect(await fs.readFile(outside, 'utf8')).toBe(`${SECRET}\n`);
  });

  describe('with symlinks planted in the library', () => {
    it('does not follow a catalogued file replaced by a symlink to a file outside', async () => {
      const file = await h.addFile(h.alice, { bytes: Buffer.from(`${SECRET}\n`), name: 'innocent.jpg' });
      const target = await h.context.storage.localPath(file.storageKey);
      await fs.rm(target);
      await fs.symlink(outside, target);
      for (const suffix of ['content', 'content?download=1', 'thumbnail']) {
        for (const range of [undefined, 'bytes=0-5']) {
          const response = await h.app.inject({
            method: 'GET',
            url: `/api/files/${file.id}/${suffix}`,
            headers: { ...h.alice.headers, ...(range ? { range } : {}) },
          });
          expect(leaked(response.rawPayload), suffix).toBe(false);
          expect(response.statusCode, suffix).toBe(404);
          expect(response.json().error.code).toBe('CONTENT_UNAVAILABLE');
        }
      }
      const archive = await h.app.inject({
        method: 'POST',
        url: '/api/files/archive',
        headers: h.alice.headers,
        payload: { ids: [file.id] },
      });
      expect(archive.statusCode).toBe(409);
      expect(leaked(archive.rawPayload)).toBe(false);
    });

    it('does not follow a symlinked directory, neither to register nor to serve', async () => {
      await fs.mkdir(path.join(h.context.storage.root, 'downloads'), { recursive: true });
      await fs.symlink(path.dirname(outside), path.join(h.context.storage.root, 'downloads', 'escape'));
      const response = await h.app.inject({
        method: 'POST',
        url: '/internal/files',
        headers: h.internal,
        payload: {
          ownerId: h.alice.userId,
          storageKey: 'downloads/escape/secret.txt',
          name: 'secret.jpg',
          mime: 'image/jpeg',
          size: SECRET.length + 1,
          sha256: createHash('sha256').update(`${SECRET}\n`).digest('hex'),
          origin: { kind: 'download' },
        },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/symbolic links/);
      const listing = await h.app.inject({
        method: 'GET',
        url: '/api/files?q=secret&limit=200',
        headers: h.alice.headers,
      });
      expect(listing.json().items.map((file: InternalFile) => file.name)).not.toContain('secret.jpg');
    });
  });
});
