import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HubFile } from '../../api/types.ts';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

const photo = (id: string, caption: string): HubFile => ({
  id,
  name: `${id}.jpg`,
  mime: 'image/jpeg',
  size: 2048,
  width: 1080,
  height: 1350,
  createdAt: '2024-03-01T10:00:00Z',
  source: { platform: 'instagram', username: 'nasa', code: `C${id}`, takenAt: '2024-02-28T09:00:00Z', caption },
});

describe('Library', () => {
  afterEach(() => vi.restoreAllMocks());

  it('searches captions, pages with the cursor and opens a photo with its metadata', async () => {
    const fake = signedInFake()
      .on('GET /api/files', (req) => {
        if (req.query.get('q') === 'moon')
          return json(200, { items: [photo('p2', 'Moon over the bay')], nextCursor: null });
        if (req.query.get('cursor') === 'next') return json(200, { items: [photo('p3', 'Third')], nextCursor: null });
        return json(200, { items: [photo('p1', 'Sunrise')], nextCursor: 'next' });
      })
      .on('GET /api/files/p2', json(200, { file: photo('p2', 'Moon over the bay') }));
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/library');

    expect(await screen.findByText('@nasa: Sunrise')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('@nasa: Third')).toBeTruthy();
    expect(fake.calls('GET /api/files').at(-1)?.query.get('cursor')).toBe('next');

    await user.type(screen.getByRole('searchbox', { name: 'Search captions' }), 'moon');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('@nasa: Moon over the bay')).toBeTruthy();
    expect(screen.queryByText('@nasa: Sunrise')).toBeNull();
    expect(window.location.search).toBe('?q=moon');

    const card = screen.getByTestId('file-card');
    expect(card.querySelector('img')?.getAttribute('src')).toBe('/api/files/p2/thumbnail?token=access-1');
    await user.click(within(card).getByRole('link'));
    const image = await screen.findByTestId('photo-full');
    expect(image.getAttribute('src')).toBe('/api/files/p2/content?token=access-1');
    expect(image.getAttribute('alt')).toBe('Moon over the bay');
    // Its size is known before it loads, so the frame is reserved instead of an empty page.
    expect([image.getAttribute('width'), image.getAttribute('height')]).toEqual(['1080', '1350']);
    expect(screen.getByTestId('file-caption').textContent).toBe('Moon over the bay');
    expect(screen.getByText('1080 × 1350')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Cp2' }).getAttribute('href')).toBe('https://www.instagram.com/p/Cp2/');
  });

  it('filters by type and profile through the API query', async () => {
    const fake = withEmptyLists(signedInFake()).on('GET /api/files', json(200, { items: [], nextCursor: null }));
    const { user } = renderApp(fake, '/library?username=nasa');
    expect(await screen.findByText('No files match these filters')).toBeTruthy();
    expect(fake.calls('GET /api/files')[0]?.query.get('username')).toBe('nasa');
    await user.selectOptions(screen.getByLabelText('Type'), 'video');
    await waitFor(() => expect(fake.calls('GET /api/files').at(-1)?.query.get('type')).toBe('video'));
    expect(fake.calls('GET /api/files').at(-1)?.query.get('username')).toBe('nasa');
  });

  it('filters by platform: built-in ones plus those the hub lists, kept in the address', async () => {
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/files', json(200, { items: [], nextCursor: null }))
      .on(
        'GET /api/files/platforms',
        json(200, {
          platforms: [
            { platform: 'instagram', count: 3 },
            { platform: 'generic', count: 2 },
            { platform: 'peertube', count: 1 },
          ],
        }),
      );
    const { user } = renderApp(fake, '/library?type=video');
    const select = (await screen.findByLabelText('Platform')) as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((o) => [o.value, o.text])).toEqual([
        ['', 'All'],
        ['instagram', 'Instagram'],
        ['direct', 'Direct link'],
        ['generic', 'Web page'],
        ['peertube', 'PeerTube'],
      ]),
    );
    await user.selectOptions(select, 'generic');
    await waitFor(() => expect(fake.calls('GET /api/files').at(-1)?.query.get('platform')).toBe('generic'));
    expect(fake.calls('GET /api/files').at(-1)?.query.get('type')).toBe('video');
    expect(new URLSearchParams(window.location.search).get('platform')).toBe('generic');
  });

  it('keeps a platform from the address even when the hub cannot list platforms', async () => {
    const fake = withEmptyLists(signedInFake()).on('GET /api/files', json(200, { items: [], nextCursor: null }));
    renderApp(fake, '/library?platform=vimeo');
    expect(await screen.findByText('No files match these filters')).toBeTruthy();
    expect(fake.calls('GET /api/files')[0]?.query.get('platform')).toBe('vimeo');
    const select = screen.getByLabelText('Platform') as HTMLSelectElement;
    expect(select.value).toBe('vimeo');
    expect([...select.options].map((o) => o.value)).toEqual(['', 'instagram', 'direct', 'vimeo']);
  });

  it('plays a video from the content URL', async () => {
    const video: HubFile = {
      id: 'v1',
      name: 'clip.mp4',
      mime: 'video/mp4',
      size: 10,
      duration: 12,
      createdAt: '2024-01-01T00:00:00Z',
    };
    const fake = withEmptyLists(signedInFake()).on('GET /api/files/v1', json(200, { file: video }));
    renderApp(fake, '/library/v1');
    const player = await screen.findByTestId('video-player');
    expect(player.tagName).toBe('VIDEO');
    expect(player.getAttribute('src')).toBe('/api/files/v1/content?token=access-1');
    expect(player.hasAttribute('controls')).toBe(true);
    expect(screen.getByRole('link', { name: 'Send to video tools' }).getAttribute('href')).toBe('/videos?files=v1');
  });

  it('shows a file of another site with its platform, uploader and page, not as an Instagram post (issue 17)', async () => {
    const page = 'https://videos.example.org/watch/launch';
    const clip: HubFile = {
      id: 'w1',
      name: 'launch.mp4',
      mime: 'video/mp4',
      size: 10,
      createdAt: '2024-01-01T00:00:00Z',
      source: { platform: 'generic', username: 'Space Club', code: 'launch', caption: 'Launch day', url: page },
    };
    const fake = withEmptyLists(signedInFake()).on('GET /api/files/w1', json(200, { file: clip }));
    renderApp(fake, '/library/w1');
    await screen.findByTestId('video-player');
    const value = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(value('Platform')).toBe('Web page');
    expect(value('Uploader')).toBe('Space Club');
    expect(screen.getByTestId('file-page-link').getAttribute('href')).toBe(page);
    expect(screen.queryByText('Profile', { selector: 'dt' })).toBeNull();
    expect(document.querySelector('a[href*="instagram.com"]')).toBeNull();
    expect(document.querySelector('a[href^="/profiles/"]')).toBeNull();
  });

  it('downloads the selected files as a ZIP and deletes them', async () => {
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:zip');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = signedInFake()
      .on(
        'GET /api/files',
        json(200, { items: [photo('a', 'One'), photo('b', 'Two'), photo('c', 'Three')], nextCursor: null }),
      )
      .on(
        'POST /api/files/archive',
        () =>
          new Response('PK', { status: 200, headers: { 'content-disposition': 'attachment; filename="nasa.zip"' } }),
      )
      .on('DELETE /api/files/a', { status: 204 })
      .on('DELETE /api/files/c', { status: 204 });
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/library');
    await user.click(await screen.findByRole('checkbox', { name: 'Select @nasa: One' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select @nasa: Three' }));
    expect(within(screen.getByTestId('selection-bar')).getByText('2 selected')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Download ZIP' }));
    await waitFor(() => expect(saved).toEqual(['nasa.zip']));
    expect(fake.calls('POST /api/files/archive')[0]?.body).toEqual({ ids: ['a', 'c'] });
    expect(fake.calls('POST /api/files/archive')[0]?.headers.get('authorization')).toBe('Bearer access-1');

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getAllByTestId('file-card')).toHaveLength(1));
    expect(screen.getByText('Deleted 2 files.')).toBeTruthy();
  });

  it('shows a carousel as one post holding its children in order, each still selectable', async () => {
    const child = (id: string, code: string, caption: string): HubFile => ({
      ...photo(id, caption),
      source: { ...photo(id, caption).source, code },
    });
    const fake = signedInFake().on(
      'GET /api/files',
      json(200, {
        items: [
          child('c1', 'CAR', 'Harbour walk'),
          child('single', 'ONE', 'Lighthouse'),
          child('c2', 'CAR', 'Harbour walk'),
          child('c3', 'CAR', 'Harbour walk'),
        ],
        nextCursor: null,
      }),
    );
    withEmptyLists(fake);
    const { user } = renderApp(fake, '/library');
    const post = await screen.findByTestId('library-post');
    expect(post.getAttribute('data-post-key')).toBe('CAR');
    expect(within(post).getByText(/3 files in one post/)).toBeTruthy();
    const children = within(post).getAllByTestId('file-card');
    expect(children.map((card) => card.getAttribute('data-file-id'))).toEqual(['c1', 'c2', 'c3']);
    expect(screen.getAllByTestId('file-card')).toHaveLength(4);
    expect(screen.getAllByTestId('library-post')).toHaveLength(1);
    await user.click(within(children[1]!).getByRole('checkbox'));
    expect(within(screen.getByTestId('selection-bar')).getByText('1 selected')).toBeTruthy();
  });
});
