/**
 * A stand-in for OpenSearch/Elasticsearch's `_bulk` endpoint, enough for a log shipper: it answers the health
 * and version probes, takes newline-delimited bulk bodies and keeps every indexed document with its index name.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IndexedDocument {
  index: string;
  source: Record<string, unknown>;
}

export interface BulkReceiver {
  host: string;
  port: number;
  documents: IndexedDocument[];
  close(): Promise<void>;
}

function parseBulk(body: string): IndexedDocument[] {
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  const documents: IndexedDocument[] = [];
  for (let at = 0; at + 1 < lines.length; at += 2) {
    const action = JSON.parse(lines[at] ?? '{}') as { index?: { _index?: string }; create?: { _index?: string } };
    const target = action.index ?? action.create;
    if (!target) throw new Error(`unsupported bulk action: ${lines[at]}`);
    documents.push({
      index: target._index ?? '',
      source: JSON.parse(lines[at + 1] ?? '{}') as Record<string, unknown>,
    });
  }
  return documents;
}

export async function startBulkReceiver(): Promise<BulkReceiver> {
  const documents: IndexedDocument[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const path = (request.url ?? '/').split('?')[0];
      if (request.method === 'POST' && path?.endsWith('/_bulk')) {
        try {
          const received = parseBulk(Buffer.concat(chunks).toString('utf8'));
          documents.push(...received);
          send(200, {
            took: 1,
            errors: false,
            items: received.map((document) => ({ index: { _index: document.index, status: 201, result: 'created' } })),
          });
        } catch (error) {
          send(400, { error: { type: 'parse_exception', reason: (error as Error).message }, status: 400 });
        }
        return;
      }
      if (request.method === 'GET' && path === '/_cat/health') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('1700000000 00:00:00 smh green 1 1 0 0 0 0 0 0 - 100.0%\n');
        return;
      }
      if (request.method === 'GET' && path === '/') {
        send(200, { name: 'stand-in', version: { number: '7.10.2', distribution: 'opensearch' } });
        return;
      }
      send(404, { error: { type: 'not_found', reason: `${request.method} ${path}` }, status: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    documents,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
