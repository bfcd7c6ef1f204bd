import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { GatewayApi } from '../api/gateway';
import { parseRoute, paths } from '../routes';
import type { Session } from '../session/session';
import { Link } from './components/link';
import { SignInDialog } from './components/sign-in-dialog';
import { Services, type AppServices } from './context';
import { DirectoryPage } from './pages/directory';
import { ReplayPage } from './pages/replay';
import { RoomPage } from './pages/room';
import { StudioPage } from './pages/studio';

export function App({ api, session }: { api: GatewayApi; session: Session }) {
  const [location, setLocation] = useState(() => ({ path: window.location.pathname, search: window.location.search }));
  const [identity, setIdentity] = useState(() => session.identity);
  const [signIn, setSignIn] = useState<{ reason?: string } | null>(null);

  useEffect(() => {
    const onPop = () => setLocation({ path: window.location.pathname, search: window.location.search });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((path: string) => {
    window.history.pushState(null, '', path);
    const url = new URL(path, window.location.origin);
    setLocation({ path: url.pathname, search: url.search });
    window.scrollTo(0, 0);
  }, []);

  const services: AppServices = useMemo(
    () => ({
      api,
      session,
      identity,
      refreshIdentity: () => setIdentity(session.identity),
      navigate,
      askSignIn: (reason?: string) => setSignIn({ reason }),
    }),
    [api, session, identity, navigate],
  );

  const route = parseRoute(location.path, location.search);
  return (
    <Services.Provider value={services}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <Link href={paths.directory()} class="brand" label="Ovation home">
          <span aria-hidden="true">▶</span> Ovation
        </Link>
        <nav aria-label="Main">
          <Link href={paths.directory()}>Live</Link>
          <Link href={paths.studio()}>Go live</Link>
        </nav>
        <div class="who">
          {identity ? (
            <>
              <span class="who-name" title={`${identity.userId} (${identity.role})`}>
                {identity.displayName} <small>{identity.role}</small>
              </span>
              <button
                type="button"
                class="ghost"
                onClick={() => {
                  session.signOut();
                  setIdentity(undefined);
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setSignIn({})}>
              Sign in
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {route.page === 'directory' && <DirectoryPage />}
        {route.page === 'room' && <RoomPage key={route.roomId} roomId={route.roomId} />}
        {route.page === 'studio' && <StudioPage roomId={route.roomId} />}
        {route.page === 'replay' && <ReplayPage key={route.documentUrl} documentUrl={route.documentUrl} />}
        {route.page === 'not-found' && (
          <section class="empty">
            <h1>Nothing here</h1>
            <Link href={paths.directory()}>See who is live</Link>
          </section>
        )}
      </main>
      {signIn && (
        <SignInDialog
          reason={signIn.reason}
          onClose={() => setSignIn(null)}
          onSignedIn={() => {
            setIdentity(session.identity);
            setSignIn(null);
          }}
        />
      )}
    </Services.Provider>
  );
}
