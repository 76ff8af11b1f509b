/** An in-process file-service on real adapters (PGlite or PostgreSQL, temp storage), with users A, B and an admin. */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { FileSource, HubService, InternalFile, ServiceContext } from '@smh/shared';
import { createTestContext, identityHeaders, serviceHeaders } from '@smh/shared/testing-context';
import { createFileService } from '../../src/index.js';

export interface Actor {
  userId: string;
  headers: Record<string, string>;
}

export interface Harness {
  context: ServiceContext;
  service: HubService;
  app: HubService['app'];
  alice: Actor;
  bob: Actor;
  admin: Actor;
  internal: Record<string, string>;
  /** Puts bytes into the library and registers them through POST /internal/files. */
  addFile(owner: Actor, options: AddFileOptions): Promise<InternalFile>;
  close(): Promise<void>;
}

export interface AddFileOptions {
  bytes: Buffer;
  name?: string;
  mime?: string;
  source?: FileSource;
  sidecar?: Buffer;
  origin?: 'download' | 'upload' | 'video-job';
  derivedFrom?: string[];
}

export async function startHarness(
  options: { database?: 'pglite' | 'postgres'; env?: NodeJS.ProcessEnv } = {},
): Promise<Harness> {
  const test = await createTestContext({ service: 'file-service', database: options.database, env: options.env });
  const { context } = test;
  const service = await createFileService(context);
  await service.app.ready();
  const actor = async (username: string, role: 'admin' | 'user'): Promise<Actor> => {
    const userId = randomUUID();
    return { userId, headers: await identityHeaders(context, { userId, username, role }) };
  };
  const internal = await serviceHeaders(context, 'download-service');

  async function putObject(key: string, bytes: Buffer): Promise<void> {
    const temp = await context.storage.tempFile();
    await fs.writeFile(temp, bytes);
    await context.storage.commit(temp, key);
  }

  return {
    context,
    service,
    app: service.app,
    alice: await actor('alice', 'user'),
    bob: await actor('bob', 'user'),
    admin: await actor('root', 'admin'),
    internal,
    async addFile(owner, file) {
      const name = file.name ?? 'file.jpg';
      const folder = `downloads/${owner.userId}/${randomUUID()}`;
      const storageKey = `${folder}/${name}`;
      await putObject(storageKey, file.bytes);
      let sidecarKey: string | undefined;
      if (file.sidecar) {
        sidecarKey = `${folder}/post.json`;
        await putObject(sidecarKey, file.sidecar);
      }
      const response = await service.app.inject({
        method: 'POST',
        url: '/internal/files',
        headers: internal,
        payload: {
          ownerId: owner.userId,
          storageKey,
          sidecarKey,
          name,
          mime: file.mime ?? 'image/jpeg',
          size: file.bytes.length,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          source: file.source,
          origin: { kind: file.origin ?? 'download', id: randomUUID() },
          derivedFrom: file.derivedFrom,
        },
      });
      if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
      return (response.json() as { file: InternalFile }).file;
    },
    async close() {
      await service.app.close();
      await test.close();
    },
  };
}

/** A multipart/form-data body with one file part. */
export function multipartBody(
  filename: string,
  bytes: Buffer,
  contentType = 'application/octet-stream',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----smh${randomUUID().replace(/-/g, '')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Deterministic pseudo-random bytes, so a byte at an offset is known without storing expectations. */
export function patternBytes(size: number, seed = 7): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed;
  for (let i = 0; i < size; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
