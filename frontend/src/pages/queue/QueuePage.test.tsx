import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Download } from '../../api/types.ts';
import { FakeEventSource } from '../../test/FakeEventSource.ts';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake } from '../../test/renderApp.tsx';

const zero = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
const running: Download = {
  id: 'r1',
  url: 'https://www.instagram.com/nasa/',
  kind: 'profile',
  status: 'running',
  progress: zero,
};
const failed: Download = {
  id: 'f1',
  url: 'https://www.instagram.com/p/PRIV/',
  kind: 'post',
  status: 'failed',
  progress: zero,
  error: {
    code: 'LOGIN_REQUIRED',
    message: 'This post is private. Add an Instagram session that follows the account.',
    retryable: false,
  },
};

function queueFake(items: Download[]) {
  return signedInFake()
    .on('GET /api/downloads', json(200, { items, nextCursor: null }))
    .on(
      'GET /api/videos/jobs',
      json(200, {
        items: [
          {
            id: 'v1',
            operation: 'transcode',
            status: 'failed',
            progress: 0.3,
            error: { code: 'FFMPEG', message: 'The clip has no video stream.' },
          },
        ],
        nextCursor: null,
      }),
    );
}

describe('Queue', () => {
  it('lists failures in words on the Failed tab, with arrow-key tabs', async () => {
    const { user } = renderApp(queueFake([running, failed]), '/queue');
    const downloadsTab = await screen.findByRole('tab', { name: /Downloads \(1 active\)/ });
    expect(downloadsTab.getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(screen.getAllByTestId('download-row')).toHaveLength(2));

    downloadsTab.focus();
    await user.keyboard('{ArrowRight}');
    const failedTab = screen.getByRole('tab', { name: 'Failed (2)' });
    expect(failedTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(failedTab);
    const panel = screen.getByRole('tabpanel');
    expect(within(panel).getByTestId('download-error').textContent).toBe(
      'This post is private. Add an Instagram session that follows the account. Retrying will not help until the cause is fixed.',
    );
    expect(within(panel).getByTestId('video-job-error').textContent).toBe('The clip has no video stream.');
  });

  it('cancels, retries one, and retries all failed', async () => {
    const fake = queueFake([running, failed])
      .on('POST /api/downloads/r1/cancel', json(200, { ...running, status: 'canceled' }))
      .on('POST /api/downloads/f1/retry', json(202, { ...failed, status: 'queued', error: null }))
      .on('POST /api/downloads/retry-failed', json(202, { retried: 1 }));
    const { user } = renderApp(fake, '/queue');
    await waitFor(() => expect(screen.getAllByTestId('download-row')).toHaveLength(2));

    await user.click(screen.getByRole('button', { name: 'Cancel download of https://www.instagram.com/nasa/' }));
    await waitFor(() => expect(fake.calls('POST /api/downloads/r1/cancel')).toHaveLength(1));

    await user.click(screen.getByRole('button', { name: 'Retry download of https://www.instagram.com/p/PRIV/' }));
    await waitFor(() => expect(fake.calls('POST /api/downloads/f1/retry')).toHaveLength(1));

    await user.click(screen.getByTestId('retry-all-failed'));
    await waitFor(() => expect(fake.calls('POST /api/downloads/retry-failed')).toHaveLength(1));
    expect(await screen.findByText('Retrying 1 failed download.')).toBeTruthy();
  });

  it('refetches when an event names a download it does not know (a scheduled run)', async () => {
    const fake = queueFake([running]);
    renderApp(fake, '/queue');
    await screen.findByTestId('download-row');
    const before = fake.calls('GET /api/downloads').length;
    act(() => FakeEventSource.latest().emit('download.progress', { id: 'new-one', progress: zero }));
    await waitFor(() => expect(fake.calls('GET /api/downloads').length).toBe(before + 1));
  });

  it('shows when a download waits for Instagram (live, from the progress event) and the warnings it carries', async () => {
    const until = new Date(Date.now() + 3_600_000);
    const partial: Download = {
      id: 'w1',
      url: 'https://www.instagram.com/walled/',
      kind: 'profile',
      status: 'completed',
      progress: { filesDone: 13, filesTotal: 13, bytesDone: 10, bytesTotal: 10 },
      fileIds: ['a'],
      warnings: [{ code: 'LOGIN_REQUIRED_FOR_MORE', message: 'Link an Instagram session to fetch the rest.' }],
    };
    renderApp(queueFake([running, partial]), '/queue');
    await waitFor(() => expect(screen.getAllByTestId('download-row')).toHaveLength(2));
    expect(screen.getByTestId('download-warning').textContent).toBe('Link an Instagram session to fetch the rest.');
    expect(screen.queryByTestId('download-waiting')).toBeNull();

    act(() =>
      FakeEventSource.latest().emit('download.progress', {
        id: 'r1',
        progress: zero,
        waitingUntil: until.toISOString(),
      }),
    );
    const time = until.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const shown = (await screen.findByTestId('download-waiting')).textContent ?? '';
    expect(shown.startsWith('Waiting for Instagram until ')).toBe(true);
    expect(shown.endsWith(time)).toBe(true);

    act(() => FakeEventSource.latest().emit('download.progress', { id: 'r1', progress: zero, waitingUntil: null }));
    await waitFor(() => expect(screen.queryByTestId('download-waiting')).toBeNull());
  });
});
