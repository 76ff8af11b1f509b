import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HubFile } from '../../api/types.ts';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';
import { displayName } from './ProfilePage.tsx';

const file = (id: string, name: string, createdAt: string, source: HubFile['source']): HubFile => ({
  id,
  name,
  mime: 'image/jpeg',
  size: 10,
  createdAt,
  source: { platform: 'instagram', username: 'nasa', ...source },
});

const picture = (id: string, createdAt: string, fullName?: string) =>
  file(id, `profile_pic_${id}.jpg`, createdAt, fullName === undefined ? {} : { fullName });

describe('the profile page', () => {
  it("shows the account's full name under its @username, from its newest profile picture", async () => {
    const files = [
      file('p1', '2024-05-02_C1_1.jpg', '2024-05-02T10:00:00Z', { code: 'C1', caption: 'Moon' }),
      picture('old', '2024-01-01T00:00:00Z', 'NASA (old name)'),
      picture('new', '2024-06-01T00:00:00Z', 'NASA 美国国家航空航天局'),
    ];
    const fake = withEmptyLists(signedInFake()).on('GET /api/files', json(200, { items: files, nextCursor: null }));
    renderApp(fake, '/profiles/nasa');
    const name = await screen.findByTestId('profile-full-name');
    expect(name.textContent).toBe('NASA 美国国家航空航天局');
    // Right under the @username, in the profile's header.
    expect(name.previousElementSibling).toBe(screen.getByRole('heading', { name: '@nasa', level: 1 }));
  });

  it('shows no name line when no profile picture recorded one', () => {
    expect(displayName([picture('a', '2024-01-01T00:00:00Z'), picture('b', '2024-02-01T00:00:00Z', '  ')])).toBeNull();
    expect(displayName([file('x', 'post.jpg', '2024-01-01T00:00:00Z', { fullName: 'Not a picture' })])).toBeNull();
  });
});
