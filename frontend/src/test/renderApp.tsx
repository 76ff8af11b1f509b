import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App.tsx';
import { createHub } from '../hub.tsx';
import { REFRESH_TOKEN_KEY } from '../api/tokens.ts';
import { asEventSource, FakeEventSource } from './FakeEventSource.ts';
import { FakeFetch, json, MemoryStorage } from './fakeFetch.ts';

export const ADMIN = { id: 'u1', username: 'admin', role: 'admin' as const, createdAt: '2024-01-01T00:00:00Z' };

/** Routes every signed-in page needs; tests add or override the ones they exercise (earlier routes answer first). */
export function signedInFake(): FakeFetch {
  return new FakeFetch()
    .on('GET /api/auth/status', json(200, { hasUsers: true, openRegistration: false }))
    .on('POST /api/auth/refresh', json(200, { accessToken: 'access-1', refreshToken: 'refresh-2', expiresIn: 900 }))
    .on('GET /api/auth/me', json(200, { user: ADMIN }));
}

export function withEmptyLists(fake: FakeFetch): FakeFetch {
  return fake
    .on('GET /api/downloads', json(200, { items: [], nextCursor: null }))
    .on('GET /api/videos/jobs', json(200, { items: [], nextCursor: null }))
    .on('GET /api/instagram/sessions', json(200, { items: [], nextCursor: null }));
}

/** Renders the whole app at `path`, already signed in through a stored refresh token. */
export function renderApp(fake: FakeFetch, path = '/', options: { signedIn?: boolean } = {}) {
  FakeEventSource.reset();
  window.history.replaceState(null, '', path);
  const storage = new MemoryStorage();
  if (options.signedIn !== false) storage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
  const hub = createHub({ fetchFn: fake.fetch, storage });
  const user = userEvent.setup();
  const view = render(<App hub={hub} EventSourceImpl={asEventSource(FakeEventSource)} />);
  return { ...view, hub, storage, user };
}
