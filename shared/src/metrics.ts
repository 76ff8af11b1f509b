import client, { type Registry } from 'prom-client';
import type { JobOutcomeListener, JobQueue } from './queue/types.js';

export interface MetricsExposition {
  contentType: string;
  text: string;
}

/**
 * One Prometheus text page from several registries: series of one name are grouped under one HELP/TYPE (as the
 * format requires) and stay apart by their labels (each registry's default `service` label). Series with the
 * same name AND labels in two registries are summed.
 */
export async function collectRegistries(registries: readonly Registry[]): Promise<MetricsExposition> {
  if (registries.length === 1) {
    const [only] = registries as [Registry];
    return { contentType: only.contentType, text: await only.metrics() };
  }
  const snapshots = await Promise.all(registries.map((registry) => registry.getMetricsAsJSON()));
  const merged = client.AggregatorRegistry.aggregate(snapshots);
  return { contentType: merged.contentType, text: await merged.metrics() };
}

/** One Prometheus registry per service, every series labelled with the service name. */
export function createMetrics(service: string) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const httpRequests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobOutcomes = new client.Counter({
    name: 'smh_jobs_total',
    help: 'Jobs finished by queue and outcome (completed, failed, retried)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  const onJobOutcome: JobOutcomeListener = (event) => jobOutcomes.inc({ queue: event.queue, outcome: event.outcome });

  /** Reports the queue depths at each scrape. */
  function observeQueue(queue: JobQueue, queueNames?: readonly string[]) {
    new client.Gauge({
      name: 'smh_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        const counts = await queue.counts().catch(() => ({}));
        for (const [name, byState] of Object.entries(counts)) {
          if (queueNames && !queueNames.includes(name)) continue;
          for (const [state, value] of Object.entries(byState)) this.set({ queue: name, state }, value as number);
        }
      },
    });
  }

  /** Other registries served with this one (the embedded hub: every service's metrics on the gateway's port). */
  const included: Registry[] = [];
  const include = (other: { registry: Registry }) => {
    if (other.registry !== registry && !included.includes(other.registry)) included.push(other.registry);
  };
  /** What GET /metrics serves: this registry plus the included ones. */
  const exposition = () => collectRegistries([registry, ...included]);

  return { registry, httpRequests, httpDuration, onJobOutcome, observeQueue, include, exposition, client };
}
export type Metrics = ReturnType<typeof createMetrics>;
