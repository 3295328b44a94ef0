import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  actionExecute,
  actionSubmit,
  channelMention,
  personalMessage,
  team,
  user,
  type TestUser,
} from '../support/activities';

describe('roles, help and channel registration', () => {
  const admin = user('Ann Admin');
  const staff = user('Sam Staff');
  const grace = user('Grace Guardian');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId] });
    for (const u of [admin, staff, grace]) await say(u, 'hello');
    await h.app.delivery.captures.flush(); // captured (outside the turns), so the roles card can name them
    // Their welcome cards come through the outbox: let them arrive before the replies the tests look at.
    await waitFor(
      () =>
        [admin, staff, grace].every((u) =>
          h.emulator.sent(conv(u)).some((c) => cardText(cardOf(c.body)).includes('Welcome to Staff Voice')),
        ),
      15_000,
    );
  });
  afterAll(() => h.stop());

  const conv = (u: TestUser) => h.emulator.conversationIdFor(u.id);
  const say = (u: TestUser, text: string) =>
    h.post(personalMessage({ serviceUrl: h.emulator.url, user: u, conversationId: conv(u), text }));
  const lastCard = (u: TestUser) => cardOf(h.emulator.sent(conv(u)).at(-1)!.body);
  const click = async (u: TestUser, verb: string, data: Record<string, unknown>) => {
    const res = await h.post(
      actionExecute({ serviceUrl: h.emulator.url, user: u, conversationId: conv(u), verb, data }),
    );
    expect(res.status).toBe(200);
    return res.body.value;
  };
  const roleRows = async () =>
    (await allEntities(h.table('roles'))).filter((r) => r.guardian || r.executive || r.admin);
  const auditRows = () => allEntities(h.table('audit'));

  it('shows a member of staff only what they can do', async () => {
    await say(staff, 'help');
    const text = cardText(lastCard(staff));
    expect(text).toContain('help');
    expect(text).not.toContain('roles');
    expect(text).not.toContain('digest here');
  });

  it('shows an admin the admin commands', async () => {
    await say(admin, 'Help');
    const text = cardText(lastCard(admin));
    expect(text).toContain('Survey admin');
    expect(text).toContain('roles');
    expect(text).toContain('digest here');
  });

  it('refuses the roles card to a non-admin, politely', async () => {
    await say(staff, 'roles');
    expect(cardText(lastCard(staff))).toMatch(/only survey admins can manage roles/i);
  });

  it('refuses a crafted grant from a non-admin: nothing stored, the refusal audited', async () => {
    const card = await click(staff, 'roles.grant', { person: staff.aadObjectId, role: 'admin' });
    expect(cardText(card)).toMatch(/only survey admins/i);
    expect(await roleRows()).toHaveLength(0);
    const audit = await auditRows();
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: staff.aadObjectId, action: 'role.grant', outcome: 'refused' }),
      ]),
    );
  });

  it('lets an admin grant a role from the roles card: stored and audited', async () => {
    await say(admin, 'roles');
    const rolesCard = lastCard(admin);
    expect(cardText(rolesCard)).toContain('Grace Guardian');
    const card = await click(admin, 'roles.grant', { person: grace.aadObjectId, role: 'guardian' });
    expect(cardText(card)).toContain('Granted: Freedom to Speak Up guardian');
    const row = await h.table('roles').getEntity<Record<string, unknown>>('role', grace.aadObjectId);
    expect(row.guardian).toBe(true);
    expect(row.guardianGrantedBy).toBe(admin.aadObjectId);
    expect(await auditRows()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: admin.aadObjectId,
          action: 'role.grant',
          outcome: 'done',
          target: grace.aadObjectId,
          detail: 'guardian',
        }),
      ]),
    );
    await say(grace, 'help');
    expect(cardText(lastCard(grace))).toContain('Your roles: Freedom to Speak Up guardian');
  });

  it('lets an admin revoke through the Action.Submit fallback too', async () => {
    await h.post(
      actionSubmit({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: conv(admin),
        data: { verb: 'roles.revoke', person: grace.aadObjectId, role: 'guardian' },
      }),
    );
    const row = await h.table('roles').getEntity<Record<string, unknown>>('role', grace.aadObjectId);
    expect(row.guardian).toBe(false);
  });

  it('answers a tampered role payload with the problem and changes nothing', async () => {
    const before = await roleRows();
    for (const data of [
      { person: 'not-a-guid', role: 'guardian' },
      { person: staff.aadObjectId, role: 'superuser' },
      {},
    ]) {
      const card = await click(admin, 'roles.grant', data);
      expect(cardText(card)).toMatch(/Choose (a person|one of the roles)/);
    }
    expect(await roleRows()).toEqual(before);
  });

  it('will not revoke an admin set in configuration', async () => {
    const card = await click(admin, 'roles.revoke', { person: admin.aadObjectId, role: 'admin' });
    expect(cardText(card)).toMatch(/set in the app configuration/);
  });

  describe('channel registration', () => {
    const ward = team('Exec Team', ['Leadership', 'Speak Up Guardians']);
    const leadership = ward.channels[1]!.id;
    const mention = (u: TestUser, text: string, channelId = leadership) =>
      h.post(channelMention({ serviceUrl: h.emulator.url, user: u, team: ward, channelId, text }));
    const registrations = () => allEntities(h.table('registrations'));

    it('refuses digest here and guardians here from a non-admin and stores nothing', async () => {
      await mention(staff, 'digest here');
      expect(cardText(cardOf(h.emulator.sent(leadership).at(-1)!.body))).toMatch(
        /only survey admins can register channels/i,
      );
      await mention(staff, 'guardians here');
      expect(await registrations()).toHaveLength(0);
      const replies = h.emulator.sent(leadership);
      expect(cardText(cardOf(replies.at(-1)!.body))).toMatch(/both a survey admin and a Freedom to Speak Up guardian/i);
      const refused = (await auditRows()).filter(
        (a) => a.outcome === 'refused' && String(a.action).startsWith('channel.register'),
      );
      expect(refused).toHaveLength(2);
    });

    it('registers and unregisters a channel for an admin (a guardian too, for the guardians channel), audited', async () => {
      await mention(admin, 'digest here');
      await h.app.people.roles.seed(admin.aadObjectId, ['guardian']); // where speak-up cases go takes both roles
      await mention(admin, 'guardians here', ward.channels[2]!.id);
      const rows = await registrations();
      expect(rows.map((r) => [r.partitionKey, r.channelName]).sort()).toEqual([
        ['digest', 'Leadership'],
        ['guardians', 'Speak Up Guardians'],
      ]);
      expect(cardText(cardOf(h.emulator.sent(leadership).at(-1)!.body))).toContain(
        'now receives the leadership digest',
      );

      await mention(admin, 'digest stop');
      expect((await registrations()).map((r) => r.partitionKey)).toEqual(['guardians']);
      const actions = (await auditRows()).filter((a) => a.outcome === 'done').map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining(['channel.register.digest', 'channel.register.guardians', 'channel.unregister.digest']),
      );
    });
  });
});
