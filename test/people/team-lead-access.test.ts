import { teamInstall, teamUninstall } from '../support/activities';
import type { Harness } from '../support/harness';
import {
  auditRows,
  cardText,
  chat,
  leadRows,
  member,
  people,
  rosters,
  setRoster,
  startWithTeams,
  teams,
} from './lead-helpers';

/** What a lead may read, for the results feature: `teamsLedBy`, `leadsOf` and `mayReadTeam`. */
describe('who may read a team', () => {
  const { admin, evan, sam, wendy, nora, liam } = people;
  const { ward7, ward9, theatres } = teams;
  let h: Harness;
  let c: ReturnType<typeof chat>;

  beforeAll(async () => {
    h = await startWithTeams();
    c = chat(h);
    for (const [team, person] of [
      [ward7, wendy],
      [ward9, wendy],
      [ward9, nora],
    ] as const) {
      const card = await c.click(admin, 'leads.name', { team: team.id, person: person.aadObjectId });
      expect(cardText(card)).toContain('Done:');
    }
  });
  afterAll(() => h.stop());

  it('lets a lead lead several teams', async () => {
    expect((await h.app.people.leads.teamsLedBy(wendy.aadObjectId)).sort()).toEqual([ward7.id, ward9.id].sort());
    expect(await h.app.people.leads.teamsLedBy(nora.aadObjectId)).toEqual([ward9.id]);
    expect(await h.app.people.leads.teamsLedBy(sam.aadObjectId)).toEqual([]);
    expect((await h.app.people.leads.leadsOf(ward9.id)).map((l) => l.name).sort()).toEqual(['Nora Nine', 'Wendy Ward']);
    expect(await h.app.people.leads.leadsOf(theatres.id)).toEqual([]);
  });

  it("lets a team's leads, executives and admins read it, and nobody else", async () => {
    const may = (who: string | undefined, teamId: string) => h.app.people.leads.mayReadTeam(who, teamId);
    expect(await may(wendy.aadObjectId, ward7.id)).toBe(true);
    expect(await may(nora.aadObjectId, ward9.id)).toBe(true);
    // A lead of Ward 9 is refused Ward 7, and a lead of nothing is refused any team.
    expect(await may(nora.aadObjectId, ward7.id)).toBe(false);
    expect(await may(sam.aadObjectId, ward7.id)).toBe(false);
    // Executives and admins see every team, led or not.
    expect(await may(evan.aadObjectId, ward7.id)).toBe(true);
    expect(await may(evan.aadObjectId, theatres.id)).toBe(true);
    expect(await may(admin.aadObjectId, ward9.id)).toBe(true);
    expect(await may(undefined, ward7.id)).toBe(false);
    expect(await may('not-a-guid', ward7.id)).toBe(false);
    expect(await may(wendy.aadObjectId, '')).toBe(false);
  });

  it('marks a lead who left the team, who then reads nothing of it, even back in the team, until named again', async () => {
    setRoster(h, 'ward9', [member(wendy)]);
    expect(await h.app.people.leads.mayReadTeam(nora.aadObjectId, ward9.id)).toBe(false);
    const row = (await leadRows(h)).find((r) => r.aadObjectId === nora.aadObjectId);
    expect(row?.leftAt).toEqual(expect.stringMatching(/^\d{4}-/));
    expect(await auditRows(h)).toContainEqual(
      expect.objectContaining({ actor: 'system', action: 'lead.left', target: nora.aadObjectId }),
    );
    expect(await h.app.people.leads.leadsOf(ward9.id)).toEqual([
      { aadObjectId: wendy.aadObjectId, name: 'Wendy Ward' },
    ]);

    // Back in the team, she is not a lead again by herself: an admin names her again.
    setRoster(h, 'ward9', rosters.ward9);
    expect(await h.app.people.leads.mayReadTeam(nora.aadObjectId, ward9.id)).toBe(false);
    const card = await c.click(admin, 'leads.team', { team: ward9.id });
    expect(cardText(card)).toContain('Nora Nine: left the team, so sees nothing of it');
    await c.click(admin, 'leads.name', { team: ward9.id, person: nora.aadObjectId });
    expect(await h.app.people.leads.mayReadTeam(nora.aadObjectId, ward9.id)).toBe(true);
  });

  it('shows a lead who left on the team card, found when the card is drawn', async () => {
    setRoster(
      h,
      'ward7',
      rosters.ward7.filter((m) => m.aadObjectId !== wendy.aadObjectId),
    );
    try {
      const card = await c.click(admin, 'leads.team', { team: ward7.id });
      expect(cardText(card)).toContain('Wendy Ward: left the team');
      expect(await h.app.people.leads.teamsLedBy(wendy.aadObjectId)).toEqual([ward9.id]);
    } finally {
      setRoster(h, 'ward7', rosters.ward7);
      await c.click(admin, 'leads.name', { team: ward7.id, person: wendy.aadObjectId });
    }
    expect((await h.app.people.leads.teamsLedBy(wendy.aadObjectId)).sort()).toEqual([ward7.id, ward9.id].sort());
  });

  it('keeps the leads of a team the app is removed from, inert until it is added back', async () => {
    await h.post(teamUninstall({ serviceUrl: h.emulator.url, team: ward7, by: admin }));
    expect(await h.app.people.leads.teamsLedBy(wendy.aadObjectId)).toEqual([ward9.id]);
    expect(await h.app.people.leads.leadsOf(ward7.id)).toEqual([]);
    expect(await h.app.people.leads.mayReadTeam(wendy.aadObjectId, ward7.id)).toBe(false);

    await c.say(admin, 'roles');
    expect(c.lastCard(admin).body.flatMap((b: any) => (b.type === 'FactSet' ? b.facts : []))).toContainEqual({
      title: 'Ward 7 (Staff Voice removed)',
      value: 'Wendy Ward',
    });
    const card = await c.click(admin, 'leads.team', { team: ward7.id });
    expect(cardText(card)).toContain('Staff Voice was removed from this team');
    expect(cardText(card)).not.toContain('Name a lead');
    const refused = await c.click(admin, 'leads.name', { team: ward7.id, person: liam.aadObjectId });
    expect(cardText(refused)).toContain('Staff Voice is not in that team now');

    await h.post(teamInstall({ serviceUrl: h.emulator.url, team: ward7, by: admin }));
    expect((await h.app.people.leads.teamsLedBy(wendy.aadObjectId)).sort()).toEqual([ward7.id, ward9.id].sort());
  });

  it('lets an admin remove a lead of a team the app was removed from', async () => {
    await h.post(teamUninstall({ serviceUrl: h.emulator.url, team: ward9, by: admin }));
    const card = await c.click(admin, 'leads.remove', { team: ward9.id, person: wendy.aadObjectId });
    expect(cardText(card)).toContain('Done: Wendy Ward no longer leads Ward 9.');
    expect((await leadRows(h)).filter((r) => r.teamId === ward9.id).map((r) => r.aadObjectId)).toEqual([
      nora.aadObjectId,
    ]);
  });

  it('throws rather than answer when Teams does not say who is in the team', async () => {
    h.emulator.stormFor(60_000, 1);
    try {
      await expect(h.app.people.leads.mayReadTeam(wendy.aadObjectId, ward7.id)).rejects.toThrow(/Teams did not say/);
    } finally {
      h.emulator.reset();
    }
    expect(await h.app.people.leads.mayReadTeam(wendy.aadObjectId, ward7.id)).toBe(true);
  });
});
