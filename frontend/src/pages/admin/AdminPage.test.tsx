import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeFetch, json } from '../../test/fakeFetch.ts';
import { ADMIN, renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

describe('Admin', () => {
  it('shows service health and queue depths, and disables a user', async () => {
    const bob = { id: 'u2', username: 'bob', role: 'user', createdAt: '2024-02-01T00:00:00Z', disabled: false };
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/health', json(200, { status: 'degraded', services: { gateway: 'ok', 'video-service': 'down' } }))
      .on(
        'GET /api/system',
        json(200, {
          services: { 'download-service': { status: 'ok' } },
          // As the gateway reads them off the services' metrics: a state with no sample is absent.
          queues: { downloads: { waiting: 3, active: 1, failed: 2 } },
        }),
      )
      .on('GET /api/users', json(200, { items: [ADMIN, bob], nextCursor: null }))
      .on('PATCH /api/users/u2', json(200, { ...bob, disabled: true }));
    const { user } = renderApp(fake, '/admin');
    expect((await screen.findByTestId('system-status')).textContent).toBe('degraded');
    const services = screen.getAllByTestId('service-health').map((li) => li.textContent);
    expect(services).toEqual(['gatewayok', 'video-servicedown', 'download-serviceok']);
    const queueRow = screen.getByTestId('queue-depth');
    expect(
      within(queueRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '1', '0', '2', '0']);

    await user.click(await screen.findByRole('button', { name: 'Disable bob' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Enable bob' })).toBeTruthy());
    expect(fake.calls('PATCH /api/users/u2')[0]?.body).toEqual({ disabled: true });
  });

  it.each([
    [
      'an outdated yt-dlp with a warning',
      { version: '2023.03.04', released: '2023-03-04', ageDays: 400, outdated: true },
      /^yt-dlp 2023\.03\.04 \(released 2023-03-04, 400 days old\) Outdated: sites change often/,
      'true',
    ],
    [
      'a current yt-dlp without one',
      { version: '2026.11.30', released: '2026-11-30', ageDays: 7, outdated: false },
      /^yt-dlp 2026\.11\.30 \(released 2026-11-30, 7 days old\)$/,
      'false',
    ],
    [
      'a missing yt-dlp',
      { error: 'yt-dlp not found' },
      /^yt-dlp: yt-dlp not found\. Pages of other sites cannot be downloaded\.$/,
      null,
    ],
  ])('shows %s', async (_name, ytdlp, text, outdated) => {
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/health', json(200, { status: 'ok', services: { gateway: 'ok' } }))
      .on('GET /api/system', json(200, { services: { 'download-service': { status: 'ok', ytdlp } }, queues: {} }))
      .on('GET /api/users', json(200, { items: [ADMIN], nextCursor: null }));
    renderApp(fake, '/admin');
    const line = await screen.findByTestId('ytdlp-status');
    expect(line.textContent).toMatch(text);
    expect(line.getAttribute('data-outdated')).toBe(outdated);
    expect(line.className).toBe(outdated === 'false' ? '' : 'tool-warning');
  });

  it('hides the Admin page from regular users', async () => {
    const fake = withEmptyLists(
      new FakeFetch()
        .on('GET /api/auth/status', json(200, { hasUsers: true, openRegistration: false }))
        .on('POST /api/auth/refresh', json(200, { accessToken: 'a', refreshToken: 'r', expiresIn: 900 }))
        .on('GET /api/auth/me', json(200, { user: { ...ADMIN, id: 'u2', username: 'bob', role: 'user' } })),
    );
    renderApp(fake, '/admin');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(fake.calls('GET /api/users')).toHaveLength(0);
  });
});
