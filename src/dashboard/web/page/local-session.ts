import type { TokenSource } from './api';

const LOCAL_KEY = 'staff-voice-local-sign-in';

/** A local-mode sign-in kept for this browser tab only, so a reload keeps the person chosen. */
export interface LocalSession {
  readonly token: string;
  readonly name: string;
}

export function savedLocalSession(): LocalSession | undefined {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(LOCAL_KEY) ?? 'null');
    if (saved && typeof saved === 'object' && 'token' in saved && 'name' in saved)
      return { token: String(saved.token), name: String(saved.name) };
  } catch {
    // A damaged entry is a signed-out tab.
  }
  return undefined;
}

export function saveLocalSession(session: LocalSession | undefined): void {
  if (session) sessionStorage.setItem(LOCAL_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(LOCAL_KEY);
}

/** The local token as a token source: there is nothing to refresh, so a refusal means signing in again. */
export function localTokens(session: LocalSession): TokenSource {
  return { token: async () => session.token };
}
