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
  { to: '/', label: 'Dashboard' },
  { to: '/queue', label: 'Queue' },
  { to: '/library', label: 'Library' },
  { to: '/videos', label: 'Video tools' },
  { to: '/subscriptions', label: 'Subscriptions' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/account', label: 'Account' },
  { to: '/admin', label: 'Admin', adminOnly: true },
];

/** Page chrome: skip link, header with navigation and sign-out, main landmark. */
export function Layout({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const { signOut } = useAuth();
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
        Skip to content
      </a>
      <header className={`app-header${menuOpen ? ' menu-open' : ''}`}>
        <Link to="/" className="brand">
          Social Media Hub
        </Link>
        <button
          type="button"
          className="button menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={`main-nav${menuOpen ? ' open' : ''}`}>
          <ul>
            {NAV_ITEMS.filter((item) => !item.adminOnly || user.role === 'admin').map((item) => (
              <li key={item.to}>
                <Link to={item.to} nav end={item.to === '/'}>
                  {item.label}
                  {item.to === '/queue' && active > 0 ? (
                    <span className="nav-count" role="img" aria-label={`${active} active`}>
                      {active}
                    </span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user-box">
          <span className="user-name" title={`Signed in as ${user.username}`} data-testid="current-user">
            {user.username}
          </span>
          {streamStatus === 'reconnecting' ? (
            <span className="live-dot live-off" role="status" title="Live updates paused, reconnecting">
              <span className="visually-hidden">Live updates reconnecting</span>
            </span>
          ) : null}
          <button type="button" className="button button-small" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {streamStatus === 'reconnecting' ? (
        <div className="hub-banner" role="alert" data-testid="hub-unreachable-banner">
          The hub is not answering. Live updates resume by themselves when it is back; nothing you started is lost.
        </div>
      ) : null}
      <main id="main" ref={mainRef} className="app-main">
        {children}
      </main>
      <footer className="app-footer">
        <a href="/api/docs" data-testid="api-docs-link">
          API documentation
        </a>
        <a href="/api/health">Hub health</a>
      </footer>
    </div>
  );
}
