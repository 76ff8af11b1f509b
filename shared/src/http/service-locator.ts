import type { BackendServiceName } from '../config.js';

/**
 * Where each service is: an http URL in distributed mode, a loopback URL of the same process when embedded.
 * A locator that knows several addresses of a service also takes reports of an address that refused a
 * connection, and offers another one next.
 */
export interface ServiceLocator {
  (service: BackendServiceName): string;
  /** An address that could not be connected to: avoided for a while. */
  unreachable?(service: BackendServiceName, url: string): void;
}

/** Errors that mean the request never reached the service, so trying another address is safe for any method. */
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isConnectError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_ERRORS.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The error code (ECONNREFUSED …) or message of a failed connection, for messages that name what failed. */
export function connectFailure(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * A locator over lists of addresses: it takes turns among the addresses of a service (so several replicas share
 * the calls) and skips one that refused a connection for `avoidMs`. When every address was reported, it still
 * answers (the one reported longest ago), so a service that comes back is found again.
 */
export function failoverLocator(
  addresses: (service: BackendServiceName) => readonly string[],
  options: { avoidMs?: number; now?: () => number } = {},
): ServiceLocator {
  const avoidMs = options.avoidMs ?? 10_000;
  const now = options.now ?? Date.now;
  const turn = new Map<BackendServiceName, number>();
  const avoidedUntil = new Map<string, number>();
  const locate: ServiceLocator = (service) => {
    const list = addresses(service);
    if (list.length <= 1) return list[0] ?? '';
    const start = turn.get(service) ?? 0;
    turn.set(service, (start + 1) % list.length);
    const time = now();
    for (let offset = 0; offset < list.length; offset += 1) {
      const url = list[(start + offset) % list.length] ?? '';
      if ((avoidedUntil.get(url) ?? 0) <= time) return url;
    }
    return [...list].sort((a, b) => (avoidedUntil.get(a) ?? 0) - (avoidedUntil.get(b) ?? 0))[0] ?? '';
  };
  locate.unreachable = (_service, url) => avoidedUntil.set(url, now() + avoidMs);
  return locate;
}

/**
 * Runs `attempt` against the service's address, and against its other addresses while the failure is a refused
 * connection (nothing was sent). The last error is thrown with every address tried, for a message that says
 * which service URL failed.
 */
export async function withFailover<T>(
  locate: ServiceLocator,
  service: BackendServiceName,
  attempt: (baseUrl: string) => Promise<T>,
  options: { retry?: boolean } = {},
): Promise<T> {
  const tried: string[] = [];
  let baseUrl = locate(service);
  for (;;) {
    try {
      return await attempt(baseUrl);
    } catch (error) {
      if (!isConnectError(error)) throw error;
      tried.push(baseUrl);
      if (!locate.unreachable || options.retry === false) throw new UnreachableError(service, tried, error);
      locate.unreachable(service, baseUrl);
      const next = locate(service);
      if (tried.includes(next)) throw new UnreachableError(service, tried, error);
      baseUrl = next;
    }
  }
}

export class UnreachableError extends Error {
  constructor(
    readonly service: BackendServiceName,
    readonly urls: string[],
    cause: unknown,
  ) {
    super(`${service} is unreachable at ${urls.join(', ')} (${connectFailure(cause)})`, { cause });
  }
}
