import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Download } from '../../api/types.ts';
import { THUMBNAIL_RETRY_DELAYS_MS } from '../../components/Thumbnail.tsx';
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

const flaky: Download = {
  id: 'f2',
  url: '@fixture_user',
  kind: 'profile',
  status: 'failed',
  progress: zero,
  createdAt: '2020-01-02T03:04:05.000Z',
  error: { code: 'NETWORK', message: 'Instagram closed the connection', retryable: true },
};

function queueFake(items: Download[] | (() => Download[])) {
  return signedInFake()
    .on(
      'GET /api/files/clip1',
      json(200, {
        file: {
          id: 'clip1',
          name: 'clip1.mp4',
          mime: 'video/mp4',
          size: 1,
          createdAt: '2024-01-01T00:00:00Z',
          source: { caption: 'Sunset over the pier' },
        },
      }),
    )
    .on('GET /api/downloads', () =>
      json(200, { items: typeof items === 'function' ? items() : items, nextCursor: null }),
    )
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
            inputs: ['clip1'],
            createdAt: '2024-05-01T10:00:00Z',
            finishedAt: '2024-05-01T10:01:00Z',
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
    // Issue 15, bug 9: one sentence per paragraph, and no Retry for a failure marked not retryable.
    const sentences = [...within(panel).getByTestId('download-error').querySelectorAll('p')].map((p) => p.textContent);
    expect(sentences).toEqual([
      'This post is private. Add an Instagram session that follows the account.',
      'Retrying will not help until the cause is fixed.',
    ]);
    expect(within(panel).queryByRole('button', { name: /^Retry download/ })).toBeNull();
    expect(within(panel).getByTestId('video-job-error').textContent).toBe('The clip has no video stream.');
    // Video jobs name their inputs (by caption) and say when they ran.
    await waitFor(() => expect(within(panel).getByTestId('video-job-inputs').textContent).toBe('Sunset over the pier'));
    expect(within(panel).getByTestId('video-job-finished').textContent).toContain('2024');
  });

  it('cancels, retries one (showing that it started, with the retry time), and retries all failed', async () => {
    let flakyNow = flaky;
    const fake = queueFake(() => [running, flakyNow, failed])
      .on('POST /api/downloads/r1/cancel', json(200, { ...running, status: 'canceled' }))
      .on('POST /api/downloads/f2/retry', () => {
        flakyNow = { ...flaky, status: 'queued', error: null };
        return json(202, flakyNow);
      })
      .on('POST /api/downloads/retry-failed', json(202, { retried: 1 }));
    const { user } = renderApp(fake, '/queue');
    await waitFor(() => expect(screen.getAllByTestId('download-row')).toHaveLength(3));

    await user.click(screen.getByRole('button', { name: 'Cancel download of @nasa' }));
    await waitFor(() => expect(fake.calls('POST /api/downloads/r1/cancel')).toHaveLength(1));

    const row = screen.getAllByTestId('download-row').find((r) => r.dataset['downloadId'] === 'f2')!;
    expect(within(row).getByTestId('download-error').querySelector('p')?.textContent).toBe(
      'Instagram closed the connection.',
    );
    expect(within(row).getByTestId('download-date').textContent).toContain('2020');
    await user.click(within(row).getByRole('button', { name: 'Retry download of @fixture_user' }));
    await waitFor(() => expect(fake.calls('POST /api/downloads/f2/retry')).toHaveLength(1));
    await waitFor(() => expect(within(row).getByTestId('download-retry-status').textContent).toBe('Retry started.'));
    expect(within(row).getByTestId('download-date').textContent).not.toContain('2020');

    await user.click(screen.getByTestId('retry-all-failed'));
    await waitFor(() => expect(fake.calls('POST /api/downloads/retry-failed')).toHaveLength(1));
    expect(await screen.findByText('Retrying 1 failed download.')).toBeTruthy();
  });

  it('pins running work on top and names a profile @username with an absolute link (bug 4)', async () => {
    renderApp(queueFake([flaky, failed, running]), '/queue');
    await waitFor(() => expect(screen.getAllByTestId('download-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('download-row');
    expect(rows.map((r) => r.dataset['downloadId'])).toEqual(['r1', 'f2', 'f1']);
    const title = within(rows[1]!).getByTestId('download-title');
    expect(title.textContent).toBe('@fixture_user');
    expect(title.getAttribute('href')).toBe('/profiles/fixture_user');
    expect(within(rows[1]!).getByTestId('download-origin').getAttribute('href')).toBe(
      'https://www.instagram.com/fixture_user/',
    );
  });

  it('names a download of another site by its title, platform and uploader, linking the page (issue 17)', async () => {
    const page = 'https://videos.example.org/watch/launch';
    const site: Download = {
      id: 's1',
      url: page,
      kind: 'site',
      status: 'completed',
      progress: { filesDone: 1, filesTotal: 1, bytesDone: 10, bytesTotal: 10 },
      fileIds: ['site1'],
    };
    const waiting: Download = {
      id: 's2',
      url: 'https://other.example.org/live.m3u8',
      kind: 'site',
      status: 'queued',
      progress: zero,
    };
    const fake = queueFake([site, waiting]).on(
      'GET /api/files/site1',
      json(200, {
        file: {
          id: 'site1',
          name: 'launch.mp4',
          mime: 'video/mp4',
          size: 10,
          createdAt: '2024-01-01T00:00:00Z',
          source: {
            platform: 'generic',
            username: 'Space Club',
            caption: 'Launch day\n\nThe long description',
            url: page,
          },
        },
      }),
    );
    renderApp(fake, '/queue');
    await waitFor(() => expect(screen.getAllByTestId('download-row')).toHaveLength(2));
    const row = screen.getAllByTestId('download-row').find((r) => r.dataset['downloadId'] === 's1')!;
    await waitFor(() => expect(within(row).getByTestId('download-title').textContent).toBe('Launch day'));
    expect(within(row).getByTestId('download-title').getAttribute('href')).toBe(page);
    expect(within(row).getByTestId('download-origin').textContent).toBe('Web page · Space Club');
    expect(within(row).getByText('Other site')).toBeTruthy();
    expect(within(row).queryByText(/@/)).toBeNull();
    // Before a file arrives, the row shows the address it was given, as a link; no file is asked for.
    const pending = screen.getAllByTestId('download-row').find((r) => r.dataset['downloadId'] === 's2')!;
    expect(within(pending).getByTestId('download-title').getAttribute('href')).toBe(
      'https://other.example.org/live.m3u8',
    );
    expect(within(pending).queryByTestId('download-origin')).toBeNull();
    expect(fake.calls('GET /api/files/site1')).toHaveLength(1);
  });

  it('asks before cancelling a running download that has stored many files', async () => {
    const big: Download = { ...running, progress: { filesDone: 40, filesTotal: 300, bytesDone: 9e8, bytesTotal: 9e8 } };
    const fake = queueFake([big]).on('POST /api/downloads/r1/cancel', json(200, { ...big, status: 'canceled' }));
    const { user } = renderApp(fake, '/queue');
    await screen.findByTestId('download-row');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    await user.click(screen.getByRole('button', { name: 'Cancel download of @nasa' }));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(confirm.mock.calls[0]![0]).toContain('40 files are stored');
    expect(fake.calls('POST /api/downloads/r1/cancel')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Cancel download of @nasa' }));
    await waitFor(() => expect(fake.calls('POST /api/downloads/r1/cancel')).toHaveLength(1));
    confirm.mockRestore();
  });

  it('refetches when an event names a download it does not know (a scheduled run)', async () => {
    const fake = queueFake([running]);
    renderApp(fake, '/queue');
    await screen.findByTestId('download-row');
    const before = fake.calls('GET /api/downloads').length;
    const stream = await waitFor(() => FakeEventSource.latest());
    act(() => stream.emit('download.progress', { id: 'new-one', progress: zero }));
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

  it('shows a placeholder, not a broken image, for a preview whose poster is not made yet, then asks again', async () => {
    const arrived: Download = {
      id: 'p1',
      url: 'https://www.instagram.com/fixture_user/',
      kind: 'profile',
      status: 'running',
      progress: { filesDone: 2, filesTotal: 9, bytesDone: 10, bytesTotal: 90 },
      fileIds: ['photo', 'video'],
    };
    renderApp(queueFake([arrived]), '/queue');
    const previews = await screen.findByTestId('download-previews');
    const images = () => [...previews.querySelectorAll('img')];
    expect(images()).toHaveLength(2);
    fireEvent.error(images()[1]!);
    expect(images()).toHaveLength(1);
    expect(within(previews).getByTestId('thumbnail-missing')).toBeTruthy();
    await waitFor(() => expect(images()[1]?.getAttribute('src')).toContain('retry=1'), {
      timeout: THUMBNAIL_RETRY_DELAYS_MS[0]! + 2000,
    });
  });
});
