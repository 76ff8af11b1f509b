// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { apiError, FakeFetch, json, MemoryStorage } from '../test/fakeFetch.ts';
import { ApiClient, blobOf, buildUrl, dataOf, filenameFromDisposition } from './client.ts';
import { ApiError, HubUnreachableError } from './errors.ts';
import { createHubApi } from './hub.ts';
import { REFRESH_TOKEN_KEY, SIGNED_IN_KEY, TokenStore } from './tokens.ts';

const HUB = 'http://hub.test';

function setup(initial?: { access: string; refresh: string }) {
  const fake = new FakeFetch();
  const storage = new MemoryStorage();
  const tokens = new TokenStore(storage);
  if (initial) tokens.set({ accessToken: initial.access, refreshToken: initial.refresh, expiresIn: 900 });
  const onSessionExpired = vi.fn();
  const client = new ApiClient({ tokens, baseUrl: HUB, fetchFn: fake.fetch, onSessionExpired });
  return { fake, storage, tokens, client, http: client.http, api: createHubApi(client), onSessionExpired };
}

const EMPTY_PAGE = { items: [], nextCursor: null };
const expired = apiError(401, 'TOKEN_EXPIRED', 'Token expired');
const newPair = json(200, { accessToken: 'new', refreshToken: 'ref-new', expiresIn: 900 });

describe('ApiClient (openapi-fetch with the session middleware)', () => {
  it('sends the access token as a Bearer header and JSON bodies to the base URL', async () => {
    const { fake, api } = setup({ access: 'acc-1', refresh: 'ref-1' });
    fake.on('POST /api/downloads', json(202, { id: 'd1', status: 'queued' }));
    const result = await api.downloads.create({ url: 'https://x.test/a.jpg' });
    expect(result.id).toBe('d1');
    const [request] = fake.calls('POST /api/downloads');
    expect(request?.headers.get('authorization')).toBe('Bearer acc-1');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toEqual({ url: 'https://x.test/a.jpg' });
  });

  it('puts path parameters (encoded) and query parameters (empty ones left out) into the URL', async () => {
    const { fake, api } = setup({ access: 'a', refresh: 'r' });
    fake.on('GET /api/downloads/a%2Fb', json(200, { id: 'a/b' }));
    fake.on('GET /api/files', json(200, EMPTY_PAGE));
    await api.downloads.get('a/b');
    await api.files.list({ q: 'sun', limit: 40, type: undefined });
    expect(fake.calls('GET /api/downloads/a%2Fb')).toHaveLength(1);
    expect(fake.calls('GET /api/files')[0]?.query.toString()).toBe('q=sun&limit=40');
  });

  it('sends no Authorization header when signed out', async () => {
    const { fake, api } = setup();
    fake.on('GET /api/auth/status', json(200, { hasUsers: false, openRegistration: false }));
    await api.auth.status();
    expect(fake.requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('on a 401 refreshes once, stores the new pair and retries the request with the new token', async () => {
    const { fake, api, tokens, storage } = setup({ access: 'old', refresh: 'ref-old' });
    fake.on('GET /api/auth/me', (req) =>
      req.headers.get('authorization') === 'Bearer new' ? json(200, { user: { id: 'u1' } }) : expired,
    );
    fake.on('POST /api/auth/refresh', newPair);
    const me = await api.auth.me();
    expect(me.user.id).toBe('u1');
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(1);
    // The refresh token is the hub's httpOnly cookie: nothing readable by script in the body, no Bearer header.
    expect(fake.calls('POST /api/auth/refresh')[0]?.body).toEqual({});
    expect(fake.calls('POST /api/auth/refresh')[0]?.headers.has('authorization')).toBe(false);
    expect(fake.calls('GET /api/auth/me')).toHaveLength(2);
    expect(tokens.accessToken).toBe('new');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(storage.getItem(SIGNED_IN_KEY)).toBe('1');
  });

  it('replays the body of a POST that met an expired token', async () => {
    const { fake, api } = setup({ access: 'old', refresh: 'ref' });
    fake.on('POST /api/downloads', (req) =>
      req.headers.get('authorization') === 'Bearer new' ? json(202, { id: 'd1', status: 'queued' }) : expired,
    );
    fake.on('POST /api/auth/refresh', newPair);
    await api.downloads.create({ url: 'https://x.test/b.jpg' });
    expect(fake.calls('POST /api/downloads').map((r) => r.body)).toEqual([
      { url: 'https://x.test/b.jpg' },
      { url: 'https://x.test/b.jpg' },
    ]);
  });

  it('moves a refresh token an older version stored to the cookie: sent once in the body, then removed', async () => {
    const { fake, client, tokens, storage } = setup();
    storage.setItem(REFRESH_TOKEN_KEY, 'ref-legacy');
    fake.on('POST /api/auth/refresh', newPair);
    expect(await client.refreshSession()).toBe(true);
    expect(fake.calls('POST /api/auth/refresh')[0]?.body).toEqual({ refreshToken: 'ref-legacy' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(tokens.accessToken).toBe('new');
    expect(await client.refreshSession()).toBe(true);
    expect(fake.calls('POST /api/auth/refresh')[1]?.body).toEqual({});
  });

  it('retries only once: a second 401 after a good refresh is thrown, not looped', async () => {
    const { fake, api } = setup({ access: 'old', refresh: 'ref' });
    fake.on('GET /api/files', apiError(401, 'UNAUTHORIZED', 'Not allowed'));
    fake.on('POST /api/auth/refresh', newPair);
    await expect(api.files.list({})).rejects.toMatchObject({ status: 401, message: 'Not allowed' });
    expect(fake.calls('GET /api/files')).toHaveLength(2);
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(1);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { fake, api } = setup({ access: 'old', refresh: 'ref' });
    const ok = (req: { headers: Headers }) =>
      req.headers.get('authorization') === 'Bearer new' ? json(200, EMPTY_PAGE) : expired;
    fake.on('GET /api/downloads', ok).on('GET /api/videos/jobs', ok);
    fake.on('POST /api/auth/refresh', newPair);
    await Promise.all([api.downloads.list(), api.videos.list()]);
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(1);
    expect(fake.calls('GET /api/downloads')).toHaveLength(2);
    expect(fake.calls('GET /api/videos/jobs')).toHaveLength(2);
  });

  it('clears the tokens and reports the session as ended when the refresh token is rejected', async () => {
    const { fake, api, tokens, storage, onSessionExpired } = setup({ access: 'old', refresh: 'ref' });
    fake.on('GET /api/auth/me', apiError(401, 'TOKEN_EXPIRED', 'Your session has expired.'));
    fake.on('POST /api/auth/refresh', apiError(401, 'INVALID_REFRESH', 'Refresh token revoked'));
    await expect(api.auth.me()).rejects.toBeInstanceOf(ApiError);
    expect(tokens.accessToken).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('does not try to refresh when a login is refused', async () => {
    const { fake, api } = setup({ access: 'a', refresh: 'r' });
    fake.on('POST /api/auth/login', apiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password.'));
    await expect(api.auth.login('x', 'y')).rejects.toThrow('Wrong username or password.');
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(0);
  });

  it('turns the error body into an ApiError with code, message and details', async () => {
    const { fake, api } = setup({ access: 'a', refresh: 'r' });
    const details = [{ path: ['url'], message: 'must be an Instagram or http(s) URL' }];
    fake.on('POST /api/downloads', apiError(400, 'UNSUPPORTED_URL', 'This link cannot be downloaded.', details));
    const error = await api.downloads.create({ url: 'ftp://x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'UNSUPPORTED_URL',
      message: 'This link cannot be downloaded.',
      details,
    });
  });

  it('uses a sentence by status when the error body is not the hub format', async () => {
    const { fake, api } = setup();
    fake.on('GET /api/users', { status: 403, body: { message: 'nope' } });
    await expect(api.users.list()).rejects.toMatchObject({
      code: 'HTTP_403',
      message: 'You are not allowed to do that.',
    });
  });

  it('reports the hub as unreachable on a network failure and on a proxy error page', async () => {
    const down = new TokenStore(new MemoryStorage());
    const failing = new ApiClient({
      tokens: down,
      baseUrl: HUB,
      fetchFn: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(dataOf(failing.http.GET('/api/auth/status'))).rejects.toBeInstanceOf(HubUnreachableError);

    const { fake, api } = setup();
    fake.on('GET /api/auth/status', () => new Response('Bad gateway', { status: 502 }));
    await expect(api.auth.status()).rejects.toBeInstanceOf(HubUnreachableError);
  });

  it('passes an AbortSignal through: an aborted call rejects as an abort, not as an unreachable hub', async () => {
    // Like fetch: rejects with the signal's reason once it is aborted, answers nothing before.
    const client = new ApiClient({
      tokens: new TokenStore(new MemoryStorage()),
      baseUrl: HUB,
      fetchFn: ({ signal }) =>
        new Promise((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    });
    const controller = new AbortController();
    const call = dataOf(client.http.GET('/api/auth/status', { signal: controller.signal }));
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(HubUnreachableError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('maps a 2xx body that is not JSON to BAD_RESPONSE', async () => {
    const { fake, api } = setup();
    fake.on('GET /api/auth/status', () => new Response('<html>', { status: 200 }));
    await expect(api.auth.status()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('resolves a 204 and sends FormData as multipart, not JSON', async () => {
    const { fake, api } = setup({ access: 'a', refresh: 'r' });
    fake.on('DELETE /api/files/f1', { status: 204 });
    fake.on('POST /api/instagram/sessions/upload', json(201, { id: 's1', username: 'me', status: 'active' }));
    await expect(api.files.remove('f1')).resolves.toBeUndefined();
    await api.sessions.uploadCookieDb(new File(['x'], 'cookies.sqlite'));
    const [upload] = fake.calls('POST /api/instagram/sessions/upload');
    expect(upload?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = upload?.body as FormData | undefined;
    expect((form?.get('file') as File | null)?.name).toBe('cookies.sqlite');
  });

  it('builds ?token= URLs for media and skips empty query values', () => {
    const { api } = setup({ access: 'a b', refresh: 'r' });
    expect(api.files.contentUrl('f1', true)).toBe(`${HUB}/api/files/f1/content?download=1&token=a+b`);
    expect(buildUrl('', '/api/files', { q: 'sun', type: undefined, username: '', limit: 40 })).toBe(
      '/api/files?q=sun&limit=40',
    );
  });

  it('reads the file name of a ZIP answer', async () => {
    const { fake, api, http } = setup({ access: 'a', refresh: 'r' });
    fake
      .on(
        'POST /api/files/archive',
        () =>
          new Response('PK', { status: 200, headers: { 'content-disposition': 'attachment; filename="files.zip"' } }),
      )
      .on('POST /api/files/archive', apiError(404, 'NOT_FOUND', 'No such files'));
    const result = await api.files.archive(['a']);
    expect(fake.calls('POST /api/files/archive')[0]?.body).toEqual({ ids: ['a'] });
    expect(result.filename).toBe('files.zip');
    expect(await result.blob.text()).toBe('PK');
    await expect(blobOf(http.POST('/api/files/archive', { body: { ids: ['b'] }, parseAs: 'blob' }))).rejects.toThrow(
      'No such files',
    );
    expect(filenameFromDisposition("attachment; filename*=UTF-8''caf%C3%A9.zip")).toBe('café.zip');
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
