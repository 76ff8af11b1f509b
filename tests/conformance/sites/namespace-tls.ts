/**
 * Inside a private mount namespace: a throw-away CA and a leaf for `hostNames`, the CA added to the system bundle
 * (bind-mounted over it, so only this namespace trusts it: Debian's yt-dlp verifies with certifi, which reads it).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { throwawayCertificateCommands } from '../tls.js';

const run = promisify(execFile);
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export async function trustThrowawayCa(dir: string, hostNames: string[]): Promise<{ key: Buffer; cert: Buffer }> {
  for (const step of throwawayCertificateCommands(dir, 'Social Media Hub site conformance CA', hostNames)) {
    if (step.extFile) await writeFile(step.extFile.path, step.extFile.text);
    await run('openssl', step.args);
  }
  const bundle = join(dir, 'bundle.pem');
  const system = await readFile(SYSTEM_BUNDLE, 'utf8').catch(() => '');
  await writeFile(bundle, `${system}\n${await readFile(join(dir, 'ca.pem'), 'utf8')}`);
  await run('mount', ['--bind', bundle, SYSTEM_BUNDLE]);
  return { key: await readFile(join(dir, 'leaf.key')), cert: await readFile(join(dir, 'leaf.pem')) };
}
