import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { DashboardSignIn } from '../config';
import type { HttpReply, HttpRoute } from '../platform/http';
import { API_HEADERS, json } from './dashboard.routes';
import { fromThisMachine, type LocalSignIn } from './local-sign-in';
import { API_SCOPE } from './token-check';

/**
 * Who may frame the page: the hosts Microsoft's tab requirements list (checked 2026-12): Teams (teams.microsoft.com,
 * *.teams.microsoft.com), *.cloud.microsoft where Microsoft 365's web clients are moving, and the Microsoft 365 app
 * and Outlook, where a personal tab also runs. Nobody else: no other site can frame the tab and trick someone into
 * clicking in it.
 */
export const FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
];

/**
 * The page's content security policy: its own scripts only (no inline script, no eval), styles of its own plus the
 * ones Fluent UI and Chart.js set at run time, data: images and fonts, calls to its own API and to Entra (MSAL outside
 * Teams), and framing by Microsoft's hosts alone. In azure mode teams-js may also fetch its list of hosts from
 * Microsoft's CDN; local mode loads no teams-js and allows no such call.
 */
export function pageCsp(mode: 'local' | 'azure'): string {
  const connect = ["'self'", 'https://login.microsoftonline.com', ...(mode === 'azure' ? [TEAMS_JS_CDN] : [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
}

// Where teams-js reads the list of Microsoft hosts it may talk to (it falls back to a built-in list without it).
const TEAMS_JS_CDN = 'https://res.cdn.office.net';

const pageHeaders = (mode: 'local' | 'azure') => ({
  'content-security-policy': pageCsp(mode),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Not hashed file names: always asked again, so a new deployment's page is what the tab loads.
  'cache-control': 'no-cache',
});

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
// A file of the built page: a plain name, no folder, so nothing outside the page's folder can be named.
const PAGE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Served until the page is built (src/dashboard/web, another part of this feature): it says what is happening. */
const PLACEHOLDER = `<!doctype html>
<html lang="en-GB">
  <head><meta charset="utf-8" /><title>Staff Voice results</title></head>
  <body><main><h1>Staff Voice results</h1><p>The results dashboard is loading.</p></main></body>
</html>
`;

const localPick = z.object({ id: z.string().max(64) });

/**
 * The tab's pages: the single-page app (`/dashboard`, and `/dashboard/configure` for a channel tab's set-up), its
 * files, how it signs in (`/dashboard/config`), and local mode's sign-in. Every page carries `pageCsp`.
 */
export function dashboardPageRoutes(deps: {
  mode: 'local' | 'azure';
  signIn?: DashboardSignIn;
  tenants: readonly string[];
  /** Where the built page is (src/dashboard/web/dist from source; dist/dashboard/web/dist compiled). */
  pageDir: string;
  /** Local mode's sign-in; absent in azure mode, where its routes answer 404. */
  local?: LocalSignIn;
}): HttpRoute[] {
  const headers = pageHeaders(deps.mode);
  const index = () => pageFile(deps.pageDir, headers, 'index.html', PLACEHOLDER);
  const { local } = deps;
  const notHere = json(404, { error: 'Local sign-in exists only when Staff Voice runs in local mode.' });
  const elsewhere = json(403, { error: 'Local sign-in works only on the machine running Staff Voice.' });
  return [
    { method: 'GET', path: '/dashboard', handle: index },
    { method: 'GET', path: '/dashboard/configure', handle: index },
    { method: 'GET', path: '/dashboard/config', handle: async () => json(200, pageConfig(deps)) },
    {
      method: 'GET',
      path: '/dashboard/local-sign-in',
      handle: async (request) =>
        !local ? notHere : !fromThisMachine(request) ? elsewhere : json(200, { people: local.people() }),
    },
    {
      method: 'POST',
      path: '/dashboard/local-sign-in',
      handle: async (request) => {
        if (!local) return notHere;
        if (!fromThisMachine(request)) return elsewhere;
        const pick = localPick.safeParse(request.body);
        const issued = pick.success ? local.issue(pick.data.id) : undefined;
        return issued ? json(200, issued) : json(400, { error: 'Choose one of the people listed.' });
      },
    },
    {
      method: 'GET',
      path: '/dashboard/:file',
      handle: (request) => pageFile(deps.pageDir, headers, request.params.file ?? ''),
    },
  ];
}

/** What the page needs to sign in: local mode's own sign-in, or which Entra app and API scope to ask MSAL for. */
function pageConfig(deps: { mode: 'local' | 'azure'; signIn?: DashboardSignIn; tenants: readonly string[] }) {
  const { signIn, tenants } = deps;
  return {
    mode: deps.mode,
    ...(signIn ? { clientId: signIn.clientId, apiScope: `${signIn.apiUri}/${API_SCOPE}` } : {}),
    // One tenant: MSAL signs in there; several: `organizations`, and the server checks the tenant.
    ...(signIn && tenants.length === 1 ? { tenantId: tenants[0] } : {}),
  };
}

async function pageFile(
  dir: string,
  headers: Readonly<Record<string, string>>,
  name: string,
  otherwise?: string,
): Promise<HttpReply> {
  const type = TYPES[path.extname(name)];
  if (!PAGE_FILE.test(name) || !type) return notFound();
  try {
    return { status: 200, body: await readFile(path.join(dir, name)), contentType: type, headers };
  } catch {
    if (otherwise === undefined) return notFound();
    return { status: 200, body: otherwise, contentType: TYPES['.html']!, headers };
  }
}

const notFound = (): HttpReply => ({ status: 404, json: { error: 'There is no such page.' }, headers: API_HEADERS });
