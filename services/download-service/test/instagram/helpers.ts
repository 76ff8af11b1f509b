/** Shared set-up for tests of the Instagram client against the fake Instagram. */
import { InstagramClient, type InstagramClientOptions } from '../../src/instagram/client.js';
import type { CookieMap } from '../../src/instagram/cookies.js';
import type { FakeInstagram } from '../../../../tests/fakes/instagram/server.js';
import { createVirtualClock, type VirtualClock } from '../../../../tests/fakes/instagram/virtual-clock.js';

export const SESSION_ID = 'session-fixture-user';
export const sessionCookies = (sessionid = SESSION_ID): CookieMap => ({
  sessionid,
  csrftoken: 'csrf-test-token',
  ds_user_id: '1234567890',
});

export function clientFor(
  fake: FakeInstagram,
  options: InstagramClientOptions = {},
): { client: InstagramClient; clock: VirtualClock } {
  const clock = createVirtualClock();
  const client = new InstagramClient({
    webBaseUrl: fake.webUrl,
    apiBaseUrl: fake.apiUrl,
    clock,
    minIntervalMs: 0,
    random: () => 0,
    ...options,
  });
  return { client, clock };
}

export async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
