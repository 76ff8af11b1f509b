/**
 * The fake Instagram of the archive race (bench/profile-archive.ts) in a process of its own, as the real one is a
 * server elsewhere: run inside the race's network namespace, it serves HTTPS on :443 under the real host names
 * (HOST_ADDRESSES) with the race's latency and the race's profile, prints "ready" on stdout and serves until
 * SIGTERM. The hub and the peers all reach it the same way, and none of them shares an event loop or a CPU share
 * with it.
 *   usage: node --import tsx bench/support/fake-instagram-process.ts <dir with leaf.key and leaf.pem>
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOST_ADDRESSES } from '../../tests/conformance/instagram/commands.js';
import { startFakeInstagram } from '../../tests/fakes/instagram/server.js';
import { API_LATENCY_MS, ARCHIVE_USERNAME, archivePosts, MEDIA_LATENCY_MS } from './archive-profile.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: fake-instagram-process.ts <dir>');
const fake = await startFakeInstagram({
  latencyMs: { api: API_LATENCY_MS, media: MEDIA_LATENCY_MS },
  realHosts: {
    key: await readFile(join(dir, 'leaf.key')),
    cert: await readFile(join(dir, 'leaf.pem')),
    bind: HOST_ADDRESSES,
  },
});
fake.addProfile({ username: ARCHIVE_USERNAME, posts: archivePosts() });
process.once('SIGTERM', () => {
  void fake.close().finally(() => process.exit(0));
});
process.stdout.write('ready\n');
