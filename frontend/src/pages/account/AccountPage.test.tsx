import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

describe('Account', () => {
  it('creates an API key, shows it once, and revokes a key', async () => {
    let keys = [{ id: 'k1', name: 'old script', createdAt: '2024-01-01T00:00:00Z' }];
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/auth/api-keys', () => json(200, { items: keys, nextCursor: null }))
      .on('POST /api/auth/api-keys', () => {
        keys = [...keys, { id: 'k2', name: 'backup', createdAt: '2024-02-01T00:00:00Z' }];
        return json(201, { id: 'k2', key: 'smh_live_SECRET123' });
      })
      .on('DELETE /api/auth/api-keys/k1', { status: 204 });
    const { user } = renderApp(fake, '/account');
    expect(await screen.findByText('old script')).toBeTruthy();

    await user.type(screen.getByLabelText('Key name'), 'backup');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const box = await screen.findByTestId('new-api-key');
    expect(within(box).getByText('smh_live_SECRET123')).toBeTruthy();
    expect(within(box).getByTestId('api-key-curl').textContent).toBe(
      `curl -H "Authorization: Bearer smh_live_SECRET123" ${window.location.origin}/api/files?limit=5`,
    );
    expect(screen.getByRole('link', { name: 'Read the API documentation' }).getAttribute('href')).toBe('/api/docs');
    expect(await screen.findByText('backup')).toBeTruthy();
    await user.click(within(box).getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByText('smh_live_SECRET123')).toBeNull();

    window.confirm = () => true;
    await user.click(screen.getByRole('button', { name: 'Revoke old script' }));
    await waitFor(() => expect(screen.queryByText('old script')).toBeNull());
    expect(fake.calls('DELETE /api/auth/api-keys/k1')).toHaveLength(1);
  });

  it('changes the password and reports a wrong current password in words', async () => {
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/auth/api-keys', json(200, { items: [], nextCursor: null }))
      .on('POST /api/auth/password', apiError(400, 'WRONG_PASSWORD', 'The current password is wrong.'))
      .on('POST /api/auth/password', { status: 204 });
    const { user } = renderApp(fake, '/account');
    const form = await screen.findByTestId('password-form');
    await user.type(within(form).getByLabelText('Current password'), 'old-password');
    await user.type(within(form).getByLabelText('New password'), 'short');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(within(form).getByText('Use at least 8 characters.')).toBeTruthy();
    expect(fake.calls('POST /api/auth/password')).toHaveLength(0);

    await user.clear(within(form).getByLabelText('New password'));
    await user.type(within(form).getByLabelText('New password'), 'new-password-1');
    await user.type(within(form).getByLabelText('Confirm new password'), 'new-password-1');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('The current password is wrong.');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByText('Your password has been changed.')).toBeTruthy();
    expect(fake.calls('POST /api/auth/password')[1]?.body).toEqual({
      currentPassword: 'old-password',
      newPassword: 'new-password-1',
    });
  });
});
