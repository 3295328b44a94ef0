import { parseConfig } from '../../src/config';

const ADMIN = '0f1e2d3c-4b5a-4678-9abc-def012345678';
const BOT = '11111111-2222-4333-8444-555555555555';
const TENANT = '99999999-8888-4777-8666-555555555555';
const CLIENT = 'c1c1c1c1-d2d2-4e3e-8f4f-a5a5a5a5a5a5';

/** The settings of a deployment as infra/ makes it, plus the dashboard's. */
const azure = (extra: Record<string, string> = {}) => ({
  BOT_ID: BOT,
  BOT_TYPE: 'UserAssignedMsi',
  BOT_TENANT_ID: TENANT,
  STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net',
  ADMIN_AAD_OBJECT_IDS: ADMIN,
  SPEAKUP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PUBLIC_BASE_URL: 'https://staff-voice.azurewebsites.net',
  ...extra,
});

const problemsOf = (env: Record<string, string>) => {
  const r = parseConfig(env);
  return r.ok ? [] : r.problems;
};

describe("the dashboard's sign-in settings", () => {
  it('is off until DASHBOARD_CLIENT_ID names the Entra app, which the infra sets', () => {
    const r = parseConfig(azure());
    expect(r.ok && r.config.dashboard).toBeUndefined();
  });

  it("takes the app's client id, derives its Application ID URI from the public address, and checks with Entra", () => {
    const r = parseConfig(azure({ DASHBOARD_CLIENT_ID: CLIENT.toUpperCase() }));
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.config.dashboard).toEqual({
      clientId: CLIENT,
      apiUri: `api://staff-voice.azurewebsites.net/${CLIENT}`,
      authority: 'https://login.microsoftonline.com',
    });
    // The tenants whose people may sign in are the bot's own allow-list.
    expect(r.config.tenants?.allowed).toEqual([TENANT]);
    const named = parseConfig(azure({ DASHBOARD_CLIENT_ID: CLIENT, DASHBOARD_API_URI: `api://${CLIENT}` }));
    expect(named.ok && named.config.dashboard?.apiUri).toBe(`api://${CLIENT}`);
  });

  it('refuses another authority in azure mode: whoever names it chooses whose keys sign the tokens', () => {
    expect(problemsOf(azure({ DASHBOARD_CLIENT_ID: CLIENT, DASHBOARD_AUTHORITY: 'http://127.0.0.1:9999' }))).toEqual([
      expect.stringMatching(/^DASHBOARD_AUTHORITY: only for tests and local mode/),
    ]);
  });

  it('takes a local stand-in for Entra in local mode, with a tenant allow-list (required there)', () => {
    const local = { DASHBOARD_CLIENT_ID: CLIENT, DASHBOARD_AUTHORITY: 'http://127.0.0.1:9999' };
    expect(problemsOf(local)).toEqual([
      expect.stringMatching(/^ALLOWED_TENANT_IDS: required with DASHBOARD_CLIENT_ID/),
    ]);
    const r = parseConfig({ ...local, ALLOWED_TENANT_IDS: TENANT });
    expect(r.ok && r.config.dashboard).toEqual({
      clientId: CLIENT,
      apiUri: `api://${CLIENT}`,
      authority: 'http://127.0.0.1:9999',
    });
  });

  it('says what is wrong with each value', () => {
    const problems = problemsOf(
      azure({ DASHBOARD_CLIENT_ID: 'staff-voice', DASHBOARD_API_URI: 'https://example.org', DASHBOARD_AUTHORITY: 'x' }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DASHBOARD_CLIENT_ID: must be a GUID/),
        expect.stringMatching(/^DASHBOARD_API_URI: must be the app's Application ID URI/),
        expect.stringMatching(/^DASHBOARD_AUTHORITY: /),
      ]),
    );
    expect(problemsOf(azure({ DASHBOARD_API_URI: `api://${CLIENT}` }))).toEqual([
      'DASHBOARD_API_URI: only with DASHBOARD_CLIENT_ID (the app it names)',
    ]);
  });
});
