import { msg } from './i18n/index.ts';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { AuthProvider, useAuth } from './auth/AuthContext.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { Loading } from './components/feedback.tsx';
import { HubUnreachable } from './components/HubUnreachable.tsx';
import { Layout } from './components/Layout.tsx';
import { HubContext, type Hub } from './hub.tsx';
import { LiveQueueProvider } from './live/LiveQueue.tsx';
import { matchPath, useLocation } from './lib/router.tsx';
import { AccountPage } from './pages/account/AccountPage.tsx';
import { AdminPage } from './pages/admin/AdminPage.tsx';
import { DashboardPage } from './pages/dashboard/DashboardPage.tsx';
import { FileDetailPage } from './pages/library/FileDetailPage.tsx';
import { LibraryPage } from './pages/library/LibraryPage.tsx';
import { ProfilePage } from './pages/library/ProfilePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NotificationsPage } from './pages/notifications/NotificationsPage.tsx';
import { QueuePage } from './pages/queue/QueuePage.tsx';
import { SessionsPage } from './pages/sessions/SessionsPage.tsx';
import { SubscriptionsPage } from './pages/subscriptions/SubscriptionsPage.tsx';
import { VideoToolsPage } from './pages/videos/VideoToolsPage.tsx';

export function App({ hub, EventSourceImpl }: { hub: Hub; EventSourceImpl?: typeof EventSource }) {
  return (
    <HubContext.Provider value={hub}>
      <AuthProvider>
        <AuthGate EventSourceImpl={EventSourceImpl} />
      </AuthProvider>
    </HubContext.Provider>
  );
}

function AuthGate({ EventSourceImpl }: { EventSourceImpl?: typeof EventSource | undefined }) {
  const { t } = useTranslation();
  const { state, retry } = useAuth();
  switch (state.phase) {
    case 'loading':
      return (
        <main id="main" className="auth-page">
          <Loading label={t('Connecting to the hub…')} />
        </main>
      );
    case 'unreachable':
      return <HubUnreachable message={state.message} onRetry={retry} />;
    case 'setup':
      return <SignInPage firstRun openRegistration={false} />;
    case 'signedOut':
      return <SignInPage firstRun={false} openRegistration={state.openRegistration} notice={state.notice} />;
    case 'signedIn':
      return (
        <LiveQueueProvider {...(EventSourceImpl ? { EventSourceImpl } : {})}>
          <Layout>
            <Routes isAdmin={state.user.role === 'admin'} />
          </Layout>
        </LiveQueueProvider>
      );
  }
}

const TITLES: Record<string, string> = {
  '/': msg('Dashboard'),
  '/queue': msg('Queue'),
  '/library': msg('Library'),
  '/videos': msg('Video tools'),
  '/subscriptions': msg('Subscriptions'),
  '/notifications': msg('Notifications'),
  '/sessions': msg('Instagram sessions'),
  '/account': msg('Account'),
  '/admin': msg('Admin'),
};

function Routes({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  useEffect(() => {
    const section =
      TITLES[pathname] ??
      (pathname.startsWith('/library/')
        ? msg('Library')
        : pathname.startsWith('/profiles/')
          ? msg('Profile')
          : msg('Not found'));
    document.title = t('{{section}} · Social Media Hub', { section: t(section) });
  }, [pathname, t]);

  const fileMatch = matchPath('/library/:id', pathname);
  if (fileMatch?.['id']) return <FileDetailPage key={fileMatch['id']} fileId={fileMatch['id']} />;
  const profileMatch = matchPath('/profiles/:username', pathname);
  if (profileMatch?.['username'])
    return <ProfilePage key={profileMatch['username']} username={profileMatch['username']} />;
  switch (pathname) {
    case '/':
      return <DashboardPage />;
    case '/queue':
      return <QueuePage />;
    case '/library':
      return <LibraryPage />;
    case '/videos':
      return <VideoToolsPage />;
    case '/subscriptions':
      return <SubscriptionsPage />;
    case '/notifications':
      return <NotificationsPage />;
    case '/sessions':
      return <SessionsPage />;
    case '/account':
      return <AccountPage />;
    case '/admin':
      return isAdmin ? <AdminPage /> : <NotFoundPage />;
    default:
      return <NotFoundPage />;
  }
}
