// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { apiError, FakeFetch, json, MemoryStorage } from '../test/fakeFetch.ts';
import { ApiClient, buildUrl, filenameFromDisposition } from './client.ts';
import { ApiError, HubUnreachableError } from './errors.ts';
import { REFRESH_TOKEN_KEY, SIGNED_IN_KEY, TokenStore } from './tokens.ts';

function setup(initial?: { access: string; refresh: string }) {
  const fake = new FakeFetch();
  const storage = new MemoryStorage();
  const tokens = new TokenStore(storage);
  if (initial) tokens.set({ accessToken: initial.access, refreshToken: initial.refresh, expiresIn: 900 });
  const onSessionExpired = vi.fn();
  const client = new ApiClient({ tokens, fetchFn: fake.fetch, onSessionExpired });
  return { fake, storage, tokens, client, onSessionExpired };
}

describe('ApiClient', () => {
  it('sends the access token as a Bearer header and JSON bodies', async () => {
    const { fake, client } = setup({ access: 'acc-1', refresh: 'ref-1' });
    fake.on('POST /api/downloads', json(202, { id: 'd1', status: 'queued' }));
    const result = await client.post<{ id: string }>('/api/downloads', { url: 'https://x.test/a.jpg' });
    expect(result.id).toBe('d1');
    const [request] = fake.calls('POST /api/downloads');
    expect(request?.headers.get('authorization')).toBe('Bearer acc-1');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toEqual({ url: 'https://x.test/a.jpg' });
  });

  it('sends no Authorization header when signed out', async () => {
    const { fake, client } = setup();
    fake.on('GET /api/auth/status', json(200, { hasUsers: false, openRegistration: false }));
    await client.get('/api/auth/status');
    expect(fake.requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('on a 401 refreshes once, stores the new pair and retries the request with the new token', async () => {
    const { fake, client, tokens, storage } = setup({ access: 'old', refresh: 'ref-old' });
    fake.on('GET /api/auth/me', (req) =>
      req.headers.get('authorization') === 'Bearer new'
        ? json(200, { user: { id: 'u1' } })
        : apiError(401, 'TOKEN_EXPIRED', 'Token expired'),
    );
    fake.on('POST /api/auth/refresh', json(200, { accessToken: 'new', refreshToken: 'ref-new', expiresIn: 900 }));
    const me = await client.get<{ user: { id: string } }>('/api/auth/me');
    expect(me.user.id).toBe('u1');
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(1);
    // The refresh token is the hub's httpOnly cookie: no body, nothing readable by script.
    expect(fake.calls('POST /api/auth/refresh')[0]?.body).toBeNull();
    expect(fake.calls('POST /api/auth/refresh')[0]?.headers.has('authorization')).toBe(false);
    expect(fake.calls('GET /api/auth/me')).toHaveLength(2);
    expect(tokens.accessToken).toBe('new');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(storage.getItem(SIGNED_IN_KEY)).toBe('1');
  });

  it('moves a refresh token an older version stored to the cookie: sent once in the body, then removed', async () => {
    const { fake, client, tokens, storage } = setup();
    storage.setItem(REFRESH_TOKEN_KEY, 'ref-legacy');
    fake.on('POST /api/auth/refresh', json(200, { accessToken: 'new', refreshToken: 'ref-new', expiresIn: 900 }));
    expect(await client.refreshSession()).toBe(true);
    expect(fake.calls('POST /api/auth/refresh')[0]?.body).toEqual({ refreshToken: 'ref-legacy' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(tokens.accessToken).toBe('new');
    expect(await client.refreshSession()).toBe(true);
    expect(fake.calls('POST /api/auth/refresh')[1]?.body).toBeNull();
  });

  it('retries only once: a second 401 after a good refresh is thrown, not looped', async () => {
    const { fake, client } = setup({ access: 'old', refresh: 'ref' });
    fake.on('GET /api/files', apiError(401, 'UNAUTHORIZED', 'Not allowed'));
    fake.on('POST /api/auth/refresh', json(200, { accessToken: 'new', refreshToken: 'ref2', expiresIn: 900 }));
    await expect(client.get('/api/files')).rejects.toMatchObject({ status: 401, message: 'Not allowed' });
    expect(fake.calls('GET /api/files')).toHaveLength(2);
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(1);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { fake, client } = setup({ access: 'old', refresh: 'ref' });
    const ok = (req: { headers: Headers }) =>
      req.headers.get('authorization') === 'Bearer new'
        ? json(200, { items: [], nextCursor: null })
        : apiError(401, 'TOKEN_EXPIRED', 'expired');
    fake.on('GET /api/downloads', ok).on('GET /api/videos/jobs', ok);
    fake.on('POST /api/auth/refresh', json(200, { accessToken: 'new', refreshToken: 'ref2', expiresIn: 900 }));
    await Promise.all([client.get('/api/downloads'), client.get('/api/videos/jobs')]);
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(1);
  });

  it('clears the tokens and reports the session as ended when the refresh token is rejected', async () => {
    const { fake, client, tokens, storage, onSessionExpired } = setup({ access: 'old', refresh: 'ref' });
    fake.on('GET /api/auth/me', apiError(401, 'TOKEN_EXPIRED', 'Your session has expired.'));
    fake.on('POST /api/auth/refresh', apiError(401, 'INVALID_REFRESH', 'Refresh token revoked'));
    await expect(client.get('/api/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(tokens.accessToken).toBeNull();
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('does not try to refresh when a login is refused', async () => {
    const { fake, client } = setup({ access: 'a', refresh: 'r' });
    fake.on('POST /api/auth/login', apiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password.'));
    await expect(client.post('/api/auth/login', { username: 'x', password: 'y' })).rejects.toThrow(
      'Wrong username or password.',
    );
    expect(fake.calls('POST /api/auth/refresh')).toHaveLength(0);
  });

  it('turns the error body into an ApiError with code, message and details', async () => {
    const { fake, client } = setup({ access: 'a', refresh: 'r' });
    const details = [{ path: ['url'], message: 'must be an Instagram or http(s) URL' }];
    fake.on('POST /api/downloads', apiError(400, 'UNSUPPORTED_URL', 'This link cannot be downloaded.', details));
    const error = await client.post('/api/downloads', { url: 'ftp://x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'UNSUPPORTED_URL',
      message: 'This link cannot be downloaded.',
      details,
    });
  });

  it('uses a sentence by status when the error body is not the hub format', async () => {
    const { fake, client } = setup();
    fake.on('GET /api/users', { status: 403, body: { message: 'nope' } });
    await expect(client.get('/api/users')).rejects.toMatchObject({
      code: 'HTTP_403',
      message: 'You are not allowed to do that.',
    });
  });

  it('reports the hub as unreachable on a network failure and on a proxy error page', async () => {
    const down = new TokenStore(new MemoryStorage());
    const failing = new ApiClient({ tokens: down, fetchFn: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(failing.get('/api/auth/status')).rejects.toBeInstanceOf(HubUnreachableError);

    const { fake, client } = setup();
    fake.on('GET /api/auth/status', () => new Response('', { status: 502, headers: { 'content-type': 'text/plain' } }));
    await expect(client.get('/api/auth/status')).rejects.toBeInstanceOf(HubUnreachableError);
  });

  it('returns undefined for 204 and sends FormData without a JSON content type', async () => {
    const { fake, client } = setup({ access: 'a', refresh: 'r' });
    fake.on('DELETE /api/files/f1', { status: 204 });
    fake.on('POST /api/instagram/sessions/upload', json(201, { id: 's1', username: 'me', status: 'active' }));
    await expect(client.delete('/api/files/f1')).resolves.toBeUndefined();
    const form = new FormData();
    form.append('file', new Blob(['x']), 'cookies.sqlite');
    await client.post('/api/instagram/sessions/upload', form);
    const [upload] = fake.calls('POST /api/instagram/sessions/upload');
    expect(upload?.headers.get('content-type')).toBeNull();
    expect(upload?.body).toBeInstanceOf(FormData);
  });

  it('builds ?token= URLs for media and skips empty query values', () => {
    const { client } = setup({ access: 'a b', refresh: 'r' });
    expect(client.authedUrl('/api/files/f1/content', { download: 1 })).toBe(
      '/api/files/f1/content?download=1&token=a+b',
    );
    expect(buildUrl('', '/api/files', { q: 'sun', type: undefined, username: '', limit: 40 })).toBe(
      '/api/files?q=sun&limit=40',
    );
  });

  it('reads the file name of a ZIP answer', async () => {
    const { fake, client } = setup({ access: 'a', refresh: 'r' });
    fake.on(
      'POST /api/files/archive',
      () => new Response('PK', { status: 200, headers: { 'content-disposition': 'attachment; filename="files.zip"' } }),
    );
    const result = await client.blob('POST', '/api/files/archive', { body: { ids: ['a'] } });
    expect(result.filename).toBe('files.zip');
    expect(await result.blob.text()).toBe('PK');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''caf%C3%A9.zip")).toBe('café.zip');
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
