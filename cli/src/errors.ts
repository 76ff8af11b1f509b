/** Exit codes of `smh` (documented in docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** The hub refused the request (4xx) or a download/job failed. */
  failed: 1,
  /** Bad command line. */
  usage: 2,
  /** The hub is unreachable, or it rejected the credentials. */
  connection: 3,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

/** An error the CLI reports as one line on stderr, then exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The hub answered with an error body `{error: {code, message}}`. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message, status === 401 ? EXIT.connection : EXIT.failed, code);
    this.name = 'ApiError';
  }
}
