import {
  createNestablePublicClientApplication,
  type AccountInfo,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import type { TokenSource } from '../api';
import type { PageConfig } from '../contract';

/**
 * Nested app authentication: MSAL.js asks the Teams host for a token for the app's own API scope (from
 * GET /dashboard/config), silently when it can and with the host's own sign-in window when it must. No TeamsJS
 * getAuthToken and no on-behalf-of exchange: the server checks the Entra token itself.
 */
export async function teamsSignIn(config: PageConfig, loginHint?: string): Promise<TokenSource> {
  const { clientId, tenantId, apiScope } = config;
  if (!clientId || !apiScope) throw new Error('The server did not say which app to sign in to (clientId, apiScope).');
  const msal = await createNestablePublicClientApplication({
    auth: { clientId, authority: `https://login.microsoftonline.com/${tenantId ?? 'organizations'}` },
  });
  const scopes = [apiScope];
  return {
    async token({ fresh = false } = {}) {
      const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
      try {
        return await silently(msal, scopes, account, fresh, loginHint);
      } catch {
        // Consent not yet given, or the host wants the person to sign in again: its own window asks them.
        const result = await msal.acquireTokenPopup({ scopes, ...(loginHint ? { loginHint } : {}) });
        msal.setActiveAccount(result.account);
        return result.accessToken;
      }
    },
  };
}

async function silently(
  msal: IPublicClientApplication,
  scopes: string[],
  account: AccountInfo | undefined,
  fresh: boolean,
  loginHint: string | undefined,
): Promise<string> {
  const result = account
    ? await msal.acquireTokenSilent({ scopes, account, forceRefresh: fresh })
    : await msal.ssoSilent({ scopes, ...(loginHint ? { loginHint } : {}) });
  msal.setActiveAccount(result.account);
  return result.accessToken;
}
