import client from 'prom-client';
import type { JobOutcomeListener, JobQueue } from './queue/types.js';

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

  return { registry, httpRequests, httpDuration, onJobOutcome, observeQueue, client };
}
export type Metrics = ReturnType<typeof createMetrics>;
