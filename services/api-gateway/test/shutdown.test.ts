/**
 * Stopping while clients hold event streams open: closing the gateway ends the streams (clients reconnect
 * elsewhere) instead of waiting for the clients to leave, which held a rolling update for as long as nginx's
 * one-hour SSE timeout.
 */
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { alice, bearer, startGateway, type GatewayHarness } from './support.js';

let h: GatewayHarness | undefined;
afterEach(async () => {
  await h?.close().catch(() => undefined);
  h = undefined;
});

describe('gateway close with open event streams', () => {
  it('ends every open stream and finishes closing while the clients are still connected', {
    timeout: 20_000,
  }, async () => {
    h = await startGateway({ gateway: { heartbeatMs: 60_000 } });
    await h.gateway.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(h.gateway.server.address() as AddressInfo).port}`;
    const headers = await bearer(h.tokens, alice);

    const streams = await Promise.all(
      [1, 2].map(async () => {
        const response = await request(`${base}/api/events`, { headers });
        expect(response.statusCode).toBe(200);
        let text = '';
        const ended = new Promise<string>((resolve) => {
          response.body.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          response.body.on('end', () => resolve(text));
          response.body.on('error', () => resolve(text));
        });
        await expect.poll(() => text).toContain(': connected');
        return { ended };
      }),
    );

    // The clients never disconnect by themselves; close must not wait for them.
    let closed = false;
    const closing = h.gateway.close().then(() => {
      closed = true;
    });
    const texts = await Promise.all(streams.map((stream) => stream.ended));
    for (const text of texts) expect(text).toContain('retry: 5000');
    await closing;
    expect(closed).toBe(true);
  });
});
