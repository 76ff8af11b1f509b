import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeEventSource } from '../../test/FakeEventSource.ts';
import { apiError, json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

describe('Dashboard: paste a link and watch it download', () => {
  it('detects the link kind, sends includes and follows live progress to done', async () => {
    const fake = signedInFake()
      .on('POST /api/downloads', json(202, { id: 'd1', status: 'queued' }))
      .on('GET /api/downloads', json(200, { items: [], nextCursor: null }));
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/');
    const input = await screen.findByLabelText('Link to download');
    await user.type(input, 'https://www.instagram.com/nasa/');
    expect(screen.getByTestId('url-kind-hint').textContent).toBe('Detected: Instagram profile @nasa');
    await user.click(screen.getByRole('checkbox', { name: 'Stories' }));
    await user.click(screen.getByRole('button', { name: 'Download' }));

    const row = await screen.findByTestId('download-row');
    expect(fake.calls('POST /api/downloads')[0]?.body).toEqual({
      url: 'https://www.instagram.com/nasa/',
      include: ['posts', 'reels', 'stories'],
    });
    expect(row.getAttribute('data-status')).toBe('queued');
    expect((input as HTMLInputElement).value).toBe('');

    const stream = FakeEventSource.latest();
    expect(stream.url).toBe('/api/events?token=access-1');
    act(() => {
      stream.emit('download.progress', {
        id: 'd1',
        progress: { filesDone: 2, filesTotal: 4, bytesDone: 1_000_000, bytesTotal: 2_000_000 },
        speedBps: 250_000,
      });
    });
    expect(within(row).getByTestId('download-percent').textContent).toBe('50%');
    expect(within(row).getByTestId('download-progress-text').textContent).toBe('2 of 4 files · 1.0 MB');
    expect(within(row).getByTestId('download-speed').textContent).toBe('250 kB/s');
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(row.getAttribute('data-status')).toBe('running');

    act(() => stream.emit('download.completed', { id: 'd1', fileIds: ['f1', 'f2', 'f3', 'f4'] }));
    expect(row.getAttribute('data-status')).toBe('completed');
    expect(within(row).getByTestId('download-percent').textContent).toBe('100%');
    expect(within(row).getByRole('link', { name: 'View 4 files' }).getAttribute('href')).toBe('/library?download=d1');
  });

  it('shows the hub message when it refuses the link', async () => {
    const fake = signedInFake().on(
      'POST /api/downloads',
      apiError(400, 'UNSUPPORTED_URL', 'This address points to a private network, which is not allowed.'),
    );
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/');
    await user.type(await screen.findByLabelText('Link to download'), 'http://10.0.0.1/a.mp4');
    expect(screen.getByTestId('url-kind-hint').textContent).toBe('Detected: Direct file from 10.0.0.1');
    await user.click(screen.getByRole('button', { name: 'Download' }));
    expect((await screen.findByTestId('download-error-message')).textContent).toBe(
      'This address points to a private network, which is not allowed.',
    );
    expect(screen.queryByTestId('download-row')).toBeNull();
  });

  it('explains a link it cannot use without calling the hub', async () => {
    const fake = withEmptyLists(signedInFake());
    const { user } = renderApp(fake, '/');
    await user.type(await screen.findByLabelText('Link to download'), 'ftp://example.com/x');
    await user.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(screen.getByLabelText('Link to download').getAttribute('aria-invalid')).toBe('true'));
    const reason = 'The scheme "ftp" is not supported (use http or https).';
    expect(screen.getByText(reason, { selector: '.field-error' })).toBeTruthy();
    // Said once: the hint goes back to its help text while the error shows (issue 15, bug 6).
    expect(screen.getAllByText(reason)).toHaveLength(1);
    expect(fake.calls('POST /api/downloads')).toHaveLength(0);
  });
});
