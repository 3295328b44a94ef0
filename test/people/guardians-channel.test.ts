import { ManualClock } from '../../src/platform/clock';
import {
  actionExecute,
  channelMention,
  personalInstall,
  team,
  teamInstall,
  user,
  type TestTeam,
  type TestUser,
} from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { caseCardIn, raise } from '../support/speak-up';

/**
 * Where speak-up cases go is decided by people who are both survey admins and guardians, in the open: every change
 * is announced in the channels that received cases until then, and audited. A channel registered by someone without
 * the guardian role never receives a confidential reporter's name or a reporter's reply.
 */
describe("changing the guardians' channel", () => {
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  const ann = user('Ann Admin'); // admin only
  const gina = user('Gina Guardian-Admin'); // admin and guardian
  const grace = user('Grace Guardian'); // guardian only
  const dave = user('Dave Deputy'); // admin and guardian, until his guardian role is revoked
  const rita = user('Rita Reporter');
  const first = team('FTSU Guardians');
  const second = team('FTSU Guardians (new)');
  const legacy = team('Old Guardians Room');
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [ann.aadObjectId, gina.aadObjectId], clock });
    await h.app.people.roles.seed(gina.aadObjectId, ['guardian']);
    await h.app.people.roles.seed(grace.aadObjectId, ['guardian']);
    await h.app.people.roles.seed(dave.aadObjectId, ['admin', 'guardian']);
    for (const p of [ann, gina, grace, dave, rita])
      await h.post(
        personalInstall({ serviceUrl: h.emulator.url, user: p, conversationId: h.emulator.conversationIdFor(p.id) }),
      );
    for (const t of [first, second, legacy])
      await h.post(teamInstall({ serviceUrl: h.emulator.url, team: t, by: gina }));
  });
  afterAll(() => h.stop());

  const mention = (who: TestUser, where: TestTeam, text: string) =>
    h.post(channelMention({ serviceUrl: h.emulator.url, user: who, team: where, channelId: where.id, text }));
  const lastIn = (where: TestTeam) => cardText(cardOf(h.emulator.sent(where.id).at(-1)?.body));
  const registrations = async () =>
    (await allEntities(h.table('registrations'))).filter((r) => r.partitionKey === 'guardians').map((r) => r.rowKey);
  const audit = async (action: string) => (await allEntities(h.table('audit'))).filter((a) => a.action === action);
  const channelTexts = (where: TestTeam) => h.emulator.sent(where.id).map((c) => cardText(cardOf(c.body)));

  it('refuses "guardians here" from an admin without the guardian role, and from a guardian who is not an admin: nothing stored, audited', async () => {
    await mention(ann, first, 'guardians here');
    expect(lastIn(first)).toMatch(/both a survey admin and a Freedom to Speak Up guardian/);
    await mention(grace, first, 'guardians here');
    expect(lastIn(first)).toMatch(/both a survey admin and a Freedom to Speak Up guardian/);
    expect(await registrations()).toEqual([]);
    expect(await audit('channel.register.guardians')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: ann.aadObjectId,
          outcome: 'refused',
          detail: expect.stringMatching(/not a guardian/),
        }),
        expect.objectContaining({
          actor: grace.aadObjectId,
          outcome: 'refused',
          detail: expect.stringMatching(/not an admin/),
        }),
      ]),
    );
  });

  it("announces a guardian-admin's change in the channel that received cases until then, and audits it", async () => {
    await mention(gina, first, 'guardians here');
    expect(lastIn(first)).toContain('Done: this channel now receives');
    expect(await registrations()).toEqual([first.id]);

    await mention(gina, second, 'guardians here');
    expect(lastIn(second)).toContain('Done: this channel now receives');
    await waitFor(() => channelTexts(first).some((t) => t.includes('FTSU Guardians (new)')), 15_000);
    const announcement = channelTexts(first).find((t) => t.includes('FTSU Guardians (new)'))!;
    expect(announcement).toContain('Gina Guardian-Admin');
    expect(announcement).toMatch(/now also go to/);
    expect(await audit('channel.register.guardians')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: gina.aadObjectId,
          outcome: 'done',
          target: second.id,
          detail: expect.stringMatching(/announced in 1 channel/),
        }),
      ]),
    );

    // An admin without the guardian role cannot undo it either.
    await mention(ann, second, 'guardians stop');
    expect(lastIn(second)).toMatch(/both a survey admin and a Freedom to Speak Up guardian/);
    expect((await registrations()).sort()).toEqual([first.id, second.id].sort());

    // Stopping the first channel is announced in the one that keeps receiving cases.
    await mention(gina, first, 'guardians stop');
    expect(lastIn(first)).toContain('no longer receives');
    await waitFor(
      () => channelTexts(second).some((t) => /no longer receives/.test(t) && t.includes('FTSU Guardians')),
      15_000,
    );
    expect(await registrations()).toEqual([second.id]);
    expect(await audit('channel.unregister.guardians')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: ann.aadObjectId,
          outcome: 'refused',
          target: second.id,
          detail: 'caller is not a guardian',
        }),
        expect.objectContaining({
          actor: gina.aadObjectId,
          outcome: 'done',
          target: first.id,
          detail: expect.stringMatching(/announced in 1 channel/),
        }),
      ]),
    );
  });

  it('never sends a confidential name or a reporter reply to a channel registered by someone without the guardian role', async () => {
    await mention(dave, legacy, 'guardians here');
    expect(await registrations()).toContain(legacy.id);
    // Dave loses the guardian role: the channel he registered stays registered, but is no longer trusted with text.
    expect((await h.app.people.roles.change(gina.aadObjectId, dave.aadObjectId, 'guardian', false)).kind).toBe(
      'revoked',
    );

    const { card } = await raise(h, rita, {
      mode: 'confidential',
      categories: 'other',
      concern: 'The rota is unsafe on ward 2.',
    });
    const ref = /FTSU-2026-\d{4}/.exec(cardText(card))![0];
    await caseCardIn(h, second, ref);
    await caseCardIn(h, legacy, ref);
    const replied = await h.post(
      actionExecute({
        serviceUrl: h.emulator.url,
        user: rita,
        conversationId: h.emulator.conversationIdFor(rita.id),
        verb: 'speakup.reporter-reply',
        data: { case: ref, text: 'It happened again last night.' },
      }),
    );
    expect(cardText(replied.body.value)).toContain('Sent to the guardians');

    await waitFor(() => channelTexts(second).some((t) => t.includes('It happened again last night.')), 15_000);
    await waitFor(() => channelTexts(legacy).some((t) => t.includes('The reporter replied')), 15_000);
    const legacyTraffic = JSON.stringify(
      [...h.emulator.sent(legacy.id), ...h.emulator.updates(legacy.id)].map((c) => c.body),
    );
    for (const secret of ['It happened again last night.', 'Rita', 'rota is unsafe'])
      expect(legacyTraffic).not.toContain(secret);
    expect(channelTexts(legacy).find((t) => t.includes('The reporter replied'))).toMatch(/guardians here/);
  });
});
