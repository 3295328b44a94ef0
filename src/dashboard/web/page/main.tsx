import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { StrictMode, useCallback, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { dashboardApi, pageConfig, type DashboardApi } from './api';
import { Dashboard } from './dashboard';
import { Header } from './header';
import { Failed, Loading } from './parts/status';
import { localTokens, savedLocalSession, saveLocalSession, type LocalSession } from './local-session';
import { ThemeContext, THEMES, type ThemeName } from './theme';
import { LocalSignIn } from './views/local-sign-in';
import './app.css';

type Boot =
  | { readonly kind: 'starting' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'local'; readonly session?: LocalSession }
  | { readonly kind: 'teams'; readonly api: DashboardApi; readonly ownTheme: boolean };

const THEME_KEY = 'staff-voice-theme';
const useStyles = makeStyles({
  page: { minHeight: '100vh' },
  main: { padding: `0 ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXXXL}`, maxWidth: '1200px' },
});

/**
 * Starts the page: asks the server how to sign in (GET /dashboard/config), then either joins the Teams host (its
 * theme, followed live, and nested app authentication) or, in local mode, uses the local sign-in. teams-js and MSAL
 * are loaded only for Teams: local mode reaches nothing but its own server (teams-js fetches its list of hosts).
 */
async function start(onTheme: (theme: ThemeName) => void): Promise<Boot> {
  const config = await pageConfig();
  if (config.mode === 'local') {
    const session = savedLocalSession();
    return session ? { kind: 'local', session } : { kind: 'local' };
  }
  const { startInTeams } = await import('./teams/start');
  return { kind: 'teams', ...(await startInTeams(config, onTheme)) };
}

function Root() {
  const styles = useStyles();
  const [theme, setTheme] = useState<ThemeName>(() => savedTheme());
  const [boot, setBoot] = useState<Boot>({ kind: 'starting' });
  useEffect(() => {
    start(setTheme).then(setBoot, (error: unknown) => setBoot({ kind: 'failed', message: String(error) }));
  }, []);
  const chooseTheme = (chosen: ThemeName) => {
    localStorage.setItem(THEME_KEY, chosen);
    setTheme(chosen);
  };
  const signIn = useCallback((session: LocalSession | undefined) => {
    saveLocalSession(session);
    setBoot(session ? { kind: 'local', session } : { kind: 'local' });
  }, []);
  const signOut = useCallback(() => signIn(undefined), [signIn]);
  const ownTheme = boot.kind === 'local' || (boot.kind === 'teams' && boot.ownTheme);
  const frame = (who: string | undefined, body: ReactNode) => (
    <>
      <Header
        theme={theme}
        {...(who ? { who } : {})}
        {...(ownTheme ? { onTheme: chooseTheme } : {})}
        {...(boot.kind === 'local' && boot.session ? { onSignOut: signOut } : {})}
      />
      <main className={styles.main}>{body}</main>
    </>
  );
  return (
    <FluentProvider theme={THEMES[theme]} className={styles.page}>
      <ThemeContext.Provider value={theme}>{content(boot, frame, signIn, signOut)}</ThemeContext.Provider>
    </FluentProvider>
  );
}

function content(
  boot: Boot,
  frame: (who: string | undefined, body: ReactNode) => ReactNode,
  signIn: (session: LocalSession) => void,
  signOut: () => void,
): ReactNode {
  switch (boot.kind) {
    case 'starting':
      return frame(undefined, <Loading what="the dashboard" />);
    case 'failed':
      return frame(undefined, <Failed message={boot.message} />);
    case 'local':
      if (!boot.session) return frame(undefined, <LocalSignIn onSignedIn={signIn} />);
      return (
        <Dashboard
          key={boot.session.token}
          api={dashboardApi(localTokens(boot.session))}
          frame={frame}
          onRefused={signOut}
        />
      );
    case 'teams':
      return <Dashboard api={boot.api} frame={frame} onRefused={() => undefined} />;
  }
}

function savedTheme(): ThemeName {
  const saved = localStorage.getItem(THEME_KEY);
  return saved === 'dark' || saved === 'contrast' ? saved : 'light';
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
