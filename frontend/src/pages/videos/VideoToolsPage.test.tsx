import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HubFile } from '../../api/types.ts';
import { FakeEventSource } from '../../test/FakeEventSource.ts';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

const clip = (id: string, duration = 5): HubFile => ({
  id,
  name: `${id}.mp4`,
  mime: 'video/mp4',
  size: 1000,
  duration,
  createdAt: '2024-01-01T00:00:00Z',
});

const rowNames = () => screen.getAllByTestId('clip-row').map((row) => row.getAttribute('data-file-id'));

describe('Video tools: merge clips in a chosen order', () => {
  it('adds clips, reorders them with the keyboard-accessible buttons, and merges in that order', async () => {
    const fake = signedInFake()
      .on('GET /api/files', json(200, { items: [clip('intro'), clip('middle'), clip('outro')], nextCursor: null }))
      .on('POST /api/videos/jobs', json(202, { id: 'job1', status: 'queued' }));
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/videos');

    await user.click(await screen.findByRole('button', { name: 'Add intro.mp4' }));
    await user.click(screen.getByRole('button', { name: 'Add middle.mp4' }));
    await user.click(screen.getByRole('button', { name: 'Add outro.mp4' }));
    expect(rowNames()).toEqual(['intro', 'middle', 'outro']);
    expect(screen.getByRole('button', { name: 'intro.mp4 added' })).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('button', { name: 'Move outro.mp4 up' }));
    expect(rowNames()).toEqual(['intro', 'outro', 'middle']);
    expect(screen.getByTestId('clip-announcement').textContent).toBe('outro.mp4 moved to position 2 of 3');

    // Keyboard only: focus "Move intro.mp4 down" and press Enter.
    screen.getByRole('button', { name: 'Move intro.mp4 down' }).focus();
    await user.keyboard('{Enter}');
    expect(rowNames()).toEqual(['outro', 'intro', 'middle']);
    expect(screen.getByRole('button', { name: 'Move outro.mp4 up' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Move middle.mp4 down' })).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('button', { name: 'Remove intro.mp4' }));
    expect(rowNames()).toEqual(['outro', 'middle']);

    await user.click(screen.getByRole('button', { name: 'Start merge' }));
    await waitFor(() => expect(fake.calls('POST /api/videos/jobs')).toHaveLength(1));
    expect(fake.calls('POST /api/videos/jobs')[0]?.body).toEqual({ operation: 'merge', inputs: ['outro', 'middle'] });

    const jobRow = await screen.findByTestId('video-job-row');
    const stream = await waitFor(() => FakeEventSource.latest());
    act(() => stream.emit('video.progress', { id: 'job1', progress: 0.4 }));
    expect(within(jobRow).getByTestId('video-job-percent').textContent).toBe('40%');
    act(() => stream.emit('video.completed', { id: 'job1', outputFileIds: ['merged1'] }));
    expect(within(jobRow).getByRole('link', { name: 'Open result' }).getAttribute('href')).toBe('/library/merged1');
  });

  it('reorders by drag and drop', async () => {
    const fake = signedInFake()
      .on('GET /api/files/a', json(200, { file: clip('a') }))
      .on('GET /api/files/b', json(200, { file: clip('b') }))
      .on('GET /api/files/c', json(200, { file: clip('c') }))
      .on('GET /api/files', json(200, { items: [], nextCursor: null }));
    withEmptyLists(fake);
    renderApp(fake, '/videos?files=a,b,c');
    await waitFor(() => expect(rowNames()).toEqual(['a', 'b', 'c']));
    const [first, , third] = screen.getAllByTestId('clip-row');
    const dataTransfer = { effectAllowed: '', setData: () => {}, getData: () => '' };
    const { fireEvent } = await import('@testing-library/react');
    fireEvent.dragStart(first!, { dataTransfer });
    fireEvent.dragOver(third!, { dataTransfer });
    fireEvent.drop(third!, { dataTransfer });
    expect(rowNames()).toEqual(['b', 'c', 'a']);
    expect(screen.getByTestId('clip-announcement').textContent).toBe('a.mp4 moved to position 3 of 3');
  });

  it('refuses to merge a single clip and sends trim times in seconds', async () => {
    const fake = signedInFake()
      .on('GET /api/files/a', json(200, { file: clip('a', 90) }))
      .on('GET /api/files', json(200, { items: [], nextCursor: null }))
      .on('POST /api/videos/jobs', json(202, { id: 'job2', status: 'queued' }));
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/videos?files=a');
    await waitFor(() => expect(rowNames()).toEqual(['a']));
    await user.click(screen.getByRole('button', { name: 'Start merge' }));
    expect(screen.getByText('Choose at least two clips to merge.')).toBeTruthy();
    expect(fake.calls('POST /api/videos/jobs')).toHaveLength(0);

    await user.click(screen.getByRole('radio', { name: 'Trim' }));
    await user.clear(screen.getByLabelText('Start'));
    await user.type(screen.getByLabelText('Start'), '0:10');
    await user.type(screen.getByLabelText('End'), '75.5');
    await user.click(screen.getByRole('button', { name: 'Start trim' }));
    await waitFor(() => expect(fake.calls('POST /api/videos/jobs')).toHaveLength(1));
    expect(fake.calls('POST /api/videos/jobs')[0]?.body).toEqual({
      operation: 'trim',
      inputs: ['a'],
      options: { startSec: 10, endSec: 75.5 },
    });
  });
});

describe('Video tools: trim on a scrubber', () => {
  it('lists clips by caption and sets the trim points with the sliders over a preview', async () => {
    const captioned = { ...clip('rain', 4), source: { caption: 'Rain on the window' } };
    const fake = signedInFake()
      .on('GET /api/files', json(200, { items: [captioned], nextCursor: null }))
      .on('POST /api/videos/jobs', json(202, { id: 'job2', status: 'queued' }));
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/videos');
    const row = await screen.findByTestId('picker-row');
    expect(within(row).getByText('Rain on the window')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Add rain.mp4' }));
    await user.click(screen.getByRole('radio', { name: 'Trim' }));
    const scrubber = screen.getByTestId('trim-scrubber');
    expect(scrubber.querySelector('video')?.getAttribute('src')).toBe('/api/files/rain/content?token=access-1');
    fireEvent.change(within(scrubber).getByLabelText(/Trim start/), { target: { value: '1.5' } });
    fireEvent.change(within(scrubber).getByLabelText(/Trim end/), { target: { value: '3' } });
    expect((screen.getByLabelText('Start') as HTMLInputElement).value).toBe('1.5');
    expect((screen.getByLabelText('End') as HTMLInputElement).value).toBe('3');
    await user.click(screen.getByRole('button', { name: 'Start trim' }));
    await waitFor(() => expect(fake.calls('POST /api/videos/jobs')).toHaveLength(1));
    expect(fake.calls('POST /api/videos/jobs')[0]?.body).toEqual({
      operation: 'trim',
      inputs: ['rain'],
      options: { startSec: 1.5, endSec: 3 },
    });
  });
});
