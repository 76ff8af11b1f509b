/**
 * The embedded hub: every service in ONE process, with embedded PostgreSQL (PGlite), the durable in-process
 * queue and the media library under SMH_DATA_DIR, behind the gateway on PORT (8080). This is the one place that
 * composes several services; in distributed mode each service runs its own `src/main.ts` instead.
 *
 * The same adapters are chosen by configuration here too: with DATABASE_URL / REDIS_URL set, the single process
 * uses the real PostgreSQL / BullMQ.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAccountService } from '@smh/account-service';
import { createGateway } from '@smh/api-gateway';
import { createDownloadService } from '@smh/download-service';
import { createFileService } from '@smh/file-service';
import { createSchedulerService } from '@smh/scheduler-service';
import { createVideoService } from '@smh/video-service';
import {
  assertHandlers,
  BACKEND_SERVICES,
  createLogger,
  createMetrics,
  createServiceClient,
  jobOutcomeRouter,
  loadConfigOrExit,
  openInfrastructure,
  serviceContext,
  type BackendServiceName,
  type HubConfig,
  type HubService,
  type JobHandlers,
  type LogDestination,
  type ServiceContext,
  type MetricsEndpoint,
  type ServiceFactory,
  startMetricsEndpoint,
  startTracing,
} from '@smh/shared';

const factories: Record<BackendServiceName, ServiceFactory> = {
  'account-service': createAccountService,
  'file-service': createFileService,
  'download-service': createDownloadService,
  'video-service': createVideoService,
  'scheduler-service': createSchedulerService,
};

export interface EmbeddedHub {
  url: string;
  /** Where GET /metrics (every service's series) is served: set when METRICS_PORT is. */
  metricsUrl?: string;
  services: HubService[];
  stop(): Promise<void>;
}

export async function startEmbeddedHub(
  config: HubConfig,
  options: { frontendDir?: string; quiet?: boolean; logDestination?: LogDestination } = {},
): Promise<EmbeddedHub> {
  const { logDestination } = options;
  const logger = createLogger({
    service: 'hub',
    level: options.quiet ? 'silent' : config.logLevel,
    destination: logDestination,
  });
  const tracing = startTracing({ serviceName: 'social-media-hub', endpoint: config.otlpEndpoint });
  const outcomes = jobOutcomeRouter();
  const infrastructure = await openInfrastructure(config, { onJobOutcome: outcomes.listener, logger });
  const urls = new Map<BackendServiceName, string>();
  const locate = (service: BackendServiceName): string => {
    const url = urls.get(service);
    if (!url) throw new Error(`${service} is not listening yet`);
    return url;
  };

  const services: HubService[] = [];
  const contexts: ServiceContext[] = [];
  let metricsEndpoint: MetricsEndpoint | undefined;
  try {
    for (const name of BACKEND_SERVICES) {
      const context = serviceContext(infrastructure, name, locate, logger, logDestination);
      outcomes.register(name, context.metrics);
      contexts.push(context);
      const service = await factories[name](context);
      // Each service keeps its own HTTP app, on a loopback port of this process: the gateway reaches it exactly
      // as in distributed mode, so streaming, limits and errors behave the same in both modes.
      const address = await service.app.listen({ port: 0, host: '127.0.0.1' });
      urls.set(name, address);
      services.push(service);
    }
    assertHandlers(
      BACKEND_SERVICES,
      services.map((service) => ({ service: service.name, handlers: service.jobHandlers })),
    );
    const handlers: JobHandlers = Object.assign({}, ...services.map((service) => service.jobHandlers));
    const concurrency = Object.assign({}, ...services.map((service) => service.concurrency ?? {}));
    await infrastructure.queue.work(handlers, { concurrency });

    const gatewayMetrics = createMetrics('api-gateway');
    // One process, one /metrics with every service's series (label `service`), on METRICS_PORT (not the public
    // port); without METRICS_PORT, on the public port only behind METRICS_TOKEN, else not at all.
    for (const service of contexts) gatewayMetrics.include(service.metrics);
    if (config.metricsPort !== undefined)
      metricsEndpoint = await startMetricsEndpoint({
        metrics: gatewayMetrics,
        port: config.metricsPort,
        host: config.host,
        token: config.metricsToken,
      });
    const gateway = await createGateway({
      config,
      logger: createLogger({ service: 'api-gateway', level: logger.level, destination: logDestination }),
      metrics: gatewayMetrics,
      tokens: infrastructure.tokens,
      events: infrastructure.events,
      // One process, one gateway: its counters stay in memory.
      call: createServiceClient({ caller: 'api-gateway', tokens: infrastructure.tokens, locate }),
      locate,
      frontendDir: options.frontendDir,
    });
    await gateway.listen({ port: config.port ?? 8080, host: config.host });
    const port = (gateway.server.address() as AddressInfo).port;
    for (const service of services) await service.start?.();

    let stopping: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}`,
      metricsUrl: metricsEndpoint ? `${metricsEndpoint.url}/metrics` : undefined,
      services,
      stop() {
        stopping ??= (async () => {
          await gateway.close();
          await metricsEndpoint?.close();
          for (const service of services) await service.stop?.();
          for (const service of services) await service.app.close();
          await infrastructure.close();
          await tracing.shutdown();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await metricsEndpoint?.close().catch(() => undefined);
    for (const service of services) await service.app.close().catch(() => undefined);
    await infrastructure.close().catch(() => undefined);
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // scripts/embedded.ts under tsx, dist/scripts/embedded.js when compiled (`npm run build:server`).
  const repoRoot = path.resolve(import.meta.dirname, import.meta.filename.endsWith('.js') ? '../..' : '..');
  const frontendDir = path.join(repoRoot, 'frontend/dist');
  const hub = await startEmbeddedHub(config, { frontendDir });
  const mode = [
    config.databaseUrl ? 'PostgreSQL' : 'embedded PostgreSQL (PGlite)',
    config.redisUrl ? 'BullMQ on Redis' : 'durable in-process queue',
  ].join(', ');
  process.stdout.write(
    `${[
      '',
      // Since the process started: loading the code is part of what a user waits for.
      `  Social Media Hub is running (${process.uptime().toFixed(1)} s): ${hub.url}`,
      `    web UI     ${hub.url}/`,
      `    API docs   ${hub.url}/api/docs`,
      `    health     ${hub.url}/api/health`,
      ...(hub.metricsUrl ? [`    metrics    ${hub.metricsUrl}`] : []),
      `    data       ${config.dataDir} (${mode})`,
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n')}\n`,
  );
  let signals = 0;
  const stop = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stdout.write(`\n  ${signal}: stopping the hub…\n`);
    setTimeout(() => {
      process.stderr.write(`still stopping after ${config.shutdownDeadlineMs} ms: exiting now\n`);
      process.exit(1);
    }, config.shutdownDeadlineMs).unref();
    hub.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`The hub could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
