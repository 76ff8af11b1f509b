import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HubFile } from '../../api/types.ts';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';
import { describeFile, THUMBNAIL_RETRY_DELAYS_MS, withRetryParam } from './FileCard.tsx';

const video: HubFile = {
  id: 'v1',
  name: 'v1.mp4',
  mime: 'video/mp4',
  size: 4096,
  duration: 3,
  createdAt: '2024-03-01T10:00:00Z',
  source: { platform: 'instagram', username: 'nasa', code: 'Cv1', takenAt: '2024-02-28T09:00:00Z', caption: 'Launch' },
};

describe('thumbnail retries', () => {
  it('asks again a few times with growing delays, then gives up', () => {
    expect(THUMBNAIL_RETRY_DELAYS_MS.length).toBeGreaterThan(1);
    expect([...THUMBNAIL_RETRY_DELAYS_MS].sort((a, b) => a - b)).toEqual(THUMBNAIL_RETRY_DELAYS_MS);
  });

  it('changes the URL on each retry so the browser does not reuse the failed answer', () => {
    expect(withRetryParam('/api/files/1/thumbnail?token=t', 0)).toBe('/api/files/1/thumbnail?token=t');
    expect(withRetryParam('/api/files/1/thumbnail?token=t', 2)).toBe('/api/files/1/thumbnail?token=t&retry=2');
    expect(withRetryParam('/api/files/1/thumbnail', 1)).toBe('/api/files/1/thumbnail?retry=1');
  });

  it('shows a placeholder for a poster that is not ready, then loads it again', async () => {
    const fake = signedInFake().on('GET /api/files', json(200, { items: [video], nextCursor: null }));
    withEmptyLists(fake);
    renderApp(fake, '/library');
    const card = await screen.findByTestId('file-card');
    const first = card.querySelector('img');
    expect(first?.getAttribute('src')).not.toContain('retry=');
    fireEvent.error(first!);
    expect(card.querySelector('img')).toBeNull();
    await waitFor(() => expect(card.querySelector('img')?.getAttribute('src')).toContain('retry=1'), {
      timeout: THUMBNAIL_RETRY_DELAYS_MS[0]! + 2000,
    });
  });
});

describe('file description', () => {
  it('names an Instagram account with @ and an uploader of another site by its own name', () => {
    expect(describeFile(video)).toBe('@nasa: Launch');
    const site: HubFile = { ...video, source: { platform: 'peertube', username: 'Space Club', caption: 'Launch' } };
    expect(describeFile(site)).toBe('Space Club: Launch');
    expect(describeFile({ ...video, source: { platform: 'generic', username: 'Space Club' } })).toBe(
      'Space Club · v1.mp4',
    );
  });
});
