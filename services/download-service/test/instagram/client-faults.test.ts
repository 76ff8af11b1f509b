import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InstagramErrorCode } from '../../src/instagram/errors.js';
import type { FakeFault } from '../../../../tests/fakes/instagram/faults.js';
import { startFakeInstagram, type FakeInstagram } from '../../../../tests/fakes/instagram/server.js';
import { captureError, clientFor, SESSION_ID, sessionCookies } from './helpers.js';

let fake: FakeInstagram;
const PROFILE_PATH = '/api/v1/users/web_profile_info/';

beforeAll(async () => {
  fake = await startFakeInstagram();
  fake.addProfile({ username: 'fixture_user', posts: 3 });
  fake.addSession(SESSION_ID, 'fixture_user');
});
afterEach(() => fake.faults.clear());
afterAll(async () => fake.close());

describe('fault classification (one request, no retry)', () => {
  it.each<[string, FakeFault, boolean, InstagramErrorCode, RegExp]>([
    ['checkpoint', { type: 'checkpoint' }, false, 'CHECKPOINT_REQUIRED', /checkpoint/],
    ['challenge', { type: 'challenge' }, false, 'CHALLENGE_REQUIRED', /challenge/],
    ['feedback', { type: 'feedback' }, false, 'FEEDBACK_REQUIRED', /Try Again Later/],
    ['login redirect, anonymous', { type: 'login_redirect' }, false, 'LOGIN_REQUIRED', /login page/],
    ['login redirect, with session', { type: 'login_redirect' }, true, 'SESSION_INVALID', /fresh cookies/],
    ['challenge redirect', { type: 'challenge_redirect' }, true, 'CHALLENGE_REQUIRED', /challenge page/],
    ['home redirect, with session', { type: 'home_redirect' }, true, 'UPSTREAM_ERROR', /home page/],
    [
      '403 without a session',
      { type: 'status', status: 403, body: '{"message":"login_required","status":"fail"}' },
      false,
      'LOGIN_REQUIRED',
      /logged-in session/,
    ],
    [
      '404',
      { type: 'status', status: 404, body: '{"message":"Page not found","status":"fail"}' },
      false,
      'NOT_FOUND',
      /not found/i,
    ],
  ])('%s', async (_name, fault, withSession, code, message) => {
    const { client } = clientFor(fake, withSession ? { cookies: sessionCookies() } : {});
    fake.faults.next(PROFILE_PATH, fault);
    const error = await captureError(client.getProfile('fixture_user'));
    expect(error).toMatchObject({ name: 'InstagramError', code, retryable: false });
    expect((error as Error).message).toMatch(message);
    expect(client.requestCount).toBe(1);
  });

  it('surfaces the checkpoint URL to open in a browser', async () => {
    const { client } = clientFor(fake, { cookies: sessionCookies() });
    fake.faults.next(PROFILE_PATH, { type: 'checkpoint' });
    expect(await captureError(client.getProfile('fixture_user'))).toMatchObject({
      actionUrl: expect.stringContaining('/challenge/'),
    });
  });

  it('maps GraphQL errors on HTTP 200 to STALE_QUERY_ID', async () => {
    const { client } = clientFor(fake, { cookies: sessionCookies() });
    fake.faults.next('/graphql/query/', { type: 'graphql_error' });
    expect(await captureError(client.getCurrentUser())).toMatchObject({ code: 'STALE_QUERY_ID', retryable: false });
    const { client: rotated } = clientFor(fake, { cookies: sessionCookies(), currentUserQueryHash: 'revoked0000' });
    expect(await captureError(rotated.getCurrentUser())).toMatchObject({ code: 'STALE_QUERY_ID' });
  });
});

describe('retries and backoff (virtual clock)', () => {
  it('waits out a 429 for its Retry-After, then succeeds', async () => {
    const { client, clock } = clientFor(fake);
    fake.faults.next(PROFILE_PATH, { type: 'rate_limit', retryAfterSec: 120 });
    const start = clock.now();
    expect((await client.getProfile('fixture_user')).username).toBe('fixture_user');
    expect(clock.sleeps).toEqual([120_000]);
    expect(clock.now() - start).toBe(120_000);
    expect(client.requestCount).toBe(2);
  });

  it('backs off 60 s then 120 s on "Please wait a few minutes" (401), then succeeds', async () => {
    const { client, clock } = clientFor(fake);
    fake.faults.next(PROFILE_PATH, { type: 'please_wait' }, { times: 2 });
    await client.getProfile('fixture_user');
    expect(clock.sleeps).toEqual([60_000, 120_000]);
    expect(client.requestCount).toBe(3);
  });

  it('gives up after the bounded rate-limit retries with a retryable RATE_LIMITED', async () => {
    const { client } = clientFor(fake, { retry: { maxRateLimitRetries: 2 } });
    fake.faults.next(PROFILE_PATH, { type: 'rate_limit', retryAfterSec: 5 }, { times: 5 });
    expect(await captureError(client.getProfile('fixture_user'))).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      status: 429,
    });
    expect(client.requestCount).toBe(3);
  });

  it.each([500, 502, 560, 572])('retries HTTP %i with jittered exponential delays', async (status) => {
    const { client, clock } = clientFor(fake);
    fake.faults.next(PROFILE_PATH, { type: 'status', status }, { times: 2 });
    await client.getProfile('fixture_user');
    expect(client.requestCount).toBe(3);
    expect(clock.sleeps).toEqual([1_000, 2_000]);
  });

  it('stops retrying 5xx after maxRetries with a retryable UPSTREAM_ERROR', async () => {
    const { client } = clientFor(fake, { retry: { maxRetries: 2 } });
    fake.faults.next(PROFILE_PATH, { type: 'status', status: 502 }, { times: 10 });
    expect(await captureError(client.getProfile('fixture_user'))).toMatchObject({
      code: 'UPSTREAM_ERROR',
      retryable: true,
      status: 502,
    });
    expect(client.requestCount).toBe(3);
  });

  it('classifies an unreachable host as a retryable NETWORK_ERROR after bounded retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const { client } = clientFor(fake, { webBaseUrl: `http://127.0.0.1:${port}`, retry: { maxRetries: 1 } });
    const error = await captureError(client.getProfile('fixture_user'));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(client.requestCount).toBe(2);
  });

  it('blocks when the family window is full, even with pacing off', async () => {
    const { client, clock } = clientFor(fake, { rateWindows: { api_v1: [{ limit: 2, windowMs: 60_000 }] } });
    await client.getProfile('fixture_user');
    await client.getProfile('fixture_user');
    expect(clock.sleeps).toEqual([]);
    await client.getProfile('fixture_user');
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('paces consecutive requests by minIntervalMs (jittered)', async () => {
    const { client, clock } = clientFor(fake, { minIntervalMs: 1_000, random: () => 0.5 });
    await client.getProfile('fixture_user');
    await client.getProfile('fixture_user');
    expect(clock.sleeps).toEqual([1_250]);
  });

  it('aborts a waiting request through its signal', async () => {
    const { client } = clientFor(fake);
    const controller = new AbortController();
    controller.abort(new Error('user canceled'));
    expect(await captureError(client.getProfile('fixture_user', controller.signal))).toMatchObject({
      message: 'user canceled',
    });
    expect(client.requestCount).toBe(0);
  });
});
