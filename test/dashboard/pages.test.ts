import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dashboardPageRoutes, FRAME_ANCESTORS } from '../../src/dashboard/pages';
import { createLog } from '../../src/platform/log';
import { createHttpServer, listen, type HttpServer } from '../../src/platform/teams/server';
import type { Harness } from '../support/harness';
import { call, dashboardConfig, startDashboard } from './dashboard-helpers';
import { API_URI, CLIENT_ID, EntraEmulator, TENANT } from './entra-emulator';

/** The page's headers: its own scripts only, framed by Teams alone. */
function expectPageHeaders(headers: Headers, mode: 'local' | 'azure' = 'azure'): void {
  const csp = headers.get('content-security-policy') ?? '';
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...v]) => [name, v]),
  );
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(directives['frame-ancestors']).toEqual(FRAME_ANCESTORS);
  expect(directives['frame-ancestors']).toEqual(
    expect.arrayContaining([
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.cloud.microsoft',
    ]),
  );
  expect(directives['object-src']).toEqual(["'none'"]);
  // teams-js may read Microsoft's list of hosts in Teams (azure mode); local mode loads no teams-js and calls nowhere.
  expect(directives['connect-src']).toEqual([
    "'self'",
    'https://login.microsoftonline.com',
    ...(mode === 'azure' ? ['https://res.cdn.office.net'] : []),
  ]);
  expect(csp).not.toMatch(/unsafe-eval|\*(?!\.)/);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  // X-Frame-Options would stop Teams framing the tab (ALLOW-FROM is gone from browsers); the CSP says who may.
  expect(headers.get('x-frame-options')).toBeNull();
}

describe("the dashboard's pages", () => {
  describe('in the app (azure mode, signing in with Entra)', () => {
    let entra: EntraEmulator;
    let h: Harness;
    beforeAll(async () => {
      entra = await EntraEmulator.start();
      h = await startDashboard(dashboardConfig('azure', entra));
    });
    afterAll(async () => {
      await h.stop();
      await entra.stop();
    });

    it('serves the page at /dashboard and /dashboard/configure with its content security policy', async () => {
      for (const page of ['/dashboard', '/dashboard/configure']) {
        const res = await fetch(`${h.url}${page}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await res.text()).toMatch(/Staff Voice results/);
        expectPageHeaders(res.headers);
      }
    });

    it('tells the page which Entra app and API scope to ask MSAL for, in which tenant', async () => {
      const res = await call(h, '/dashboard/config');
      expect(res.body).toEqual({
        mode: 'azure',
        clientId: CLIENT_ID,
        tenantId: TENANT,
        apiScope: `${API_URI}/access_as_user`,
      });
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe("serving the page's built files", () => {
    let dir: string;
    let server: HttpServer;
    const get = (p: string) => fetch(`${server.url}${p}`);

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'sv-page-'));
      writeFileSync(path.join(dir, 'app.js'), 'console.log("page")');
      writeFileSync(path.join(dir, 'app.css'), 'body { margin: 0 }');
      writeFileSync(path.join(dir, 'notes.md'), 'not a page file');
      writeFileSync(path.join(dir, '.env'), 'SECRET=1');
      const routes = dashboardPageRoutes({ mode: 'azure', tenants: [], pageDir: dir });
      const log = createLog('silent');
      server = await listen(
        createHttpServer({
          handleActivity: async () => undefined,
          ready: async () => true,
          bodyLimitBytes: 1024,
          log,
          routes,
        }),
        0,
        '127.0.0.1',
      );
    });
    afterAll(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('serves a placeholder that says the dashboard is loading until the page is built', async () => {
      const res = await get('/dashboard');
      expect(await res.text()).toContain('The results dashboard is loading.');
      expectPageHeaders(res.headers);
      writeFileSync(
        path.join(dir, 'index.html'),
        '<!doctype html><title>Built</title><script src="/dashboard/app.js"></script>',
      );
      expect(await (await get('/dashboard')).text()).toContain('<title>Built</title>');
    });

    it('serves the built script and styles with their types and the same policy', async () => {
      const js = await get('/dashboard/app.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await js.text()).toBe('console.log("page")');
      expectPageHeaders(js.headers);
      expect((await get('/dashboard/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    });

    it('serves nothing else: no other kind of file, no hidden file, nothing outside its folder', async () => {
      for (const p of [
        '/dashboard/notes.md',
        '/dashboard/.env',
        '/dashboard/missing.js',
        '/dashboard/..%2Fpackage.json',
        '/dashboard/%2e%2e%2fapp.js',
      ])
        expect((await get(p)).status).toBe(404);
    });

    it('has no local sign-in outside local mode', async () => {
      expect((await get('/dashboard/local-sign-in')).status).toBe(404);
      expect(await (await get('/dashboard/config')).json()).toEqual({ mode: 'azure' });
    });
  });
});
