import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import {
  personalInstall,
  personalMessage,
  personalUninstall,
  team,
  teamInstall,
  teamUninstall,
  user,
} from '../support/activities';
import { waitFor } from '../support/outbox-helpers';

describe('conversation capture', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('stores the reference on a personal install and sends the welcome card through the connector', async () => {
    const alice = user('Alice Nurse');
    const conversationId = h.emulator.conversationIdFor(alice.id);
    const res = await h.post(personalInstall({ serviceUrl: h.emulator.url, user: alice, conversationId }));
    expect(res.status).toBe(200);

    const row = await h.table('conversations').getEntity<Record<string, string>>('user', alice.aadObjectId);
    expect(row.status).toBe('active');
    expect(JSON.parse(row.ref!)).toMatchObject({
      kind: 'personal',
      conversationId,
      serviceUrl: h.emulator.url,
      userId: alice.id,
    });

    const sent = h.emulator.sent(conversationId);
    expect(sent).toHaveLength(1);
    const text = cardText(cardOf(sent[0]!.body));
    expect(text).toContain('Welcome to Staff Voice');
    expect(text).toContain('anonymity');
    expect(JSON.stringify(cardOf(sent[0]!.body))).not.toContain('${');
  });

  it('welcomes once even when Teams sends the install twice at the same moment', async () => {
    const bob = user('Bob Porter');
    const conversationId = h.emulator.conversationIdFor(bob.id);
    const install = personalInstall({ serviceUrl: h.emulator.url, user: bob, conversationId });
    await Promise.all([h.post(install), h.post({ ...install, id: 'dup' })]);
    expect(h.emulator.sent(conversationId)).toHaveLength(1);
  });

  it('marks an uninstalled person without deleting them, and a re-install reactivates and welcomes again', async () => {
    const carol = user('Carol Physio');
    const conversationId = h.emulator.conversationIdFor(carol.id);
    await h.post(personalInstall({ serviceUrl: h.emulator.url, user: carol, conversationId }));
    await h.post(personalUninstall({ serviceUrl: h.emulator.url, user: carol, conversationId }));
    const row = await h.table('conversations').getEntity<Record<string, string>>('user', carol.aadObjectId);
    expect(row.status).toBe('uninstalled');

    await h.post(personalInstall({ serviceUrl: h.emulator.url, user: carol, conversationId }));
    const again = await h.table('conversations').getEntity<Record<string, string>>('user', carol.aadObjectId);
    expect(again.status).toBe('active');
    expect(again.firstInstalledAt).toBe(row.firstInstalledAt);
    expect(h.emulator.sent(conversationId)).toHaveLength(2);
  });

  it('captures a person who writes before any install event reached the bot, in the capture job and not in the turn', async () => {
    const dev = user('Dev Porter');
    const conversationId = h.emulator.conversationIdFor(dev.id);
    await h.post(personalMessage({ serviceUrl: h.emulator.url, user: dev, conversationId, text: 'help' }));
    const missing = await h
      .table('conversations')
      .getEntity('user', dev.aadObjectId)
      .catch((e: { statusCode?: number }) => e.statusCode);
    expect(missing).toBe(404); // the turn itself read and wrote nothing keyed by them
    await h.app.delivery.captures.flush();
    const row = await h.table('conversations').getEntity<Record<string, string>>('user', dev.aadObjectId);
    expect(row.status).toBe('active');
    await waitFor(
      () => h.emulator.sent(conversationId).some((c) => cardText(cardOf(c.body)).includes('Welcome')),
      15_000,
    );
    expect(await h.app.delivery.captures.flush()).toBe(0); // captured once
  });

  it('the capture job captures on its own timer, a few seconds after the message', async () => {
    h.app.delivery.captures.start(); // as in production; the harness leaves jobs to the tests
    const eve = user('Eve Porter');
    const conversationId = h.emulator.conversationIdFor(eve.id);
    await h.post(personalMessage({ serviceUrl: h.emulator.url, user: eve, conversationId, text: 'help' }));
    await waitFor(async () => {
      const row = await h
        .table('conversations')
        .getEntity<Record<string, string>>('user', eve.aadObjectId)
        .catch(() => undefined);
      return row?.status === 'active';
    }, 20_000);
  });

  it('records a group chat on install and marks it on uninstall', async () => {
    const ann = user('Ann Admin');
    const chat = {
      ...personalInstall({ serviceUrl: h.emulator.url, user: ann, conversationId: '19:huddle@thread.v2' }),
    };
    chat.conversation = {
      id: '19:huddle@thread.v2',
      conversationType: 'groupChat',
      tenantId: chat.conversation.tenantId,
    };
    await h.post(chat);
    const row = await h.table('conversations').getEntity<Record<string, string>>('chat', '19:huddle@thread.v2');
    expect(row.status).toBe('active');
    expect(JSON.parse(row.ref!)).toMatchObject({ kind: 'groupChat' });
    await h.post({ ...chat, action: 'remove', id: 'rm' });
    expect(
      (await h.table('conversations').getEntity<Record<string, string>>('chat', '19:huddle@thread.v2')).status,
    ).toBe('uninstalled');
  });

  it('records a team and its channels on team install, and marks them on uninstall', async () => {
    const ward = team('Ward 7', ['Leadership', 'Speak Up Guardians']);
    const admin = user('Ann Admin');
    h.emulator.addTeam({ id: ward.id, name: ward.name, channels: ward.channels, members: [] });
    const res = await h.post(teamInstall({ serviceUrl: h.emulator.url, team: ward, by: admin }));
    expect(res.status).toBe(200);

    const rows = await allEntities(h.table('conversations'));
    const teamRow = rows.find((r) => r.partitionKey === 'team');
    expect(teamRow).toMatchObject({ name: 'Ward 7', status: 'active' });
    const channels = rows.filter((r) => r.partitionKey === 'channel' && r.teamId === ward.id);
    expect(channels.map((c) => c.name).sort()).toEqual(['General', 'Leadership', 'Speak Up Guardians']);

    await h.post(teamUninstall({ serviceUrl: h.emulator.url, team: ward, by: admin }));
    const after = await allEntities(h.table('conversations'));
    expect(
      after
        .filter((r) => r.partitionKey === 'channel' && r.teamId === ward.id)
        .every((c) => c.status === 'uninstalled'),
    ).toBe(true);
    expect(after.find((r) => r.partitionKey === 'team')).toMatchObject({ status: 'uninstalled' });
  });
});
