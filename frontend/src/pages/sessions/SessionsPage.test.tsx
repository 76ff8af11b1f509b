import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

const COOKIES_TXT = '# Netscape HTTP Cookie File\n.instagram.com\tTRUE\t/\tTRUE\t1999999999\tsessionid\t123%3Aabc\n';

function sessionsFake() {
  return signedInFake()
    .on('GET /api/instagram/sessions', json(200, { items: [], nextCursor: null }))
    .on('GET /api/downloads', json(200, { items: [], nextCursor: null }))
    .on('GET /api/videos/jobs', json(200, { items: [], nextCursor: null }));
}

describe('Instagram sessions', () => {
  it('adds a pasted sessionid and lists it without ever showing the secret', async () => {
    const fake = sessionsFake().on(
      'POST /api/instagram/sessions',
      json(201, { id: 's1', username: 'me.on.ig', status: 'active' }),
    );
    const { user } = renderApp(fake, '/sessions');
    expect(await screen.findByText('No sessions yet')).toBeTruthy();
    await user.type(screen.getByLabelText('sessionid cookie value'), 'sessionid=123%3Asecret');
    await user.click(screen.getByRole('button', { name: 'Add session' }));
    expect(await screen.findByTestId('session-row')).toBeTruthy();
    expect(fake.calls('POST /api/instagram/sessions')[0]?.body).toEqual({ sessionid: '123%3Asecret' });
    expect(screen.getByTestId('session-notice').textContent).toBe('Session added for @me.on.ig (active).');
    expect(document.body.textContent).not.toContain('secret');
  });

  it('sends a cookies.txt as text and a Firefox cookies.sqlite as a multipart upload', async () => {
    const fake = sessionsFake()
      .on('POST /api/instagram/sessions', json(201, { id: 's1', username: 'txt_user', status: 'active' }))
      .on('POST /api/instagram/sessions/upload', json(201, { id: 's2', username: 'ff_user', status: 'active' }));
    const { user } = renderApp(fake, '/sessions');
    const input = await screen.findByLabelText('cookies.txt or Firefox cookies.sqlite');

    await user.upload(input, new File([COOKIES_TXT], 'cookies.txt', { type: 'text/plain' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(fake.calls('POST /api/instagram/sessions')).toHaveLength(1));
    expect(fake.calls('POST /api/instagram/sessions')[0]?.body).toEqual({ cookies: COOKIES_TXT });

    const sqlite = new File(
      [new Uint8Array([...new TextEncoder().encode('SQLite format 3\u0000'), 1, 2, 3])],
      'cookies.sqlite',
    );
    await user.upload(input, sqlite);
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(fake.calls('POST /api/instagram/sessions/upload')).toHaveLength(1));
    const form = fake.calls('POST /api/instagram/sessions/upload')[0]?.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect((form.get('file') as File).name).toBe('cookies.sqlite');
    expect(await screen.findAllByTestId('session-row')).toHaveLength(2);
  });

  it('explains a cookie file without an Instagram session before uploading', async () => {
    const fake = sessionsFake();
    const { user } = renderApp(fake, '/sessions');
    await user.upload(
      await screen.findByLabelText('cookies.txt or Firefox cookies.sqlite'),
      new File(['# Netscape HTTP Cookie File\n'], 'cookies.txt'),
    );
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/no Instagram "sessionid" cookie/);
    expect(fake.calls('POST /api/instagram/sessions')).toHaveLength(0);
  });

  it('shows the hub message when it rejects the session', async () => {
    const fake = withEmptyLists(signedInFake()).on(
      'POST /api/instagram/sessions',
      apiError(400, 'SESSION_INVALID', 'Instagram did not accept this session.'),
    );
    const { user } = renderApp(fake, '/sessions');
    await user.type(await screen.findByLabelText('sessionid cookie value'), 'abc');
    await user.click(screen.getByRole('button', { name: 'Add session' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Instagram did not accept this session.');
  });
});
