import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseConfig } from '../src/config';

const ADMIN = '0f1e2d3c-4b5a-4678-9abc-def012345678';
const BOT = '11111111-2222-4333-8444-555555555555';
const TENANT = '99999999-8888-4777-8666-555555555555';

describe('configuration', () => {
  it('runs in local mode with nothing set', () => {
    const r = parseConfig({});
    expect(r.ok && r.config.mode).toBe('local');
    expect(r.ok && r.config.bot).toEqual({ auth: 'none' });
    expect(r.ok && r.config.storage.kind).toBe('embedded');
    expect(r.ok && r.config.server.port).toBe(3978);
  });

  it('builds a frozen azure config for a user-assigned managed identity', () => {
    const r = parseConfig({
      BOT_ID: BOT,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: TENANT,
      STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net',
      AZURE_CLIENT_ID: BOT,
      ADMIN_AAD_OBJECT_IDS: `${ADMIN.toUpperCase()}, ${ADMIN.replace('0f', '1f')}`,
      PORT: '8080',
      SPEAKUP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_BASE_URL: 'https://staff-voice.azurewebsites.net/',
    });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.config.bot).toEqual({ auth: 'UserAssignedMsi', appId: BOT, tenantId: TENANT });
    expect(r.config.results.publicUrl).toBe('https://staff-voice.azurewebsites.net');
    expect(r.config.storage).toEqual({
      kind: 'account-url',
      tableUrl: 'https://stvoice01.table.core.windows.net',
      queueUrl: 'https://stvoice01.queue.core.windows.net',
      blobUrl: 'https://stvoice01.blob.core.windows.net',
      clientId: BOT,
    });
    expect(r.config.people.firstAdmins).toEqual([ADMIN, ADMIN.replace('0f', '1f')]);
    expect(
      Object.isFrozen(r.config) && Object.isFrozen(r.config.bot) && Object.isFrozen(r.config.people.firstAdmins),
    ).toBe(true);
  });

  it('names every problem at once', () => {
    const r = parseConfig({ BOT_ID: 'not-a-guid', PORT: '99999', LOG_LEVEL: 'loud', ADMIN_AAD_OBJECT_IDS: 'bob' });
    expect(r.ok).toBe(false);
    const text = !r.ok ? r.problems.join('\n') : '';
    for (const name of ['BOT_ID', 'PORT', 'LOG_LEVEL', 'ADMIN_AAD_OBJECT_IDS', 'BOT_TYPE', 'STORAGE_ACCOUNT_URL'])
      expect(text).toContain(name);
  });

  it('names every missing azure setting', () => {
    const r = parseConfig({ BOT_ID: BOT, BOT_TYPE: 'SingleTenant' });
    const text = !r.ok ? r.problems.join('\n') : '';
    expect(text).toContain('BOT_TENANT_ID');
    expect(text).toContain('BOT_PASSWORD');
    expect(text).toContain('STORAGE_ACCOUNT_URL');
    expect(text).toContain('ADMIN_AAD_OBJECT_IDS');
  });

  it('refuses a password for a managed identity and both storage settings at once', () => {
    const r = parseConfig({
      BOT_ID: BOT,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: TENANT,
      BOT_PASSWORD: 'x',
      STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net',
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      ADMIN_AAD_OBJECT_IDS: ADMIN,
    });
    const text = !r.ok ? r.problems.join('\n') : '';
    expect(text).toContain('BOT_PASSWORD: must not be set');
    expect(text).toContain('set one, not both');
  });

  it('exits non-zero and lists every problem when the process starts with a bad config', async () => {
    const run = promisify(execFile);
    const err = await run(process.execPath, ['-r', 'tsx/cjs', '-e', "require('./src/config').loadConfig()"], {
      env: { PATH: process.env.PATH, BOT_ID: 'nope', PORT: 'abc', BOT_TYPE: 'Sideways' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    const stderr = (err as { stderr: string }).stderr;
    for (const name of ['BOT_ID', 'PORT', 'BOT_TYPE']) expect(stderr).toContain(name);
  });

  it('requires the speak-up key and the public address in azure mode, and rejects a bad key', () => {
    const r = parseConfig({
      BOT_ID: BOT,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: TENANT,
      STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net',
      ADMIN_AAD_OBJECT_IDS: ADMIN,
    });
    expect(r.ok ? [] : r.problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['SPEAKUP_ENCRYPTION_KEY', 'PUBLIC_BASE_URL']),
    );
    const bad = parseConfig({ SPEAKUP_ENCRYPTION_KEY: 'too-short' });
    expect(bad.ok).toBe(false);
  });

  it('keeps responses two years and cases and audit rows six years unless told otherwise', () => {
    const r = parseConfig({});
    expect(r.ok && r.config.retention).toEqual({ responsesDays: 730, casesDays: 2190, auditDays: 2190 });
    const set = parseConfig({
      RETENTION_RESPONSES_DAYS: '30',
      RETENTION_CASES_DAYS: '180',
      RETENTION_AUDIT_DAYS: '365',
    });
    expect(set.ok && set.config.retention).toEqual({ responsesDays: 30, casesDays: 180, auditDays: 365 });
  });

  it('refuses retention periods below their floors, naming each', () => {
    const r = parseConfig({ RETENTION_RESPONSES_DAYS: '29', RETENTION_CASES_DAYS: '179', RETENTION_AUDIT_DAYS: '364' });
    const text = !r.ok ? r.problems.join('\n') : '';
    expect(text).toContain('RETENTION_RESPONSES_DAYS: must be at least 30');
    expect(text).toContain('RETENTION_CASES_DAYS: must be at least 180');
    expect(text).toContain('RETENTION_AUDIT_DAYS: must be at least 365');
    expect(parseConfig({ RETENTION_AUDIT_DAYS: 'forever' }).ok).toBe(false);
  });

  it('uses the England and Wales bank holidays unless told which nation, or given a list instead', () => {
    const byDefault = parseConfig({});
    expect(byDefault.ok && byDefault.config.cases.bankHolidays).toEqual({ region: 'england-and-wales' });
    const scotland = parseConfig({ BANK_HOLIDAY_REGION: 'scotland' });
    expect(scotland.ok && scotland.config.cases.bankHolidays).toEqual({ region: 'scotland' });
    const ni = parseConfig({ BANK_HOLIDAY_REGION: 'northern-ireland' });
    expect(ni.ok && ni.config.cases.bankHolidays).toEqual({ region: 'northern-ireland' });
    const own = parseConfig({ SPEAKUP_BANK_HOLIDAYS: '2028-07-12, 2028-12-25' });
    expect(own.ok && own.config.cases.bankHolidays).toEqual({ dates: ['2028-07-12', '2028-12-25'] });
  });

  it('refuses an unknown bank-holiday region, listing the ones it knows', () => {
    const r = parseConfig({ BANK_HOLIDAY_REGION: 'wales' });
    expect(r.ok ? [] : r.problems).toEqual([
      'BANK_HOLIDAY_REGION: "wales" is not one of england-and-wales, scotland, northern-ireland (England and Wales share one calendar)',
    ]);
  });

  it('refuses a bank-holiday region and a list of dates together, since the list replaces the calendar', () => {
    const r = parseConfig({ BANK_HOLIDAY_REGION: 'scotland', SPEAKUP_BANK_HOLIDAYS: '2028-01-03' });
    expect(r.ok ? [] : r.problems).toEqual([
      expect.stringMatching(/^BANK_HOLIDAY_REGION and SPEAKUP_BANK_HOLIDAYS: set one, not both/),
    ]);
  });

  it('hides groups under 10 in a deployment, and runs the six-person Playground demo at the floor of 5', () => {
    const azure = {
      BOT_ID: BOT,
      BOT_TYPE: 'UserAssignedMsi',
      BOT_TENANT_ID: TENANT,
      STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net',
      ADMIN_AAD_OBJECT_IDS: ADMIN,
      SPEAKUP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_BASE_URL: 'https://staff-voice.azurewebsites.net/',
    };
    const k = (env: NodeJS.ProcessEnv) => {
      const r = parseConfig(env);
      if (!r.ok) throw new Error(r.problems.join('\n'));
      return r.config.privacy.minGroupSize;
    };
    expect(k(azure)).toBe(10);
    expect(k({})).toBe(5);
    expect(k({ PRIVACY_MIN_GROUP_SIZE: '12' })).toBe(12);
    expect(parseConfig({ PRIVACY_MIN_GROUP_SIZE: '4' })).toEqual({
      ok: false,
      problems: ['PRIVACY_MIN_GROUP_SIZE: must be at least 5 (the privacy floor)'],
    });
  });

  it('refuses to delete cases before their check-in is due', () => {
    const r = parseConfig({ SPEAKUP_CHECKIN_DAYS: '365', RETENTION_CASES_DAYS: '365' });
    expect(r.ok ? [] : r.problems).toEqual([
      'RETENTION_CASES_DAYS: 365 must be longer than SPEAKUP_CHECKIN_DAYS (365): a case cannot be deleted before its reporter is asked about detriment',
    ]);
    expect(parseConfig({ SPEAKUP_CHECKIN_DAYS: '365', RETENTION_CASES_DAYS: '366' }).ok).toBe(true);
    expect(parseConfig({ SPEAKUP_CHECKIN_DAYS: '200' }).ok).toBe(true); // against the default of 2190
  });
});
