import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PAGE_DIR, PAGE_SHELL, readPageFile } from '../../src/dashboard/web/page-files';
import { me, PEOPLE, surveyPage, surveys, teamPage, type FixturePerson } from './fixture-data';

/**
 * The page's side of docs/dashboard.md served from fixture-data.ts: the built page under the same content security
 * policy as the real server's, local sign-in for the fixture's people, and the API with its 401 and 403. It lets the
 * page be tested, photographed and timed with every state the contract names (a suppressed cell, a withheld team).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Fluent UI (Griffel) and Chart.js write their styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https://login.microsoftonline.com",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.microsoft365.com https://*.office.com https://outlook.office.com https://outlook.office365.com',
].join('; ');

export interface FixtureServer {
  readonly url: string;
  /** Every API request, as method and path: to check what the page asked for (and did not). */
  readonly requests: string[];
  stop(): Promise<void>;
}

/** Serves the page built in `pageDir` (by default where build.ts puts it). */
export async function startFixtureServer(pageDir: string = PAGE_DIR): Promise<FixtureServer> {
  const requests: string[] = [];
  const downloads = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) requests.push(`${req.method} ${url.pathname}${url.search}`);
    void answer(req, res, url, { pageDir, downloads }).catch(() => json(res, 500, { error: 'fixture failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  { pageDir, downloads }: { pageDir: string; downloads: Set<string> },
): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /dashboard' || route === 'GET /dashboard/') return page(res, pageDir, PAGE_SHELL);
  const file = /^GET \/dashboard\/([^/]+\.(js|css))$/.exec(route)?.[1];
  if (file) return page(res, pageDir, file);
  if (route === 'GET /dashboard/config') return json(res, 200, { mode: 'local' });
  if (route === 'GET /dashboard/local-sign-in')
    return json(res, 200, { people: PEOPLE.map(({ id, name, roles }) => ({ id, name, roles })) });
  if (route === 'POST /dashboard/local-sign-in') {
    const { id } = JSON.parse(await body(req)) as { id?: string };
    const person = PEOPLE.find((p) => p.id === id);
    return person ? json(res, 200, { token: `local.${person.id}` }) : json(res, 400, { error: 'No such person' });
  }
  if (req.method === 'GET' && url.pathname.startsWith('/downloads/')) {
    if (!downloads.delete(url.pathname)) return json(res, 410, { error: 'That link has been used or has expired.' });
    res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="wave-3.csv"' });
    return void res.end('survey,wave,group,measure,value\r\npulse-2026,3,everyone,engagement,7.1\r\n');
  }
  if (url.pathname.startsWith('/api/dashboard/')) return api(req, res, url, downloads);
  json(res, 404, { error: 'Not found' });
}

function api(req: IncomingMessage, res: ServerResponse, url: URL, downloads: Set<string>): void {
  const token = /^Bearer local\.(\w+)$/.exec(req.headers.authorization ?? '')?.[1];
  const person = PEOPLE.find((p) => p.id === token);
  if (!person) return json(res, 401, { error: 'Sign in to see results.' });
  const parts = url.pathname.replace('/api/dashboard/', '').split('/').map(decodeURIComponent);
  if (parts[0] === 'me') return json(res, 200, me(person));
  if (person.view === 'none') return json(res, 403, { error: 'There are no results for you to see.' });
  if (parts[0] !== 'surveys') return json(res, 404, { error: 'Not found' });
  if (parts.length === 1) return json(res, 200, surveys());
  if (parts.length === 2) return json(res, 200, surveyPage(person, url.searchParams.get('by') ?? 'team'));
  if (parts[2] === 'teams' && parts[3]) return team(res, person, parts[3]);
  if (req.method === 'POST' && parts[2] === 'waves' && parts[4] === 'export') {
    if (person.view !== 'organisation')
      return json(res, 403, { error: 'Only executives and admins download results.' });
    const link = `/downloads/${Math.random().toString(36).slice(2)}`;
    downloads.add(link);
    return json(res, 200, { url: link, expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() });
  }
  json(res, 404, { error: 'Not found' });
}

function team(res: ServerResponse, person: FixturePerson, teamId: string): void {
  const mayRead = person.view === 'organisation' || (person.teams as readonly string[]).includes(teamId);
  if (!mayRead)
    return json(res, 403, { error: "You can see the results of the teams you lead. This isn't one of them." });
  const found = teamPage(teamId);
  return found ? json(res, 200, found) : json(res, 404, { error: 'No such team' });
}

function page(res: ServerResponse, pageDir: string, name: string): void {
  const file = readPageFile(name, pageDir);
  if (!file) return json(res, 404, { error: 'Not found' });
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  res.end(file.body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}
