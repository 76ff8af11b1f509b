import { request as undiciRequest } from 'undici';
import type { z } from 'zod';
import {
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  SERVICE_TOKEN_HEADER,
  type Identity,
  type TokenService,
} from '../auth/tokens.js';
import type { BackendServiceName } from '../config.js';
import { AppError } from './errors.js';
import { currentTraceCarrier } from '../tracing.js';
import { UnreachableError, withFailover, type ServiceLocator } from './service-locator.js';

export interface CallOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Validates (and types) the answer. */
  response?: z.ZodType<T>;
  requestId?: string;
  /** Act on behalf of this user (sent as a signed identity header). */
  identity?: Identity;
  timeoutMs?: number;
}

/**
 * Calls another service's HTTP API with a service token (and optionally the user's identity), passing on the
 * request id, and turns error bodies back into AppErrors.
 */
export function createServiceClient(options: { caller: string; tokens: TokenService; locate: ServiceLocator }) {
  // A service token lives 5 minutes; one is signed every 4 minutes rather than for every call.
  let serviceToken: { value: Promise<string>; renewAt: number } | undefined;
  const currentServiceToken = (): Promise<string> => {
    if (!serviceToken || serviceToken.renewAt <= Date.now())
      serviceToken = { value: options.tokens.signService(options.caller, 300), renewAt: Date.now() + 240_000 };
    return serviceToken.value;
  };
  return async function callService<T = unknown>(service: BackendServiceName, call: CallOptions<T>): Promise<T> {
    const headers: Record<string, string> = { [SERVICE_TOKEN_HEADER]: await currentServiceToken() };
    if (call.requestId) headers[REQUEST_ID_HEADER] = call.requestId;
    if (call.identity) headers[IDENTITY_HEADER] = await options.tokens.signIdentity(call.identity);
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, currentTraceCarrier());
    let response: Awaited<ReturnType<typeof undiciRequest>>;
    try {
      response = await withFailover(options.locate, service, (baseUrl) =>
        undiciRequest(new URL(call.path, baseUrl).toString(), {
          method: call.method ?? 'GET',
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          headersTimeout: call.timeoutMs ?? 30_000,
          bodyTimeout: call.timeoutMs ?? 30_000,
        }),
      );
    } catch (error) {
      const message =
        error instanceof UnreachableError
          ? error.message
          : `${service} did not answer ${call.method ?? 'GET'} ${call.path}: ${(error as Error).message}`;
      throw new AppError(503, 'SERVICE_UNAVAILABLE', message);
    }
    const text = await response.body.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (response.statusCode >= 400) {
      const body = json as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
      throw new AppError(
        response.statusCode,
        body?.error?.code ?? 'UPSTREAM_ERROR',
        body?.error?.message ?? `${service} answered ${response.statusCode}`,
        body?.error?.details,
      );
    }
    return call.response ? call.response.parse(json) : (json as T);
  };
}
export type ServiceClient = ReturnType<typeof createServiceClient>;
