/**
 * POST /api/files: multipart upload, streamed to a temporary file (size limit, SHA-256 on the way), typed by
 * its content (magic bytes), refused when it is not a supported media type, then committed and catalogued.
 */
import fs from 'node:fs/promises';
import multipart from '@fastify/multipart';
import { AppError, badRequest, currentUser, requireUser, type MediaStorage, type ServiceApp } from '@smh/shared';
import { receiveToTempFile, UploadTooLargeError } from '../adapters/upload-receiver.js';
import { toPublicFile } from '../domain/file-record.js';
import { SNIFF_BYTES, sniffMedia } from '../domain/media-sniffer.js';
import type { Library } from '../library.js';
import { fileEnvelopeSchema } from './schemas.js';

function tooLarge(maxBytes: number): AppError {
  return new AppError(413, 'PAYLOAD_TOO_LARGE', `The file is larger than the upload limit of ${maxBytes} bytes.`, {
    maxBytes,
  });
}

export async function registerUploadRoutes(
  app: ServiceApp,
  deps: { storage: MediaStorage; library: Library; maxUploadBytes: number },
): Promise<void> {
  const { storage, library, maxUploadBytes } = deps;
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 1, fields: 10, parts: 11, fieldSize: 64 * 1024 },
  });

  app.post(
    '/api/files',
    {
      preHandler: requireUser,
      schema: {
        tags: ['files'],
        summary: 'Upload a media file (multipart/form-data, one file part)',
        consumes: ['multipart/form-data'],
        response: { 201: fileEnvelopeSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!request.isMultipart())
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data.');
      const part = await request.file();
      if (!part) throw badRequest('The form has no file part.', undefined, 'NO_FILE');
      const received = await receiveToTempFile(part.file, storage, {
        maxBytes: maxUploadBytes,
        headBytes: SNIFF_BYTES,
        truncated: () => part.file.truncated,
      }).catch((error: unknown) => {
        const limitHit =
          error instanceof UploadTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
        throw limitHit ? tooLarge(maxUploadBytes) : error;
      });
      const sniffed = await sniffMedia(received.head);
      if (sniffed.kind === 'refused') {
        await fs.rm(received.tempPath, { force: true });
        throw new AppError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `This file is not a supported image, video or audio file: detected ${sniffed.detected}.`,
          {
            detected: sniffed.detected,
            claimedName: part.filename,
            claimedType: part.mimetype,
          },
        );
      }
      const row = await library.storeUpload({
        ownerId: user.userId,
        claimedName: part.filename || 'upload',
        received,
        media: sniffed,
      });
      return reply.code(201).send({ file: toPublicFile(row) });
    },
  );
}
