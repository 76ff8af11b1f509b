import path from 'node:path';
import { z } from 'zod';

/** The services of the hub, with their seed ports (used when a service runs on its own). */
export const SERVICE_PORTS = {
  'api-gateway': 8080,
  'download-service': 8001,
  'video-service': 8002,
  'account-service': 8003,
  'file-service': 8004,
  'scheduler-service': 8005,
} as const;
export type ServiceName = keyof typeof SERVICE_PORTS;
export type BackendServiceName = Exclude<ServiceName, 'api-gateway'>;
export const BACKEND_SERVICES = Object.keys(SERVICE_PORTS).filter(
  (name): name is BackendServiceName => name !== 'api-gateway',
);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s):// URL' });
/** One address, or several separated by commas (replicas of a service without a load balancer in front). */
const httpUrlList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(httpUrl).min(1, 'must name at least one http(s):// URL'));

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const envSchema = z.object({
  PORT: port.optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  SMH_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'must be a redis:// URL' }).optional(),
  REDIS_PREFIX: z.string().min(1).default('smh'),
  SMH_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  INSTAGRAM_WEB_URL: httpUrl.default('https://www.instagram.com'),
  INSTAGRAM_API_URL: httpUrl.default('https://i.instagram.com'),
  INSTAGRAM_MIN_INTERVAL_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int()
    .min(0)
    .default(1000),
  // GraphQL ids of the Instagram client's second path; Instagram rotates them, so users can update them here.
  INSTAGRAM_TIMELINE_DOC_ID: z.string().regex(/^\d+$/, 'must be a numeric doc_id').default('34579740524958711'),
  INSTAGRAM_SHORTCODE_DOC_ID: z.string().regex(/^\d+$/, 'must be a numeric doc_id').default('8845758582119845'),
  INSTAGRAM_CURRENT_USER_QUERY_HASH: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'must be a 32-digit hex query_hash')
    .default('d6f4427fbe92d846298cf93df0b937d3'),
  SMH_ALLOW_PRIVATE_URLS: booleanFlag.default(false),
  SMH_OPEN_REGISTRATION: booleanFlag.default(false),
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  DOWNLOAD_SERVICE_URL: httpUrlList.optional(),
  VIDEO_SERVICE_URL: httpUrlList.optional(),
  ACCOUNT_SERVICE_URL: httpUrlList.optional(),
  FILE_SERVICE_URL: httpUrlList.optional(),
  SCHEDULER_SERVICE_URL: httpUrlList.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  /** Proxies whose X-Forwarded-For the gateway believes: addresses, CIDRs or loopback/linklocal/uniquelocal. */
  TRUST_PROXY: z
    .string()
    .regex(
      /^[\w.:/, -]*$/,
      'must be a comma-separated list of addresses, CIDR ranges or loopback/linklocal/uniquelocal',
    )
    .optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  /** The gateway's (and embedded hub's) /metrics port, apart from PORT; 0 = any free port. */
  METRICS_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .optional(),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^\S+$/, 'must not contain spaces')
    .optional(),
  SMH_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 ** 3),
  /** BullMQ job lock and stalled-check interval: how soon a job of a dead worker runs again elsewhere. */
  /** How long a process may take to stop after SIGTERM (below Kubernetes' terminationGracePeriodSeconds). */
  SMH_SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ message: 'must be milliseconds' })
    .int('must be a whole number')
    .min(1000, 'must be at least 1000')
    .default(25_000),
  SMH_QUEUE_LOCK_MS: z.coerce
    .number({ message: 'must be milliseconds' })
    .int('must be a whole number')
    .min(1000, 'must be at least 1000')
    .default(30_000),
});

export type HubConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  const serviceUrls: Partial<Record<BackendServiceName, string[]>> = {};
  if (env.DOWNLOAD_SERVICE_URL) serviceUrls['download-service'] = env.DOWNLOAD_SERVICE_URL;
  if (env.VIDEO_SERVICE_URL) serviceUrls['video-service'] = env.VIDEO_SERVICE_URL;
  if (env.ACCOUNT_SERVICE_URL) serviceUrls['account-service'] = env.ACCOUNT_SERVICE_URL;
  if (env.FILE_SERVICE_URL) serviceUrls['file-service'] = env.FILE_SERVICE_URL;
  if (env.SCHEDULER_SERVICE_URL) serviceUrls['scheduler-service'] = env.SCHEDULER_SERVICE_URL;
  return {
    port: env.PORT as number | undefined,
    host: env.HOST,
    dataDir: path.resolve(env.SMH_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    secretKey: env.SMH_SECRET_KEY,
    instagram: {
      webUrl: env.INSTAGRAM_WEB_URL.replace(/\/+$/, ''),
      apiUrl: env.INSTAGRAM_API_URL.replace(/\/+$/, ''),
      minIntervalMs: env.INSTAGRAM_MIN_INTERVAL_MS,
      timelineDocId: env.INSTAGRAM_TIMELINE_DOC_ID,
      shortcodeDocId: env.INSTAGRAM_SHORTCODE_DOC_ID,
      currentUserQueryHash: env.INSTAGRAM_CURRENT_USER_QUERY_HASH,
    },
    allowPrivateUrls: env.SMH_ALLOW_PRIVATE_URLS,
    openRegistration: env.SMH_OPEN_REGISTRATION,
    ffmpegPath: env.FFMPEG_PATH,
    ffprobePath: env.FFPROBE_PATH,
    serviceUrls,
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS
      ? env.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : [],
    trustProxy: env.TRUST_PROXY
      ? env.TRUST_PROXY.split(',')
          .map((entry) => entry.trim())
          .filter(Boolean)
      : [],
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    metricsPort: env.METRICS_PORT as number | undefined,
    metricsToken: env.METRICS_TOKEN,
    maxUploadBytes: env.SMH_MAX_UPLOAD_BYTES,
    queueLockMs: env.SMH_QUEUE_LOCK_MS,
    shutdownDeadlineMs: env.SMH_SHUTDOWN_TIMEOUT_MS,
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the variables a schema names from the environment; unset and empty variables take the schema's
 * defaults. Throws a ConfigError with one line per bad variable. Services use it for their own tuning variables.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<Shape>> {
  const relevant = Object.fromEntries(
    Object.keys(schema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return `${variable}=${JSON.stringify(relevant[variable] ?? '')}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

/** Parses the environment once; throws a ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return toConfig(parseEnv(envSchema, env));
}

/** The port a process listens on: PORT when set, else the service's seed port. */
export function listenPort(config: HubConfig, service: ServiceName): number {
  return config.port ?? SERVICE_PORTS[service];
}
