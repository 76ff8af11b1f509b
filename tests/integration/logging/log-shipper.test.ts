/**
 * The log stack's shipper on real log lines: the distributed hub runs as real processes (one per service), a
 * user downloads a profile with a request id of the test's choosing, and every line the services printed goes
 * through the real rsyslogd with the repository's configuration, in both of its shapes: Kubernetes (CRI log files
 * on a node) and compose (Docker's syslog driver, RFC 5424 over TCP). A stand-in `_bulk` endpoint receives what
 * would be indexed in OpenSearch; the fields that tie one request across services must be there.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, redisAvailable } from '@smh/shared/testing';
import { HubClient } from '../../e2e/support/api.js';
import { startE2eEnvironment, type E2eEnvironment } from '../../e2e/support/environment.js';
import { freePort } from '../../e2e/support/processes.js';
import { requireTools } from '../../e2e/support/tools.js';
import { startBulkReceiver, type BulkReceiver, type IndexedDocument } from './support/bulk-receiver.js';
import { startShipper } from './support/rsyslog.js';

const tools = requireTools('the log shipper suite', ['rsyslogd']);
const REQUEST_ID = 'logstack-journey-0001';
const CONTAINER_ID = 'ab'.repeat(32);

interface ServiceLog {
  service: string;
  lines: string[];
}

const field = (document: IndexedDocument, name: string): unknown => document.source[name];

describe.runIf(tools && postgresAvailable && redisAvailable)(
  'log shipping: real service log lines through rsyslog',
  { timeout: 120_000 },
  () => {
    let env: E2eEnvironment;
    let logs: ServiceLog[];
    let downloadId: string;
    const lineCount = () => logs.reduce((sum, log) => sum + log.lines.length, 0);

    beforeAll(async () => {
      env = await startE2eEnvironment({
        name: 'logs',
        env: { LOG_LEVEL: 'trace' },
        fake: (fake) => fake.addProfile({ username: 'log_star', posts: 3 }),
      });
      const api = new HubClient(env.hub.gateway.url);
      await api.json('POST', '/api/auth/register', { username: 'logadmin', password: 'a long enough password' });
      await api.login('logadmin', 'a long enough password');
      const started = await request(`${env.hub.gateway.url}/api/downloads`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.token}`,
          'content-type': 'application/json',
          'x-request-id': REQUEST_ID,
        },
        body: JSON.stringify({ url: 'https://www.instagram.com/log_star/' }),
      });
      expect(started.statusCode).toBe(202);
      downloadId = ((await started.body.json()) as { id: string }).id;
      const finished = await api.waitForDownload(downloadId, 60_000);
      expect(finished.status).toBe('completed');
      await env.hub.stop();
      logs = [];
      for (const instance of env.hub.instances) {
        const text = await fs.readFile(instance.process.logFile, 'utf8');
        logs.push({ service: instance.service, lines: text.split('\n').filter((line) => line.trim() !== '') });
      }
    }, 180_000);

    afterAll(async () => {
      await env?.close();
    }, 60_000);

    /** The checks both shapes must pass: one indexed document per line, the journey's fields kept. */
    function expectShipped(documents: IndexedDocument[]): void {
      expect(documents).toHaveLength(lineCount());
      for (const document of documents) {
        expect(document.index).toMatch(/^smh-logs-\d{4}\.\d{2}\.\d{2}$/);
        expect(typeof field(document, 'msg')).toBe('string');
        expect(field(document, 'time')).toBeTruthy();
      }
      const parsed = documents.filter((document) => field(document, 'level') !== 'unparsed');
      expect(parsed.length).toBeGreaterThan(documents.length * 0.9);
      for (const document of parsed) expect(typeof field(document, 'service')).toBe('string');

      const journey = documents.filter((document) => field(document, 'requestId') === REQUEST_ID);
      const servicesOfJourney = new Set(journey.map((document) => field(document, 'service')));
      expect(servicesOfJourney).toContain('api-gateway');
      expect(servicesOfJourney).toContain('download-service');
      expect(journey.some((document) => typeof field(document, 'userId') === 'string')).toBe(true);
      expect(documents.filter((document) => field(document, 'downloadId') === downloadId).length).toBeGreaterThan(0);
    }

    it('Kubernetes shape: tails CRI log files, strips the prefix, adds pod, namespace and container', async () => {
      const dir = path.join(env.dir, 'k8s-shipper');
      const containersDir = path.join(dir, 'containers');
      await fs.mkdir(containersDir, { recursive: true });
      const receiver = await startBulkReceiver();
      try {
        for (const log of logs) {
          const pod = `${log.service}-6d4b9c7f8-x2x9q`;
          const file = path.join(containersDir, `${pod}_social-media-hub_${log.service}-${CONTAINER_ID}.log`);
          const cri = log.lines.map((line) => `2026-12-06T10:00:00.000000000Z stdout F ${line}`);
          await fs.writeFile(file, `${cri.join('\n')}\n`);
        }
        const shipper = await startShipper({
          binary: tools!.rsyslogd,
          config: 'kubernetes.conf',
          dir,
          env: {
            SMH_LOGS_ES_HOST: receiver.host,
            SMH_LOGS_ES_PORT: String(receiver.port),
            SMH_LOGS_FILES: path.join(containersDir, '*_social-media-hub_*.log'),
          },
        });
        try {
          await expect
            .poll(() => receiver.documents.length, { timeout: 30_000, interval: 250 })
            .toBeGreaterThanOrEqual(lineCount());
        } finally {
          await shipper.stop();
        }
        expectShipped(receiver.documents);
        const gatewayLine = receiver.documents.find((document) => field(document, 'service') === 'api-gateway');
        expect(field(gatewayLine!, 'kubernetes')).toEqual({
          pod: 'api-gateway-6d4b9c7f8-x2x9q',
          namespace: 'social-media-hub',
          container: 'api-gateway',
        });
      } finally {
        await receiver.close();
      }
    });

    it('compose shape: Docker syslog driver lines (RFC 5424 over TCP) keep the container tag', async () => {
      const dir = path.join(env.dir, 'compose-shipper');
      const receiver: BulkReceiver = await startBulkReceiver();
      const syslogPort = await freePort();
      const shipper = await startShipper({
        binary: tools!.rsyslogd,
        config: 'compose.conf',
        dir,
        syslogPort,
        env: { SMH_LOGS_ES_HOST: receiver.host, SMH_LOGS_ES_PORT: String(receiver.port) },
      });
      try {
        const socket = await new Promise<net.Socket>((resolve, reject) => {
          const deadline = Date.now() + 15_000;
          const attempt = () => {
            const connection = net.connect(syslogPort, '127.0.0.1', () => resolve(connection));
            connection.once('error', () =>
              Date.now() > deadline ? reject(new Error('rsyslog never listened')) : setTimeout(attempt, 200),
            );
          };
          attempt();
        });
        for (const log of logs) {
          for (const line of log.lines)
            socket.write(`<30>1 2026-12-06T10:00:00Z docker-host smh/${log.service} 1 - - ${line}\n`);
        }
        await new Promise<void>((resolve) => socket.end(resolve));
        await expect
          .poll(() => receiver.documents.length, { timeout: 30_000, interval: 250 })
          .toBeGreaterThanOrEqual(lineCount());
        expectShipped(receiver.documents);
        const downloadLine = receiver.documents.find((document) => field(document, 'downloadId') === downloadId);
        expect(field(downloadLine!, 'container')).toBe('smh/download-service');
      } finally {
        await shipper.stop();
        await receiver.close();
      }
    });
  },
);
