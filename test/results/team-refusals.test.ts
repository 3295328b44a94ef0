import { channelMention } from '../support/activities';
import type { Harness } from '../support/harness';
import { actionsOf, auditRows, cardText, chat, people, startWithTeams, teams } from '../people/lead-helpers';

const POST = 'results.team.post';
const SHOW = 'results.team.show';

/** `results team`, a team chosen from a list, and posting, refused to anyone who may not read the team. */
describe('team results refused, politely and audited', () => {
  const { admin, evan, sam, liam, nora } = people;
  const { ward7, ward9 } = teams;
  let h: Harness;
  let c: ReturnType<typeof chat>;
  const refusals = async () =>
    (await auditRows(h))
      .filter((r) => String(r.action).startsWith('results.team'))
      .map((r) => [r.actor, r.action, r.outcome, r.target, r.detail]);

  beforeAll(async () => {
    h = await startWithTeams();
    c = chat(h);
    for (const [team, person] of [
      [ward7, liam],
      [ward9, nora],
    ] as const)
      expect(cardText(await c.click(admin, 'leads.name', { team: team.id, person: person.aadObjectId }))).toContain(
        'Done:',
      );
  }, 60_000);
  afterAll(() => h.stop());

  it("refuses a lead of Ward 7 Ward 9's results, says why, and audits it", async () => {
    await c.say(liam, 'results team ward 9');
    const text = cardText(c.lastCard(liam));
    expect(text).toContain('Ward 9’s results are for its leads');
    expect(text).toContain('You lead Ward 7, not Ward 9, so nothing was shown.');
    expect(await refusals()).toEqual([
      [liam.aadObjectId, 'results.team', 'refused', ward9.id, 'not a lead of that team'],
    ]);
  });

  it('refuses someone who leads no team, whatever team they name, and audits each', async () => {
    await c.say(sam, 'results team');
    expect(cardText(c.lastCard(sam))).toContain('You are not named as the lead of a team, so nothing was shown.');
    await c.say(sam, 'results team ward 7');
    expect(cardText(c.lastCard(sam))).toContain('Team results are for the team’s leads');
    // A team named by someone who may read none is not looked up: the refusal says nothing about which teams exist.
    await c.say(sam, 'results team no such ward');
    expect(cardText(c.lastCard(sam))).toContain('Team results are for the team’s leads');
    const refused = (await refusals()).filter((r) => r[0] === sam.aadObjectId);
    expect(refused).toEqual(
      Array.from({ length: 3 }, () => [
        sam.aadObjectId,
        'results.team',
        'refused',
        '',
        'not a lead of any team, nor an executive or admin',
      ]),
    );
  });

  it("refuses a lead a forged button for another team's card or post, and audits it", async () => {
    const before = h.emulator.sent(ward9.id).length;
    const shown = await c.click(liam, SHOW, { team: ward9.id });
    expect(cardText(shown)).toContain('You lead Ward 7, not Ward 9');
    const posted = await c.click(liam, POST, { survey: 'a1b2c3d4e5', wave: 'a1b2c3d4e5-w001', team: ward9.id });
    expect(cardText(posted)).toContain('You lead Ward 7, not Ward 9');
    // The audit trail lists the newest first.
    expect((await refusals()).filter((r) => r[0] === liam.aadObjectId).map((r) => r[1])).toEqual([
      'results.team.post',
      'results.team',
      'results.team',
    ]);
    // Nothing reached Ward 9's channel.
    expect(h.emulator.sent(ward9.id).length).toBe(before);
  });

  it('answers a tampered button with a polite card, and records nothing', async () => {
    const before = (await refusals()).length;
    for (const data of [{}, { team: 'has spaces' }, { survey: '../etc', wave: 'x', team: ward7.id }]) {
      const card = await c.click(liam, POST, data);
      expect(cardText(card)).toContain('That button is no longer in use');
    }
    expect((await refusals()).length).toBe(before);
  });

  it('tells a lead whose team has no results yet when they will come, and an executive which team they meant', async () => {
    await c.say(liam, 'results team');
    expect(cardText(c.lastCard(liam))).toContain('No results for Ward 7 yet');
    await c.say(evan, 'results team ward');
    const choice = c.lastCard(evan);
    expect(actionsOf(choice).map((a) => [a.title, a.data.team])).toEqual([
      ['Ward 7', ward7.id],
      ['Ward 9', ward9.id],
    ]);
    await c.say(evan, 'results team theatre nine');
    expect(cardText(c.lastCard(evan))).toContain('No team called "theatre nine"');
    await c.say(evan, 'results team');
    expect(cardText(c.lastCard(evan))).toContain('Type "results team" and part of a team’s name');
  });

  it('keeps team results out of channels', async () => {
    await h.post(
      channelMention({
        serviceUrl: h.emulator.url,
        user: liam,
        team: ward7,
        channelId: ward7.id,
        text: 'results team',
      }),
    );
    const reply = h.emulator.sent(ward7.id).at(-1)!;
    expect(cardText(reply.body.attachments[0].content)).toContain('Team results are shown in your 1:1 chat with me');
  });
});
