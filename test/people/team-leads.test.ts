import type { Harness } from '../support/harness';
import {
  actionsOf,
  auditRows,
  cardText,
  chat,
  choicesOf,
  emailOf,
  leadRows,
  people,
  startWithTeams,
  teams,
} from './lead-helpers';

/** An admin names and removes team leads on the roles card, through /api/messages, with the connector emulator. */
describe('team leads on the roles card', () => {
  const { admin, sam, wendy, liam, nora, olga, otto } = people;
  const { ward7, theatres } = teams;
  let h: Harness;
  let c: ReturnType<typeof chat>;

  beforeAll(async () => {
    h = await startWithTeams();
    c = chat(h);
  });
  afterAll(() => h.stop());

  it('lists every team the app is in on the roles card, with none led yet', async () => {
    await c.say(admin, 'roles');
    const text = cardText(c.lastCard(admin));
    expect(text).toContain('Team leads');
    expect(text).toContain('3 teams have no lead yet.');
    expect(actionsOf(c.lastCard(admin)).map((a) => a.title)).toContain('Name or remove team leads');
  });

  it('refuses a member of staff, tells them why, records it and changes nothing', async () => {
    for (const [verb, data] of [
      ['leads.teams', {}],
      ['leads.team', { team: ward7.id }],
      ['leads.name', { team: ward7.id, person: sam.aadObjectId }],
      ['leads.owners', { team: theatres.id }],
      ['leads.remove', { team: ward7.id, person: sam.aadObjectId }],
    ] as const) {
      const card = await c.click(sam, verb, data);
      expect(cardText(card)).toMatch(/Only survey admins can name team leads/);
      // The team's roster is not shown to them.
      expect(cardText(card)).not.toContain('Wendy Ward');
    }
    expect(await leadRows(h)).toHaveLength(0);
    const refused = (await auditRows(h)).filter((a) => a.actor === sam.aadObjectId && a.outcome === 'refused');
    expect(refused.map((a) => a.action).sort()).toEqual(['lead.name', 'lead.owners', 'lead.remove']);
  });

  it('names a member of the team as its lead, from its roster: stored with their name, audited, shown by name', async () => {
    const list = await c.click(admin, 'leads.teams');
    expect(choicesOf(list, 'team').map((t) => t.title)).toEqual(['Theatres', 'Ward 7', 'Ward 9']);

    const ward = await c.click(admin, 'leads.team', { team: ward7.id });
    expect(cardText(ward)).toContain('Team leads: Ward 7');
    const picker = choicesOf(ward, 'person').map((p) => p.title);
    expect(picker).toEqual(expect.arrayContaining(['Wendy Ward', 'Liam Lead', 'Sam Staff']));
    expect(picker).not.toContain('Nora Nine');

    const done = await c.click(admin, 'leads.name', { team: ward7.id, person: wendy.aadObjectId });
    expect(cardText(done)).toContain('Done: Wendy Ward now leads Ward 7.');
    const remove = actionsOf(done).find((a) => a.title === 'Remove');
    expect(remove?.data).toMatchObject({ verb: 'leads.remove', team: ward7.id, person: wendy.aadObjectId });
    expect(choicesOf(done, 'person').map((p) => p.title)).not.toContain('Wendy Ward');

    expect(await leadRows(h)).toEqual([
      expect.objectContaining({
        teamId: ward7.id,
        aadObjectId: wendy.aadObjectId,
        name: 'Wendy Ward',
        namedBy: admin.aadObjectId,
        leftAt: '',
        fromOwners: false,
      }),
    ]);
    expect(await auditRows(h)).toContainEqual(
      expect.objectContaining({
        actor: admin.aadObjectId,
        action: 'lead.name',
        outcome: 'done',
        target: wendy.aadObjectId,
        detail: `team ${ward7.id}`,
      }),
    );
    await c.say(admin, 'roles');
    const facts = c
      .lastCard(admin)
      .body.find((b: any) => b.type === 'FactSet' && b.facts.some((f: any) => f.title === 'Ward 7'));
    expect(facts.facts).toContainEqual({ title: 'Ward 7', value: 'Wendy Ward' });
  });

  it('finds a team by part of its name, for a trust with more teams than the list holds', async () => {
    expect(cardText(await c.click(admin, 'leads.team', { team: '', find: 'ward 9' }))).toContain('Team leads: Ward 9');
    const both = await c.click(admin, 'leads.team', { find: 'WARD' });
    expect(cardText(both)).toContain(`2 teams' names hold "WARD": choose one.`);
    expect(choicesOf(both, 'team').map((t) => t.title)).toEqual(['Ward 7', 'Ward 9']);
    expect(cardText(await c.click(admin, 'leads.team', { find: 'Maternity' }))).toContain(
      `No team's name holds "Maternity".`,
    );
  });

  it('says so, and changes nothing, when the person already leads the team', async () => {
    const card = await c.click(admin, 'leads.name', { team: ward7.id, person: wendy.aadObjectId });
    expect(cardText(card)).toContain('No change: they already lead Ward 7.');
    expect(await leadRows(h)).toHaveLength(1);
  });

  it('names someone by their email address, for a team larger than the list', async () => {
    const card = await c.click(admin, 'leads.name', { team: ward7.id, person: '', email: emailOf(liam) });
    expect(cardText(card)).toContain('Done: Liam Lead now leads Ward 7.');
    expect((await leadRows(h)).map((r) => r.aadObjectId)).toContain(liam.aadObjectId);
  });

  it('refuses someone who is not a member of the team: told why, recorded, nothing stored', async () => {
    const before = await leadRows(h);
    const card = await c.click(admin, 'leads.name', { team: ward7.id, person: nora.aadObjectId });
    expect(cardText(card)).toContain('They are not a member of Ward 7 in Teams, so they cannot lead it.');
    const byEmail = await c.click(admin, 'leads.name', { team: ward7.id, email: 'someone.else@trust.example.nhs.uk' });
    expect(cardText(byEmail)).toContain('They are not a member of Ward 7 in Teams');
    expect(await leadRows(h)).toEqual(before);
    expect(await auditRows(h)).toContainEqual(
      expect.objectContaining({
        action: 'lead.name',
        outcome: 'refused',
        target: nora.aadObjectId,
        detail: `team ${ward7.id}: not a member of the team`,
      }),
    );
  });

  it('refuses a team the app is not in (stale or tampered): told why, recorded, nothing stored', async () => {
    const before = await leadRows(h);
    const stale = '19:0000deadbeef@thread.tacv2';
    for (const [verb, data] of [
      ['leads.name', { team: stale, person: wendy.aadObjectId }],
      ['leads.owners', { team: stale }],
    ] as const) {
      const card = await c.click(admin, verb, data);
      expect(cardText(card)).toContain('Staff Voice is not in that team now, so nobody can be named its lead.');
    }
    expect(cardText(await c.click(admin, 'leads.team', { team: stale }))).toContain(
      'Staff Voice is not in that team now',
    );
    expect(await leadRows(h)).toEqual(before);
    const refused = (await auditRows(h)).filter(
      (a) => a.outcome === 'refused' && String(a.detail).startsWith(`team ${stale}`),
    );
    expect(refused.map((a) => a.action).sort()).toEqual(['lead.name', 'lead.owners']);
  });

  it('answers malformed payloads with the problem and changes nothing', async () => {
    const before = await leadRows(h);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['leads.team', {}, /Choose a team from the list/],
      ['leads.name', { team: 'two words', person: wendy.aadObjectId }, /Choose a team from the list/],
      ['leads.name', { team: ward7.id, person: 'not-a-guid' }, /Choose a member from the list/],
      ['leads.name', { team: ward7.id }, /Choose one member from the list, or type one email address/],
      ['leads.name', { team: ward7.id, person: sam.aadObjectId, email: emailOf(sam) }, /Choose one member/],
      ['leads.name', { team: ward7.id, email: 'not an address' }, /Type an email address/],
      ['leads.remove', { team: ward7.id, person: 42 }, /Choose a member from the list/],
    ];
    for (const [verb, data, problem] of cases) expect(cardText(await c.click(admin, verb, data))).toMatch(problem);
    expect(await leadRows(h)).toEqual(before);
  });

  it('removes a lead: recorded, and the card says so', async () => {
    const card = await c.click(admin, 'leads.remove', { team: ward7.id, person: liam.aadObjectId });
    expect(cardText(card)).toContain('Done: Liam Lead no longer leads Ward 7.');
    expect((await leadRows(h)).map((r) => r.aadObjectId)).not.toContain(liam.aadObjectId);
    expect(await auditRows(h)).toContainEqual(
      expect.objectContaining({ action: 'lead.remove', outcome: 'done', target: liam.aadObjectId }),
    );
    const again = await c.click(admin, 'leads.remove', { team: ward7.id, person: liam.aadObjectId });
    expect(cardText(again)).toContain('No change: they do not lead Ward 7.');
  });

  it('offers no one-step owners action where Teams does not mark owners (as Teams itself does not)', async () => {
    const card = await c.click(admin, 'leads.team', { team: ward7.id });
    expect(cardText(card)).toContain('Teams does not say who owns this team');
    expect(actionsOf(card).map((a) => a.title)).not.toContain('Take the owners as leads');
    const crafted = await c.click(admin, 'leads.owners', { team: ward7.id });
    expect(cardText(crafted)).toContain('Teams does not mark any member of Ward 7 as an owner, so nobody was named.');
    expect(await auditRows(h)).toContainEqual(
      expect.objectContaining({ action: 'lead.owners', outcome: 'refused', target: ward7.id }),
    );
  });

  it('takes the owners as leads in one step where the roster marks them', async () => {
    const card = await c.click(admin, 'leads.team', { team: theatres.id });
    expect(cardText(card)).toContain("Teams lists Olga Owner, Otto Owner as the team's owners.");
    expect(actionsOf(card).find((a) => a.title === 'Take the owners as leads')?.data).toMatchObject({
      verb: 'leads.owners',
      team: theatres.id,
    });
    const done = await c.click(admin, 'leads.owners', { team: theatres.id });
    expect(cardText(done)).toContain('Done: Olga Owner, Otto Owner now lead Theatres.');
    expect(cardText(done)).toContain('and they already lead it');
    const owners = (await leadRows(h)).filter((r) => r.teamId === theatres.id);
    expect(owners.map((r) => [r.aadObjectId, r.fromOwners]).sort()).toEqual(
      [
        [olga.aadObjectId, true],
        [otto.aadObjectId, true],
      ].sort(),
    );
    const named = (await auditRows(h)).filter(
      (a) => a.action === 'lead.name' && a.detail === `team ${theatres.id}: an owner in Teams`,
    );
    expect(named).toHaveLength(2);
  });

  it('fails closed, changing nothing, when Teams does not answer for the roster', async () => {
    const before = await leadRows(h);
    h.emulator.stormFor(60_000, 1);
    try {
      const card = await c.click(admin, 'leads.name', { team: ward7.id, person: sam.aadObjectId });
      expect(cardText(card)).toContain('Teams did not answer just now, so nothing has changed.');
    } finally {
      h.emulator.reset();
    }
    expect(await leadRows(h)).toEqual(before);
    expect(await auditRows(h)).toContainEqual(expect.objectContaining({ action: 'lead.name', outcome: 'failed' }));
  });
});
