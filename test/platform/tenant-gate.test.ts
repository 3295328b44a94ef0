import { Writable } from 'node:stream';
import { TableClient } from '@azure/data-tables';
import { createApp, type StaffVoiceApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { TABLE_NAMES } from '../../src/app';
import { actionExecute, fromTenant, personalInstall, personalMessage, TENANT_ID, user } from '../support/activities';
import { ConnectorEmulator } from '../support/connector-emulator';
import { allEntities, testConfig, testConnectionString } from '../support/harness';

const OTHER_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';
const BOT = '11111111-2222-4333-8444-555555555555';
const ADMIN = '0f1e2d3c-4b5a-4678-9abc-def012345678';

/**
 * Activities from tenants other than the configured ones are refused before any route runs. In azure mode inbound
 * authentication is on and an offline test cannot sign a Bot Framework token, so these tests run with auth off and
 * a configured tenant list: the gate is the same code either way (it runs after authentication, before the routes).
 */
describe('the tenant gate', () => {
  let app: StaffVoiceApp;
  let url: string;
  let emulator: ConnectorEmulator;
  const logLines: string[] = [];
  const config = { ...testConfig(), tenants: { allowed: [TENANT_ID] } };
  const table = (name: string) =>
    TableClient.fromConnectionString(testConnectionString(), `${config.storageNamespace}${name}`, {
      allowInsecureConnection: true,
    });
  const post = async (activity: unknown) => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const everyRow = async () =>
    (await Promise.all(TABLE_NAMES.map(async (t) => (await allEntities(table(t))).length))).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    emulator = await ConnectorEmulator.start();
    const logDestination = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app = await createApp(config, { logDestination, scheduledJobs: false });
    url = (await app.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await app.stop();
    await emulator.stop();
  });

  it('refuses an install, a message and a card action from another tenant before any route: nothing stored, nothing sent', async () => {
    const mallory = user('Mallory Elsewhere');
    const conversationId = emulator.conversationIdFor(mallory.id);
    const rowsBefore = await everyRow();
    const install = await post(
      fromTenant(personalInstall({ serviceUrl: emulator.url, user: mallory, conversationId }), OTHER_TENANT),
    );
    expect(install.status).toBe(200);
    expect(
      (
        await post(
          fromTenant(
            personalMessage({ serviceUrl: emulator.url, user: mallory, conversationId, text: 'speak up' }),
            OTHER_TENANT,
          ),
        )
      ).status,
    ).toBe(200);
    const invoke = await post(
      fromTenant(
        actionExecute({ serviceUrl: emulator.url, user: mallory, conversationId, verb: 'speakup.open' }),
        OTHER_TENANT,
      ),
    );
    expect(invoke.status).toBe(403);
    // No route ran: no welcome card, no conversation captured, no form, no row anywhere.
    await new Promise((r) => setTimeout(r, 300));
    expect(emulator.calls).toHaveLength(0);
    expect(await everyRow()).toBe(rowsBefore);
    expect((await allEntities(table('conversations'))).some((r) => r.rowKey === mallory.aadObjectId)).toBe(false);

    // Logged, once per activity, with the tenant but without who it was.
    const refused = logLines.filter((l) => l.includes('tenant not configured'));
    expect(refused).toHaveLength(3);
    expect(refused[0]).toContain(OTHER_TENANT);
    for (const secret of [mallory.aadObjectId, mallory.id, mallory.name, conversationId, 'speak up'])
      expect(logLines.join('\n')).not.toContain(secret);
  });

  it('serves the configured tenant as before', async () => {
    const alice = user('Alice Allowed');
    const conversationId = emulator.conversationIdFor(alice.id);
    expect((await post(personalInstall({ serviceUrl: emulator.url, user: alice, conversationId }))).status).toBe(200);
    expect((await allEntities(table('conversations'))).some((r) => r.rowKey === alice.aadObjectId)).toBe(true);
    const res = await post(
      actionExecute({ serviceUrl: emulator.url, user: alice, conversationId, verb: 'speakup.open' }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.value)).toContain('Speak up');
  });

  it('refuses an activity that names no tenant at all', async () => {
    const nobody = user('No Tenant');
    const activity = personalInstall({
      serviceUrl: emulator.url,
      user: nobody,
      conversationId: emulator.conversationIdFor(nobody.id),
    });
    const { tenantId: _t, ...conversation } = activity.conversation;
    expect((await post({ ...activity, conversation, channelData: {} })).status).toBe(200);
    expect((await allEntities(table('conversations'))).some((r) => r.rowKey === nobody.aadObjectId)).toBe(false);
  });
});

describe('the tenant setting (ALLOWED_TENANT_IDS)', () => {
  const azure = {
    BOT_ID: BOT,
    BOT_TYPE: 'UserAssignedMsi',
    BOT_TENANT_ID: TENANT_ID,
    STORAGE_ACCOUNT_URL: 'https://stvoice01.table.core.windows.net',
    ADMIN_AAD_OBJECT_IDS: ADMIN,
    SPEAKUP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    PUBLIC_BASE_URL: 'https://staff-voice.azurewebsites.net',
  };

  it("defaults to the bot's own tenant in azure mode", () => {
    const r = parseConfig(azure);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.config.tenants).toEqual({ allowed: [TENANT_ID] });
  });

  it('takes a comma-separated list, lower-cased, instead of the default', () => {
    const r = parseConfig({ ...azure, ALLOWED_TENANT_IDS: `${OTHER_TENANT.toUpperCase()}, ${TENANT_ID}` });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.config.tenants).toEqual({ allowed: [OTHER_TENANT, TENANT_ID] });
  });

  it('names a value that is not a tenant id', () => {
    const r = parseConfig({ ...azure, ALLOWED_TENANT_IDS: 'contoso.onmicrosoft.com' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join('\n')).toMatch(
      /ALLOWED_TENANT_IDS: "contoso.onmicrosoft.com" is not an Entra tenant id/,
    );
  });

  it('admits no tenant, rather than every tenant, for a multi-tenant bot with neither setting', () => {
    const r = parseConfig({ ...azure, BOT_TYPE: 'MultiTenant', BOT_PASSWORD: 'secret', BOT_TENANT_ID: '' });
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.config.tenants).toEqual({ allowed: [] });
  });

  it('has no gate in local mode unless a list is given', () => {
    const local = parseConfig({});
    expect(local.ok && local.config.tenants).toBeUndefined();
    const listed = parseConfig({ ALLOWED_TENANT_IDS: TENANT_ID });
    expect(listed.ok && listed.config.tenants).toEqual({ allowed: [TENANT_ID] });
  });
});
