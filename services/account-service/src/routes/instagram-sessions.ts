/** /api/instagram/sessions: link an Instagram account by sessionid, cookies.txt or Firefox cookies.sqlite. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, currentUser, idParamsSchema, noContentSchema, requireUser, type ServiceApp } from '@smh/shared';
import { readFirefoxCookies } from '../adapters/firefox-cookies.js';
import {
  CookieImportError,
  cookiesFromNetscapeText,
  cookiesFromSessionId,
  detectCookieFile,
  MAX_COOKIE_FILE_BYTES,
} from '../domain/cookie-import.js';
import type { CookieMap } from '../domain/session-crypto.js';
import type { InstagramSessionUseCases } from '../use-cases/instagram-sessions.js';
import { createSessionSchema, instagramSessionSchema, sessionListSchema } from './schemas.js';

const tags = ['instagram'];

const invalidCookies = (message: string) => badRequest(message, undefined, 'INVALID_COOKIES');

/** Runs a cookie import, turning its refusals into 400 INVALID_COOKIES. */
async function importing(read: () => CookieMap | Promise<CookieMap>): Promise<CookieMap> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CookieImportError) throw invalidCookies(error.message);
    throw error;
  }
}

async function readUpload(app: FastifyInstance, request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw invalidCookies('Send the cookies file as multipart/form-data in a field named "file".');
  const part = await request.file();
  if (!part) throw invalidCookies('The upload has no file: send it in a field named "file".');
  if (part.fieldname !== 'file')
    throw invalidCookies(`The file must be sent in a field named "file", not "${part.fieldname}".`);
  try {
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof app.multipartErrors.RequestFileTooLargeError) {
      throw invalidCookies(`The uploaded file is too large (at most ${MAX_COOKIE_FILE_BYTES / 1024 / 1024} MB).`);
    }
    throw error;
  }
}

export async function registerInstagramSessionRoutes(
  app: ServiceApp,
  sessions: InstagramSessionUseCases,
): Promise<void> {
  app.post(
    '/api/instagram/sessions',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Link an Instagram session ({sessionid} or {cookies: cookies.txt text})',
        body: createSessionSchema,
        response: { 201: instagramSessionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const cookies = await importing(() =>
        'sessionid' in body ? cookiesFromSessionId(body.sessionid) : cookiesFromNetscapeText(body.cookies),
      );
      return reply.code(201).send(await sessions.link(currentUser(request), cookies));
    },
  );

  await app.register(async (uploads) => {
    await uploads.register(multipart, { limits: { fileSize: MAX_COOKIE_FILE_BYTES, files: 1, fields: 5 } });
    uploads.post(
      '/api/instagram/sessions/upload',
      {
        preHandler: requireUser,
        schema: {
          tags,
          summary:
            'Link an Instagram session from an uploaded cookies.txt or Firefox cookies.sqlite (multipart field "file")',
          consumes: ['multipart/form-data'],
          response: { 201: instagramSessionSchema },
        },
      },
      async (request, reply) => {
        const identity = currentUser(request);
        const bytes = await readUpload(uploads, request);
        const cookies = await importing(async () =>
          detectCookieFile(bytes) === 'sqlite'
            ? readFirefoxCookies(bytes)
            : cookiesFromNetscapeText(bytes.toString('utf8')),
        );
        return reply.code(201).send(await sessions.link(identity, cookies));
      },
    );
  });

  app.get(
    '/api/instagram/sessions',
    {
      preHandler: requireUser,
      schema: { tags, summary: 'List linked Instagram sessions', response: { 200: sessionListSchema } },
    },
    async (request) => ({
      items: await sessions.list(currentUser(request)),
    }),
  );

  app.get(
    '/api/instagram/sessions/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'One linked Instagram session',
        params: idParamsSchema,
        response: { 200: instagramSessionSchema },
      },
    },
    (request) => sessions.get(currentUser(request), request.params.id),
  );

  app.delete(
    '/api/instagram/sessions/:id',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Unlink an Instagram session',
        params: idParamsSchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await sessions.remove(currentUser(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/instagram/sessions/:id/check',
    {
      preHandler: requireUser,
      schema: {
        tags,
        summary: 'Check the session against Instagram now',
        params: idParamsSchema,
        response: { 200: instagramSessionSchema },
      },
    },
    (request) => sessions.check(currentUser(request), request.params.id),
  );
}
