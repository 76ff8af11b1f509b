import { msg } from '../i18n/index.ts';
import { useApi } from '../hub.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAuth, useCurrentUser } from '../auth/AuthContext.tsx';
import { useLiveQueue } from '../live/LiveQueue.tsx';
import { Link, useLocation } from '../lib/router.tsx';

interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: msg('Dashboard') },
  { to: '/queue', label: msg('Queue') },
  { to: '/library', label: msg('Library') },
  { to: '/videos', label: msg('Video tools') },
  { to: '/subscriptions', label: msg('Subscriptions') },
  { to: '/notifications', label: msg('Notifications') },
  { to: '/sessions', label: msg('Sessions') },
  { to: '/account', label: msg('Account') },
  { to: '/admin', label: msg('Admin'), adminOnly: true },
];

/** Page chrome: skip link, header with navigation and sign-out, main landmark. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const api = useApi();
  const { pathname } = useLocation();
  const { downloads, streamStatus } = useLiveQueue();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);
  const active = downloads.filter((d) => d.status === 'running' || d.status === 'queued').length;

  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    setMenuOpen(false);
    // Move focus to the new page's heading so screen readers announce the change.
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('Skip to content')}
      </a>
      <header className={`app-header${menuOpen ? ' menu-open' : ''}`}>
        <Link to="/" className="brand">
          {t('Social Media Hub')}
        </Link>
        <button
          type="button"
          className="button menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('Menu')}
        </button>
        <nav id="main-nav" aria-label={t('Main')} className={`main-nav${menuOpen ? ' open' : ''}`}>
          <ul>
            {NAV_ITEMS.filter((item) => !item.adminOnly || user.role === 'admin').map((item) => (
              <li key={item.to}>
                <Link to={item.to} nav end={item.to === '/'}>
                  {t(item.label)}
                  {item.to === '/queue' && active > 0 ? (
                    <span className="nav-count" role="img" aria-label={t('{{active}} active', { active })}>
                      {active}
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user-box">
          <span
            className="user-name"
            title={t('Signed in as {{username}}', { username: user.username })}
            data-testid="current-user"
          >
            {user.username}
          </span>
          {streamStatus === 'reconnecting' ? (
            <span className="live-dot live-off" role="status" title={t('Live updates paused, reconnecting')}>
              <span className="visually-hidden">{t('Live updates reconnecting')}</span>
            </span>
          ) : null}
          <button type="button" className="button button-small" onClick={() => void signOut()}>
            {t('Sign out')}
          </button>
        </div>
      </header>
      {streamStatus === 'reconnecting' ? (
        <div className="hub-banner" role="alert" data-testid="hub-unreachable-banner">
          {t(
            'The hub is not answering. Live updates resume by themselves when it is back; nothing you started is lost.',
          )}
        </div>
      ) : null}
      <main id="main" ref={mainRef} className="app-main">
        {children}
      </main>
      <footer className="app-footer">
        <a href="/api/docs" data-testid="api-docs-link">
          {t('API documentation')}
        </a>
        <a href="/api/health">{t('Hub health')}</a>
        <LanguageSwitcher onChosen={(locale) => void api.auth.setLocale(locale).catch(() => undefined)} />
      </footer>
    </div>
  );
}
