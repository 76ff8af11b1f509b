/**
 * External programs the e2e suites drive (nginx, prometheus, ffmpeg, redis-server, PostgreSQL's initdb/pg_ctl).
 * Locally a missing one skips its suite with a loud notice; with CI set it is a failure (CI installs them).
 */
import { execFileSync } from 'node:child_process';

export const POSTGRES_BIN = process.env.SMH_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

const CANDIDATES: Record<string, string[]> = {
  nginx: ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'],
  prometheus: ['/usr/bin/prometheus', '/usr/local/bin/prometheus'],
  ffmpeg: [process.env.FFMPEG_PATH ?? '', '/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'],
  ffprobe: [process.env.FFPROBE_PATH ?? '', '/usr/bin/ffprobe', '/usr/local/bin/ffprobe'],
  'redis-server': ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  initdb: [`${POSTGRES_BIN}/initdb`],
  pg_ctl: [`${POSTGRES_BIN}/pg_ctl`],
  rsyslogd: ['/usr/sbin/rsyslogd'],
};

const APT: Record<string, string> = {
  nginx: 'nginx',
  prometheus: 'prometheus',
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
  'redis-server': 'redis-server',
  initdb: 'postgresql-15',
  pg_ctl: 'postgresql-15',
  rsyslogd: 'rsyslog rsyslog-elasticsearch',
};

function runs(binary: string): boolean {
  try {
    const flag =
      binary.endsWith('nginx') || binary.endsWith('rsyslogd')
        ? '-v'
        : /ff(mpeg|probe)$/.test(binary)
          ? '-version'
          : '--version';
    execFileSync(binary, [flag], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of a tool, or undefined. */
export function findTool(name: keyof typeof CANDIDATES): string | undefined {
  return (CANDIDATES[name] ?? []).filter(Boolean).find(runs);
}

/** The tools by name when all are present; otherwise undefined after a loud notice (or a throw under CI). */
export function requireTools<const N extends keyof typeof CANDIDATES>(
  suite: string,
  names: readonly N[],
): Record<N, string> | undefined {
  const found = Object.fromEntries(names.map((name) => [name, findTool(name)])) as Record<N, string | undefined>;
  const missing = names.filter((name) => !found[name]);
  if (missing.length === 0) return found as Record<N, string>;
  const packages = [...new Set(missing.map((name) => APT[name]))].join(' ');
  const message = `${suite} needs ${missing.join(', ')} (apt-get install -y ${packages})`;
  if (process.env.CI) throw new Error(`${message}; CI must install them`);
  console.warn(`\n!!! SKIPPING ${suite}: ${message}. !!!\n`);
  return undefined;
}
