import { CliError, EXIT } from './errors.js';

export const DEFAULT_URL = 'http://localhost:8080';

export interface Connection {
  /** The hub's base URL, without a trailing slash. */
  url: string;
  apiKey: string;
}

/** Where the hub is and which API key to use: flags first, then SMH_URL / SMH_API_KEY (pure). */
export function resolveConnection(
  flags: { url?: string; apiKey?: string },
  env: Record<string, string | undefined>,
): Connection {
  const rawUrl = flags.url ?? env.SMH_URL ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new CliError(`The hub URL "${rawUrl}" is not a URL (set SMH_URL or --url, e.g. ${DEFAULT_URL}).`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`The hub URL must start with http:// or https://, got "${rawUrl}".`, EXIT.usage);
  const apiKey = flags.apiKey ?? env.SMH_API_KEY ?? '';
  if (!apiKey.trim())
    throw new CliError(
      'No API key: set SMH_API_KEY or pass --api-key (create a key in the web UI under Account → API keys).',
      EXIT.usage,
    );
  return { url: url.href.replace(/\/+$/, ''), apiKey: apiKey.trim() };
}
