/**
 * OpenTelemetry tracing. Off (and costless: the API's no-op tracer) unless OTEL_EXPORTER_OTLP_ENDPOINT is set;
 * then spans are exported over OTLP/HTTP (Jaeger accepts it). Context travels gateway → service (W3C
 * `traceparent` header) → queue job (a carrier stored with the job) → downstream calls.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { lazyRequire } from './lazy-require.js';

// The SDK and exporter load only when tracing is switched on.
const loadSdk = lazyRequire<typeof import('@opentelemetry/sdk-trace-node')>('@opentelemetry/sdk-trace-node');
const loadExporter = lazyRequire<typeof import('@opentelemetry/exporter-trace-otlp-http')>(
  '@opentelemetry/exporter-trace-otlp-http',
);
const loadResources = lazyRequire<typeof import('@opentelemetry/resources')>('@opentelemetry/resources');

export type TraceCarrier = Record<string, string>;

let provider: NodeTracerProvider | undefined;

/** Starts exporting spans once per process; later calls are no-ops. */
export function startTracing(options: { serviceName: string; endpoint?: string }): { shutdown(): Promise<void> } {
  if (!options.endpoint || provider) return { shutdown: async () => undefined };
  const url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const { BatchSpanProcessor, NodeTracerProvider } = loadSdk();
  const { OTLPTraceExporter } = loadExporter();
  const { resourceFromAttributes } = loadResources();
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 500 })],
  });
  provider.register();
  const started = provider;
  return {
    async shutdown() {
      await started.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      provider = undefined;
    },
  };
}

export function tracer(scope: string) {
  return trace.getTracer(scope);
}

/** The current trace context as headers/a carrier to store with a job (empty when tracing is off). */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export function contextFromCarrier(carrier: Record<string, unknown> | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Starts a server span for an incoming request whose parent comes from its headers. */
export function startServerSpan(
  scope: string,
  name: string,
  headers: Record<string, unknown>,
): { span: Span; context: Context } {
  const parent = contextFromCarrier(headers);
  const span = tracer(scope).startSpan(name, { kind: SpanKind.SERVER }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs a job handler inside a consumer span that continues the trace of whoever enqueued it. */
export async function runInJobSpan<T>(
  scope: string,
  jobName: string,
  carrier: Record<string, unknown> | undefined,
  attributes: Record<string, string | number>,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = contextFromCarrier(carrier);
  return tracer(scope).startActiveSpan(
    `job ${jobName}`,
    { kind: SpanKind.CONSUMER, attributes },
    parent,
    async (span) => {
      try {
        return await fn();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanStatusCode, context as otelContext };
