import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeFetch, json } from '../test/fakeFetch.ts';
import { ADMIN, renderApp, signedInFake, withEmptyLists } from '../test/renderApp.tsx';
import { i18n, LOCALE_STORAGE_KEY } from './index.ts';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('choosing the UI language', () => {
  it('switches every string of the signed-in UI at once and remembers the choice on the account and here', async () => {
    const fake = withEmptyLists(signedInFake()).on(
      'PATCH /api/auth/me',
      json(200, { user: { ...ADMIN, locale: 'zh-CN' } }),
    );
    const { user } = renderApp(fake, '/');
    expect(await screen.findByRole('heading', { name: 'Download from a link' })).toBeTruthy();

    await user.selectOptions(screen.getByTestId('language-switcher'), 'zh-CN');
    expect(await screen.findByRole('heading', { name: '通过链接下载' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '媒体库' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    await waitFor(() => expect(fake.calls('PATCH /api/auth/me')).toHaveLength(1));
    expect(fake.calls('PATCH /api/auth/me')[0]?.body).toEqual({ locale: 'zh-CN' });

    await user.selectOptions(screen.getByTestId('language-switcher'), 'en');
    expect(await screen.findByRole('heading', { name: 'Download from a link' })).toBeTruthy();
  });

  it('follows the language stored on the account once the user is known', async () => {
    const fake = withEmptyLists(
      new FakeFetch()
        .on('GET /api/auth/status', json(200, { hasUsers: true, openRegistration: false }))
        .on('POST /api/auth/refresh', json(200, { accessToken: 'a', refreshToken: 'r', expiresIn: 900 }))
        .on('GET /api/auth/me', json(200, { user: { ...ADMIN, locale: 'zh-CN' } })),
    );
    renderApp(fake, '/');
    expect(await screen.findByRole('heading', { name: '通过链接下载' })).toBeTruthy();
    expect(fake.calls('PATCH /api/auth/me')).toHaveLength(0);
  });

  it('offers the switch on the sign-in page, before anyone is signed in', async () => {
    const fake = new FakeFetch().on('GET /api/auth/status', json(200, { hasUsers: true, openRegistration: false }));
    const { user } = renderApp(fake, '/', { signedIn: false });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    await user.selectOptions(screen.getByTestId('language-switcher'), 'zh-CN');
    expect(await screen.findByRole('heading', { name: '登录' })).toBeTruthy();
    expect(screen.getByLabelText('用户名')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(screen.getByText('请输入您的用户名。')).toBeTruthy();
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
  });

  it('is on the account page too, labelled, and stores the choice on the account', async () => {
    const fake = withEmptyLists(signedInFake()).on(
      'PATCH /api/auth/me',
      json(200, { user: { ...ADMIN, locale: 'zh-CN' } }),
    );
    const { user } = renderApp(fake, '/account');
    const select = await screen.findByTestId('account-language');
    expect(screen.getByText('Language', { selector: 'label:not(.visually-hidden)' })).toBeTruthy();
    await user.selectOptions(select, 'zh-CN');
    expect(await screen.findByRole('heading', { name: '账户' })).toBeTruthy();
    await waitFor(() => expect(fake.calls('PATCH /api/auth/me')).toHaveLength(1));
    expect(fake.calls('PATCH /api/auth/me')[0]?.body).toEqual({ locale: 'zh-CN' });
  });
});
