import jwt from 'jsonwebtoken';
import { ManualClock } from '../../src/platform/clock';
import { allEntities, type Harness } from '../support/harness';
import { call, dashboardConfig, people, startDashboard, SURVEY } from './dashboard-helpers';
import { API_URI, CLIENT_ID, EntraEmulator, OTHER_TENANT, TENANT } from './entra-emulator';

/**
 * The API's token check, against a real key endpoint (the stand-in for Entra) and a real app in azure mode: a good
 * token is served, and each fault gets 401 with `{ error }` and nothing else.
 */
describe("the dashboard API's sign-in (Entra tokens, azure mode)", () => {
  let entra: EntraEmulator;
  let h: Harness;
  const evan = () => ({ oid: people.evan.aadObjectId, name: 'Evan Executive' });
  const hour = 3600;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    entra = await EntraEmulator.start();
    h = await startDashboard(dashboardConfig('azure', entra));
  });
  afterAll(async () => {
    await h.stop();
    await entra.stop();
  });

  /** A refusal: 401, a reason in words, nothing else in the body, and never cached. */
  const expectRefused = async (token: string | undefined, path = '/api/dashboard/surveys') => {
    const res = await call(h, path, { token });
    expect(res.status).toBe(401);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(res.body.error).toMatch(/sign in|tenant/i);
    expect(JSON.stringify(res.body)).not.toContain(SURVEY.name);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    return res;
  };

  it("serves an executive's good token: the surveys with stored results", async () => {
    const res = await call(h, '/api/dashboard/surveys', { token: entra.token(evan()) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: SURVEY.id, name: SURVEY.name, waves: 3, latestClosedAt: expect.any(String) }]);
    // The audience may also be the app's Application ID URI.
    const byUri = await call(h, '/api/dashboard/me', { token: entra.token({ ...evan(), aud: API_URI }) });
    expect(byUri.body).toMatchObject({ name: 'Evan Executive', view: 'organisation' });
  });

  it('refuses a request with no token, or with something that is not a bearer token', async () => {
    await expectRefused(undefined);
    const basic = await call(h, '/api/dashboard/surveys', { headers: { authorization: 'Basic ZXZhbjpwYXNz' } });
    expect(basic.status).toBe(401);
    await expectRefused('not.a.token');
  });

  it('refuses an expired token', async () => {
    const res = await expectRefused(
      entra.token({ ...evan(), iat: now() - 3 * hour, nbf: now() - 3 * hour, exp: now() - hour }),
    );
    expect(res.body.error).toMatch(/expired/);
  });

  it('refuses a token not yet valid', async () => {
    await expectRefused(entra.token({ ...evan(), nbf: now() + hour, exp: now() + 2 * hour }));
  });

  it("refuses a token for another API (another audience), even Microsoft Graph's", async () => {
    await expectRefused(entra.token({ ...evan(), aud: '00000003-0000-0000-c000-000000000000' }));
    await expectRefused(entra.token({ ...evan(), aud: `api://elsewhere.example/${CLIENT_ID}` }));
  });

  it('refuses a token from another issuer: a v1 token, or one claiming Entra at another address', async () => {
    await expectRefused(entra.token({ ...evan(), iss: `https://sts.windows.net/${TENANT}/` }));
    await expectRefused(entra.token({ ...evan(), iss: `https://login.microsoftonline.com/${TENANT}/v2.0` }));
    // The issuer names a tenant, and it must be the token's own.
    await expectRefused(entra.token({ ...evan(), iss: `${entra.url}/${OTHER_TENANT}/v2.0` }));
  });

  it("refuses another tenant's token before asking for any key, however well signed", async () => {
    const asked = entra.keyRequests.length;
    const res = await expectRefused(entra.token({ ...evan(), tid: OTHER_TENANT }));
    expect(res.body.error).toMatch(/tenant/);
    await expectRefused(entra.token({ ...evan(), tid: undefined }));
    expect(entra.keyRequests.length).toBe(asked);
  });

  it('refuses a bad signature: a key Entra never published, HS256 with a guessable secret, or alg none', async () => {
    await expectRefused(entra.token(evan(), { key: 'unpublished' }));
    await expectRefused(entra.token(evan(), { algorithm: 'HS256', secret: CLIENT_ID }));
    const [header, payload] = entra.token(evan()).split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectRefused(`${none}.${payload}.`);
    // A tampered payload under a good signature.
    const tampered = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    tampered.oid = people.admin.aadObjectId;
    await expectRefused(`${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.x`);
  });

  it("refuses a token that is not a person's for this API: no access_as_user scope, or no object id", async () => {
    await expectRefused(entra.token({ ...evan(), scp: 'User.Read' }));
    await expectRefused(entra.token({ ...evan(), scp: undefined, roles: ['access_as_user'] }));
    await expectRefused(entra.token({ ...evan(), oid: undefined }));
  });

  it("refuses local mode's tokens in azure mode, and has no local sign-in to make them", async () => {
    const local = jwt.sign({ oid: people.evan.aadObjectId }, 'anything', {
      algorithm: 'HS256',
      issuer: 'staff-voice-local',
      audience: 'staff-voice-dashboard',
    });
    await expectRefused(local);
    expect((await call(h, '/dashboard/local-sign-in')).status).toBe(404);
    const post = await call(h, '/dashboard/local-sign-in', { method: 'POST', body: { id: people.evan.aadObjectId } });
    expect(post.status).toBe(404);
    expect(post.body.token).toBeUndefined();
  });

  it('refuses on every route, and the refusals leave nothing behind (no audit row, no export link)', async () => {
    const expired = entra.token({ ...evan(), iat: now() - 3 * hour, exp: now() - hour });
    const wave = `${SURVEY.id}-w003`;
    for (const path of [
      '/api/dashboard/me',
      `/api/dashboard/surveys/${SURVEY.id}`,
      `/api/dashboard/surveys/${SURVEY.id}/teams/x`,
    ])
      await expectRefused(expired, path);
    const exported = await call(h, `/api/dashboard/surveys/${SURVEY.id}/waves/${wave}/export`, {
      method: 'POST',
      token: expired,
    });
    expect(exported.status).toBe(401);
    expect(Object.keys(exported.body)).toEqual(['error']);
    expect(await allEntities(h.table('exports'))).toEqual([]);
    expect((await allEntities(h.table('audit'))).filter((r) => r.partitionKey === 'dashboard')).toEqual([]);
  });

  it("reads Entra's keys once, again when a token names a new one (at most every five minutes), and says 503 while it has none", async () => {
    const clock = new ManualClock(new Date());
    const fresh = await startDashboard(dashboardConfig('azure', entra), clock);
    const me = () => call(fresh, '/api/dashboard/me', { token: entra.token(evan()) });
    try {
      // No keys yet and Entra down: nothing can be checked, and the answer says so (503, not a refusal).
      entra.failing = true;
      const down = await me();
      expect(down.status).toBe(503);
      expect(Object.keys(down.body)).toEqual(['error']);
      entra.failing = false;
      expect((await me()).status).toBe(200);
      const asked = entra.keyRequests.length;
      expect((await me()).status).toBe(200);
      expect(entra.keyRequests.length).toBe(asked);

      // Entra rolls its keys: a token signed with the new one is refused until the keys may be read again.
      entra.rollKeys();
      expect((await me()).status).toBe(401);
      expect(entra.keyRequests.length).toBe(asked);
      clock.advance(6 * 60_000);
      expect((await me()).status).toBe(200);
      expect(entra.keyRequests.length).toBe(asked + 1);

      // A day on, with Entra unreachable, the keys already read still verify.
      entra.failing = true;
      clock.advance(25 * 3600_000);
      const stale = await call(fresh, '/api/dashboard/me', {
        token: entra.token({
          ...evan(),
          iat: undefined,
          nbf: undefined,
          exp: Math.floor(clock.now().getTime() / 1000) + 600,
        }),
      });
      expect(stale.status).toBe(200);
    } finally {
      entra.failing = false;
      await fresh.stop();
    }
  });
});
