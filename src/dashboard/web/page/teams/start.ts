import { dashboardApi, type DashboardApi } from '../api';
import type { PageConfig } from '../contract';
import type { ThemeName } from '../theme';
import { teamsSignIn } from './sign-in';
import { joinTeams } from './teams-host';

/**
 * The page in Teams (azure mode): joins the host, takes its theme and follows it, and signs in with nested app
 * authentication. Loaded on its own (a separate chunk) so local mode never loads teams-js or MSAL. `ownTheme` is true
 * when no host answered (the page opened in a plain browser tab), so the page offers its own theme switcher.
 */
export async function startInTeams(
  config: PageConfig,
  onTheme: (theme: ThemeName) => void,
): Promise<{ api: DashboardApi; ownTheme: boolean }> {
  const host = await joinTeams(onTheme);
  if (host) onTheme(host.theme);
  return { api: dashboardApi(await teamsSignIn(config, host?.loginHint)), ownTheme: !host };
}
