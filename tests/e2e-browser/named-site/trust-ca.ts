/**
 * Inside the named-site namespace, before the browser run: a throw-away CA and a leaf for framatube.org in the
 * directory given, the CA trusted by this namespace only (the hub's yt-dlp verifies the fake's certificate with it).
 *   usage: node --import tsx trust-ca.ts <work dir>
 */
import { trustThrowawayCa } from '../../conformance/sites/namespace-tls.js';
import { PEERTUBE_REAL_HOST } from '../../fakes/peertube/server.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: trust-ca.ts <work dir>');
await trustThrowawayCa(dir, [PEERTUBE_REAL_HOST]);
