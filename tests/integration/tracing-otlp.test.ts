/**
 * Distributed tracing across real processes: every service exports OTLP/HTTP (JSON) to a receiver in this test.
 * One request to the gateway (create a download) becomes ONE trace: the gateway's server span → download-service's
 * route → the queued `download.run` job on its worker → the file-service call that registers the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, redisAvailable } from '@smh/shared/testing';
import { HubClient, type Download } from '../e2e/support/api.js';
import { startE2eEnvironment, type E2eEnvironment } from '../e2e/support/environment.js';
import { startOtlpReceiver, type ReceivedSpan } from '../e2e/support/otlp-receiver.js';
import { waitUntil } from '../e2e/support/processes.js';
import { originBytes, startSlowOrigin, type SlowOrigin } from '../e2e/support/slow-origin.js';

describe.runIf(postgresAvailable && redisAvailable)(
  'one trace per user request, across service processes',
  { timeout: 120_000 },
  () => {
    let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
    let origin: SlowOrigin;
    let env: E2eEnvironment;
    let api: HubClient;

    beforeAll(async () => {
      receiver = await startOtlpReceiver();
      origin = await startSlowOrigin({ traced: originBytes('traced', 200_000) }, 10_000_000);
      env = await startE2eEnvironment({ name: 'tracing', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
      api = new HubClient(env.hub.gateway.url);
      await api.json(
        'POST',
        '/api/auth/register',
        { username: 'tracer', password: 'correct horse battery staple' },
        [201],
      );
      await api.login('tracer', 'correct horse battery staple');
    }, 240_000);

    afterAll(async () => {
      await env?.close();
      await origin?.close();
      await receiver?.close();
    }, 60_000);

    it('gateway → download-service → download.run job → file-service share one trace id, parent by parent', async () => {
      const download = await api.json<Download>('POST', '/api/downloads', { url: origin.url('traced') }, [202]);
      expect((await api.waitForDownload(download.id, 60_000)).status).toBe('completed');

      const isCreate = (span: ReceivedSpan) =>
        span.service === 'api-gateway' &&
        span.name.startsWith('POST') &&
        span.attributes['url.path'] === '/api/downloads';
      const trace = await waitUntil(
        'the spans of the request to arrive',
        async () => {
          const root = receiver.spans.find(isCreate);
          if (!root) return undefined;
          const spans = receiver.spans.filter((span) => span.traceId === root.traceId);
          const job = spans.find((span) => span.service === 'download-service' && span.name === 'job download.run');
          const registered = spans.find(
            (span) => span.service === 'file-service' && span.name === 'POST /internal/files/batch',
          );
          return job && registered ? { root, spans, job, registered } : undefined;
        },
        {
          timeoutMs: 30_000,
          intervalMs: 500,
          describe: () =>
            `received: ${receiver.spans.map((span) => `${span.service}:${span.name}`).join(', ')}; rejected: ${receiver.rejected.join(', ')}`,
        },
      );

      expect(trace.root.parentSpanId).toBeUndefined();
      const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
      const route = trace.spans.find(
        (span) => span.service === 'download-service' && span.name === 'POST /api/downloads',
      );
      expect(route?.parentSpanId, 'download-service route continues the gateway span').toBe(trace.root.spanId);
      // The job span's parent is the route span that enqueued it; the file-service call descends from the job.
      expect(trace.job.parentSpanId).toBe(route!.spanId);
      const ancestors = (span: ReceivedSpan): string[] => {
        const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
        return parent ? [parent.spanId, ...ancestors(parent)] : [];
      };
      expect(ancestors(trace.registered)).toContain(trace.job.spanId);
      // account-service: the gateway checks the caller's current standing (role, disabled) for the request.
      expect(new Set(trace.spans.map((span) => span.service))).toEqual(
        new Set(['api-gateway', 'account-service', 'download-service', 'file-service']),
      );
    });
  },
);
