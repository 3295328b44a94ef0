import { request } from 'node:http';
import { DEMO_PEOPLE } from '../../src/local/demo';
import type { Harness } from '../support/harness';
import { call, dashboardConfig, startDashboard } from './dashboard-helpers';

const [alex, , evan, sam] = DEMO_PEOPLE;

/** A request with a Host header of our choosing (fetch will not set one), as a rebinding web page would send. */
function withHost(url: string, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Local mode's sign-in: the demo people, a token this process signs, taken only in local mode from this machine. */
describe("the dashboard's local sign-in (local mode)", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startDashboard(dashboardConfig('local'));
    for (const person of DEMO_PEOPLE) await h.app.people.roles.seed(person.aadObjectId, person.roles);
  });
  afterAll(() => h.stop());

  const signIn = async (id: string) => {
    const res = await call(h, '/dashboard/local-sign-in', { method: 'POST', body: { id } });
    expect(res.status).toBe(200);
    return res.body as { token: string; name: string; expiresAt: string };
  };

  it('tells the page it is in local mode, and lists the demo people', async () => {
    expect((await call(h, '/dashboard/config')).body).toEqual({ mode: 'local' });
    // Local mode's page loads no teams-js, so its policy lets it call nothing but itself (and Entra's sign-in).
    const page = await fetch(`${h.url}/dashboard`);
    expect(page.headers.get('content-security-policy')).toContain(
      "connect-src 'self' https://login.microsoftonline.com;",
    );
    const listed = await call(h, '/dashboard/local-sign-in');
    expect(listed.body.people).toEqual(
      DEMO_PEOPLE.map((p) => ({ id: p.aadObjectId, name: p.name, roles: [...p.roles] })),
    );
  });

  it('signs in as a demo person, whose roles then decide what the API shows', async () => {
    const asAlex = await signIn(alex!.aadObjectId);
    expect(asAlex.name).toBe('Alex Admin');
    expect((await call(h, '/api/dashboard/me', { token: asAlex.token })).body).toMatchObject({
      name: 'Alex Admin',
      view: 'organisation',
    });
    const asEvan = await signIn(evan!.aadObjectId);
    expect((await call(h, '/api/dashboard/surveys', { token: asEvan.token })).body).toHaveLength(1);
    const asSam = await signIn(sam!.aadObjectId);
    expect((await call(h, '/api/dashboard/me', { token: asSam.token })).body).toEqual({
      name: 'Sam Staff',
      view: 'none',
      teams: [],
    });
  });

  it('signs in nobody else, and takes no token it did not make', async () => {
    const res = await call(h, '/dashboard/local-sign-in', {
      method: 'POST',
      body: { id: '00000000-0000-4000-8000-000000000099' },
    });
    expect(res.status).toBe(400);
    expect(res.body.token).toBeUndefined();
    const { token } = await signIn(alex!.aadObjectId);
    const [header, payload] = token.split('.');
    expect((await call(h, '/api/dashboard/me', { token: `${header}.${payload}.forged` })).status).toBe(401);
  });

  it('refuses anything that came through a proxy (a dev tunnel connects from this machine too) or names another host', async () => {
    const { token } = await signIn(alex!.aadObjectId);
    const tunnelled = { 'x-forwarded-for': '203.0.113.7' };
    const list = await call(h, '/dashboard/local-sign-in', { headers: tunnelled });
    expect(list.status).toBe(403);
    expect(list.body.people).toBeUndefined();
    expect(
      (
        await call(h, '/dashboard/local-sign-in', {
          method: 'POST',
          headers: tunnelled,
          body: { id: alex!.aadObjectId },
        })
      ).status,
    ).toBe(403);
    const api = await call(h, '/api/dashboard/me', { token, headers: tunnelled });
    expect(api.status).toBe(401);
    expect(Object.keys(api.body)).toEqual(['error']);
    expect(await withHost(h.url, 'attacker.example:3978', '/dashboard/local-sign-in')).toBe(403);
    expect(await withHost(h.url, '127.0.0.1', '/dashboard/local-sign-in')).toBe(200);
  });
});
