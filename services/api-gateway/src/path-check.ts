/**
 * The path a request is routed on. URL parsers (undici's, the services' own) resolve `.` and `..` segments even
 * when they are percent-encoded, so `/api/files/%2e%2e/%2e%2e/metrics` would reach file-service's `/metrics`:
 * any path whose decoded segments are dot segments, or that holds a backslash or an encoded slash, is refused.
 * Pure.
 */
import { AppError } from '@smh/shared';

function refuse(reason: string): AppError {
  return new AppError(400, 'INVALID_PATH', `The request path is not allowed: ${reason}.`);
}

/** The decoded-and-checked path of a request URL (query removed); throws 400 INVALID_PATH. */
export function checkedPath(url: string): string {
  const raw = url.split('?')[0] ?? '';
  if (raw.includes('\\')) throw refuse('it contains a backslash');
  const segments = raw.split('/').map((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw refuse('it has a malformed percent-encoding');
    }
    if (decoded === '.' || decoded === '..') throw refuse('it contains a "." or ".." segment');
    if (decoded.includes('\\')) throw refuse('it contains a backslash');
    if (decoded.includes('/')) throw refuse('it contains an encoded slash');
    return decoded;
  });
  return segments.join('/');
}
