/**
 * Runs the real rsyslogd (Debian's) with the repository's shipper configuration, unchanged but for the paths an
 * image would have (/etc/rsyslog.d/smh, /var/spool/rsyslog) and the syslog port, which move into a temp dir.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../../e2e/support/hub-processes.js';
import { spawnManaged, stopManaged, type ManagedProcess } from '../../../e2e/support/processes.js';

export const SHIPPER_CONFIG_DIR = path.join(REPO_ROOT, 'infrastructure/logging/rsyslog');

export interface Shipper {
  process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startShipper(options: {
  binary: string;
  /** compose.conf or kubernetes.conf */
  config: 'compose.conf' | 'kubernetes.conf';
  dir: string;
  env: Record<string, string>;
  syslogPort?: number;
}): Promise<Shipper> {
  const confDir = path.join(options.dir, 'etc');
  const workDir = path.join(options.dir, 'spool');
  await fs.mkdir(confDir, { recursive: true });
  await fs.mkdir(workDir, { recursive: true });
  for (const file of await fs.readdir(SHIPPER_CONFIG_DIR)) {
    let text = await fs.readFile(path.join(SHIPPER_CONFIG_DIR, file), 'utf8');
    text = text
      .replaceAll('/etc/rsyslog.d/smh/', `${confDir}/`)
      .replaceAll('/var/spool/rsyslog', workDir)
      .replace('port="5514"', `port="${options.syslogPort ?? 5514}"`);
    await fs.writeFile(path.join(confDir, file), text);
  }
  const process = spawnManaged(
    `rsyslogd-${path.basename(options.config, '.conf')}`,
    options.binary,
    ['-n', '-f', path.join(confDir, options.config), '-i', path.join(options.dir, 'rsyslogd.pid')],
    { env: { PATH: '/usr/sbin:/usr/bin:/bin', ...options.env }, logDir: options.dir },
  );
  return { process, stop: () => stopManaged(process, 3000) };
}
