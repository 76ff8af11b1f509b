import type { Logger } from './logger.js';

/**
 * How long a process may take to stop after SIGTERM before it exits anyway. Below Kubernetes' default
 * terminationGracePeriodSeconds (30 s), so the process ends by itself before the kubelet kills it.
 */
export const DEFAULT_SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * SIGTERM/SIGINT run `stop` once (end event streams, finish in-flight requests, stop claiming jobs, close
 * connections) and exit 0; if it is not done within the deadline, the process exits 1 with a line that says so.
 * A second signal exits at once.
 */
export function exitOnSignals(options: {
  logger: Logger;
  stop: () => Promise<void>;
  deadlineMs?: number;
  exit?: (code: number) => void;
}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const deadlineMs = options.deadlineMs ?? DEFAULT_SHUTDOWN_DEADLINE_MS;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn({ signal }, 'second signal: exiting now');
      exit(130);
      return;
    }
    stopping = true;
    options.logger.info({ signal, deadlineMs }, 'stopping');
    const deadline = setTimeout(() => {
      options.logger.error({ deadlineMs }, 'still stopping when the shutdown deadline passed: exiting now');
      exit(1);
    }, deadlineMs);
    deadline.unref();
    options.stop().then(
      () => {
        clearTimeout(deadline);
        options.logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.logger.error({ err: error }, 'error while stopping');
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
