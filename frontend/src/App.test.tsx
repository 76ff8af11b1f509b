import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_KEY, SIGNED_IN_KEY } from './api/tokens.ts';
import { FakeEventSource } from './test/FakeEventSource.ts';
import { apiError, FakeFetch, json } from './test/fakeFetch.ts';
import { ADMIN, renderApp, signedInFake, withEmptyLists } from './test/renderApp.tsx';

describe('App start-up and sign in', () => {
  it('says plainly when the hub cannot be reached, and recovers on retry', async () => {
    let up = false;
    const fake = new FakeFetch().on('GET /api/auth/status', () => {
      if (!up) return new Response('', { status: 502 });
      return json(200, { hasUsers: true, openRegistration: false });
    });
    const { user } = renderApp(fake, '/', { signedIn: false });
    expect(await screen.findByRole('heading', { name: 'Cannot reach the hub' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/did not answer/);
    up = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('first run: creates the administrator, signs in and lands on the dashboard', async () => {
    const fake = withEmptyLists(new FakeFetch())
      .on('GET /api/auth/status', json(200, { hasUsers: false, openRegistration: false }))
      .on('POST /api/auth/register', json(201, { user: ADMIN }))
      .on('POST /api/auth/login', json(200, { accessToken: 'acc', refreshToken: 'ref', expiresIn: 900, user: ADMIN }));
    const { user, storage } = renderApp(fake, '/', { signedIn: false });
    await screen.findByRole('heading', { name: /create the administrator account/i });

    await user.click(screen.getByRole('button', { name: 'Create administrator account' }));
    expect(screen.getByText('Enter a username.')).toBeTruthy();
    expect(fake.calls('POST /api/auth/register')).toHaveLength(0);

    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.type(screen.getByLabelText('Confirm password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Create administrator account' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(fake.calls('POST /api/auth/register')[0]?.body).toEqual({ username: 'admin', password: 'correct horse' });
    expect(fake.calls('POST /api/auth/login')[0]?.body).toEqual({ username: 'admin', password: 'correct horse' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(storage.getItem(SIGNED_IN_KEY)).toBe('1');
    expect(screen.getByTestId('current-user').textContent).toBe('admin');
    expect(screen.getByRole('link', { name: 'Admin' })).toBeTruthy();
  });

  it('shows the hub message when sign in is refused', async () => {
    const fake = new FakeFetch()
      .on('GET /api/auth/status', json(200, { hasUsers: true, openRegistration: false }))
      .on('POST /api/auth/login', apiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password.'));
    const { user } = renderApp(fake, '/', { signedIn: false });
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'nope-nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('auth-error')).textContent).toBe('Wrong username or password.');
  });

  it('resumes a session from the stored refresh token and signs out', async () => {
    const fake = withEmptyLists(signedInFake()).on('POST /api/auth/logout', { status: 204 });
    const { user, storage } = renderApp(fake, '/queue');
    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeTruthy();
    expect(fake.calls('POST /api/auth/refresh')[0]?.body).toEqual({ refreshToken: 'refresh-1' });
    expect(fake.calls('GET /api/auth/me')[0]?.headers.get('authorization')).toBe('Bearer access-1');

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByTestId('auth-notice').textContent).toBe('You are signed out.');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('drops the green signed-out notice once a sign-in fails (issue 15, bug 12)', async () => {
    const fake = withEmptyLists(signedInFake())
      .on('POST /api/auth/logout', { status: 204 })
      .on(
        'POST /api/auth/login',
        apiError(429, 'TOO_MANY_ATTEMPTS', 'Too many sign-in attempts. Try again in 7 minutes.'),
      );
    const { user } = renderApp(fake, '/queue');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect((await screen.findByTestId('auth-notice')).textContent).toBe('You are signed out.');
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'wrong-wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('auth-error')).textContent).toBe(
      'Too many sign-in attempts. Try again in 7 minutes.',
    );
    expect(screen.queryByTestId('auth-notice')).toBeNull();
  });

  it('returns to sign in with a notice when the refresh token is no longer accepted', async () => {
    const fake = new FakeFetch()
      .on('GET /api/auth/status', json(200, { hasUsers: true, openRegistration: false }))
      .on('POST /api/auth/refresh', apiError(401, 'INVALID_REFRESH_TOKEN', 'Refresh token expired.'));
    renderApp(fake, '/');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('auth-notice').textContent).toMatch(/session has ended/));
  });

  it('shows a banner while the hub does not answer, and links the API documentation', async () => {
    const fake = withEmptyLists(signedInFake());
    renderApp(fake, '/');
    await screen.findByRole('heading', { name: 'Dashboard' });
    expect(screen.getByTestId('api-docs-link').getAttribute('href')).toBe('/api/docs');
    expect(screen.queryByTestId('hub-unreachable-banner')).toBeNull();
    // The stream opens after the first render's effects: on a busy machine, after the heading appears.
    const stream = await waitFor(() => FakeEventSource.latest());
    act(() => stream.fail());
    expect((await screen.findByTestId('hub-unreachable-banner')).textContent).toContain('The hub is not answering.');
  });

  it('navigates between pages with the main navigation', async () => {
    const fake = withEmptyLists(signedInFake()).on(
      'GET /api/subscriptions',
      json(200, { items: [], nextCursor: null }),
    );
    const { user } = renderApp(fake, '/');
    await screen.findByRole('heading', { name: 'Dashboard' });
    await user.click(screen.getByRole('link', { name: 'Subscriptions' }));
    expect(await screen.findByRole('heading', { name: 'Subscriptions', level: 1 })).toBeTruthy();
    expect(window.location.pathname).toBe('/subscriptions');
    expect(screen.getByRole('link', { name: 'Subscriptions' }).getAttribute('aria-current')).toBe('page');
    await act(async () => {
      window.history.back();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
  });
});
