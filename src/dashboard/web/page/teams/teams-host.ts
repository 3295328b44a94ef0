import { app } from '@microsoft/teams-js';
import type { ThemeName } from '../theme';

export interface TeamsHost {
  readonly theme: ThemeName;
  readonly loginHint?: string;
}

/** Teams' theme word to ours. */
export function themeFromTeams(theme: string | undefined): ThemeName {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

/**
 * Joins the Teams (or Outlook, or Microsoft 365) host the tab runs in, and follows its theme live: the host tells
 * the tab when the person changes theme, and `onTheme` re-themes the page without a reload. Undefined outside a
 * host, after a few seconds: teams-js waits for a host that will never answer.
 */
export async function joinTeams(onTheme: (theme: ThemeName) => void): Promise<TeamsHost | undefined> {
  try {
    await within(5000, app.initialize());
    const context = await app.getContext();
    app.registerOnThemeChangeHandler((theme) => onTheme(themeFromTeams(theme)));
    app.notifySuccess();
    const host: TeamsHost = { theme: themeFromTeams(context.app.theme) };
    return context.user?.loginHint ? { ...host, loginHint: context.user.loginHint } : host;
  } catch {
    return undefined;
  }
}

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('No Teams host answered')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
