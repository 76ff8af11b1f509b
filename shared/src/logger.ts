import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };
export type LogDestination = pino.DestinationStream;

/** Fields that must never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'sessionid',
  '*.sessionid',
  'cookies',
  '*.cookies',
  'cookie',
  '*.cookie',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-smh-identity"]',
  'headers.authorization',
  'headers.cookie',
];

/** Fields of request lines that the human format leaves out (they stay in JSON logs). */
const PRETTY_IGNORED = 'pid,hostname,service,requestId,method,url,status,ms,userId';

export type LogFormat = 'pretty' | 'json';

/** Human-readable lines on a terminal, JSON lines otherwise (log collectors, files, pipes). */
export function defaultLogFormat(stdout: { isTTY?: boolean } = process.stdout): LogFormat {
  return stdout.isTTY ? 'pretty' : 'json';
}

/**
 * pino-pretty (a development dependency) formatting to stdout, synchronously so lines keep their order with the
 * rest of the terminal output; undefined when it is not installed (production images), and JSON is used instead.
 */
function prettyStream(destination?: pino.DestinationStream): pino.DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => pino.DestinationStream;
    return pretty({
      colorize: true,
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: PRETTY_IGNORED,
      messageFormat: '{service}: {msg}',
      ...(destination ? { destination } : {}),
    });
  } catch {
    return undefined;
  }
}

/** Fastify announces every address it listens on at info; the hub prints its own start banner instead. */
const LISTENING = 'Server listening at ';

export function createLogger(options: {
  service: string;
  level?: string;
  /** Where lines go; default stdout. */
  destination?: pino.DestinationStream;
  /** Default: JSON into a given destination; on stdout pretty when it is a terminal, JSON otherwise. */
  format?: LogFormat;
}): Logger {
  const format = options.format ?? (options.destination ? 'json' : defaultLogFormat());
  const destination =
    format === 'pretty' ? (prettyStream(options.destination) ?? options.destination) : options.destination;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method, level) {
          if (level === 30 && typeof args[0] === 'string' && args[0].startsWith(LISTENING)) {
            this.debug(...(args as [string]));
            return;
          }
          method.apply(this, args);
        },
      },
    },
    destination,
  );
}
