/** GET /api/health (everyone) and GET /api/system (admins): the services' readiness and the queue depths. */
import { request } from 'undici';
import {
  BACKEND_SERVICES,
  requireAdmin,
  type BackendServiceName,
  type ServiceApp,
  type ServiceLocator,
} from '@smh/shared';

export type ServiceState = 'ok' | 'unavailable';
export interface Probe {
  state: ServiceState;
  body: unknown;
}

async function fetchText(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await request(url, {
    method: 'GET',
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

export async function probeReadiness(base: string, timeoutMs = 3000): Promise<Probe> {
  try {
    const { status, text } = await fetchText(new URL('/ready', base).toString(), timeoutMs);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { state: status === 200 ? 'ok' : 'unavailable', body };
  } catch (error) {
    return { state: 'unavailable', body: { error: `unreachable: ${(error as Error).message}` } };
  }
}

/** ok when every service is ready, unavailable when none is, degraded in between (pure). */
export function overallStatus(states: readonly ServiceState[]): 'ok' | 'degraded' | 'unavailable' {
  const up = states.filter((state) => state === 'ok').length;
  if (up === states.length) return 'ok';
  return up === 0 ? 'unavailable' : 'degraded';
}

export type QueueCounts = Record<string, Record<string, number>>;

/** Reads `smh_queue_jobs{queue="…",state="…"} n` samples from Prometheus text (pure). */
export function parseQueueGauge(metricsText: string, into: QueueCounts = {}): QueueCounts {
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('smh_queue_jobs{')) continue;
    const match = /^smh_queue_jobs\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const value = Number(match[2]);
    if (!labels.queue || !labels.state || !Number.isFinite(value)) continue;
    const states = into[labels.queue] ?? {};
    states[labels.state] = value;
    into[labels.queue] = states;
  }
  return into;
}

export function registerSystemRoutes(
  app: ServiceApp,
  options: { locate: ServiceLocator; services?: readonly BackendServiceName[] },
): void {
  const services = options.services ?? BACKEND_SERVICES;
  const probeAll = async () => {
    const probes = await Promise.all(
      services.map(async (service) => [service, await probeReadiness(options.locate(service))] as const),
    );
    return Object.fromEntries(probes) as Record<BackendServiceName, Probe>;
  };

  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: "Overall health and each service's state", security: [] } },
    async () => {
      const probes = await probeAll();
      const states = Object.values(probes).map((probe) => probe.state);
      return {
        status: overallStatus(states),
        services: {
          'api-gateway': 'ok',
          ...Object.fromEntries(Object.entries(probes).map(([name, probe]) => [name, probe.state])),
        },
      };
    },
  );

  app.get(
    '/api/system',
    {
      preHandler: requireAdmin,
      schema: { tags: ['system'], summary: 'Readiness details of every service and queue depths (admins)' },
    },
    async () => {
      const [probes, metrics] = await Promise.all([
        probeAll(),
        Promise.all(
          services.map((service) =>
            fetchText(new URL('/metrics', options.locate(service)).toString(), 3000).catch(() => undefined),
          ),
        ),
      ]);
      const queues: QueueCounts = {};
      for (const result of metrics) if (result?.status === 200) parseQueueGauge(result.text, queues);
      return {
        services: Object.fromEntries(
          Object.entries(probes).map(([name, probe]) => [
            name,
            { status: probe.state, ...(typeof probe.body === 'object' ? probe.body : { body: probe.body }) },
          ]),
        ),
        queues,
      };
    },
  );
}
