import type { Env } from './config-env';

// Part of config.ts: the Results tab's sign-in with Entra (Teams SSO), from the environment.

/** Entra's sign-in service in Azure's public cloud: where tokens are issued and their signing keys published. */
export const ENTRA_AUTHORITY = 'https://login.microsoftonline.com';

/** Which Entra app's tokens the dashboard's API takes, and where Entra is. Docs: docs/dashboard.md#sign-in. */
export interface DashboardSignIn {
  /** The Entra app registration the tab signs in with: its client id is the audience of every token. */
  readonly clientId: string;
  /** The app's Application ID URI (`api://<host>/<client id>`): the other form a token's audience may take. */
  readonly apiUri: string;
  /** Issuer base (`{authority}/{tenant}/v2.0`) and key endpoint base; Entra's own everywhere but tests and local mode. */
  readonly authority: string;
}

/**
 * DASHBOARD_CLIENT_ID, DASHBOARD_API_URI and DASHBOARD_AUTHORITY; undefined (sign-in off) without a client id.
 * Problems are added, not thrown. A token is checked against the tenant allow-list, so local mode needs one too.
 */
export function dashboardSignIn(
  e: Env,
  c: { mode: 'local' | 'azure'; tenants: readonly string[] | undefined },
  problems: string[],
): DashboardSignIn | undefined {
  // Whoever sets the authority chooses whose keys sign tokens: only a test's or a developer's own stand-in for Entra.
  if (e.DASHBOARD_AUTHORITY && c.mode === 'azure')
    problems.push(
      `DASHBOARD_AUTHORITY: only for tests and local mode; in azure mode tokens are always checked against ${ENTRA_AUTHORITY}`,
    );
  const clientId = e.DASHBOARD_CLIENT_ID?.toLowerCase();
  if (!clientId) {
    if (e.DASHBOARD_API_URI) problems.push('DASHBOARD_API_URI: only with DASHBOARD_CLIENT_ID (the app it names)');
    return undefined;
  }
  if (!c.tenants)
    problems.push(
      'ALLOWED_TENANT_IDS: required with DASHBOARD_CLIENT_ID in local mode: a sign-in is taken only from the tenants listed',
    );
  const host = e.PUBLIC_BASE_URL ? new URL(e.PUBLIC_BASE_URL).host : undefined;
  return {
    clientId,
    apiUri: e.DASHBOARD_API_URI ?? (host ? `api://${host}/${clientId}` : `api://${clientId}`),
    authority: (e.DASHBOARD_AUTHORITY ?? ENTRA_AUTHORITY).replace(/\/$/, ''),
  };
}
