import { allEntities, type Harness } from '../support/harness';
import { actionFields } from '../actions/support';
import { cardText, chat } from '../people/lead-helpers';
import { call, dashboardConfig, people, startDashboard, SURVEY, teams } from './dashboard-helpers';
import { EntraEmulator } from './entra-emulator';

/**
 * What each role sees through the API, signed in with Entra: an executive every team and breakdown, a lead only their
 * own team (and the organisation beside it), anyone else nothing. Refusals are 403, audited, and show nothing.
 */
describe('the dashboard API by role', () => {
  let entra: EntraEmulator;
  let h: Harness;
  const as = (who: { aadObjectId: string; name: string }) => entra.token({ oid: who.aadObjectId, name: who.name });
  const survey = `/api/dashboard/surveys/${SURVEY.id}`;
  const teamPage = (id: string) => `${survey}/teams/${encodeURIComponent(id)}`;
  const dashboardAudit = async () =>
    (await allEntities(h.table('audit'))).filter((r) => r.partitionKey === 'dashboard' && r.rowKey !== 'head');

  beforeAll(async () => {
    entra = await EntraEmulator.start();
    h = await startDashboard(dashboardConfig('azure', entra));
  });
  afterAll(async () => {
    await h.stop();
    await entra.stop();
  });

  describe('an executive', () => {
    const evan = () => as(people.evan);

    it('sees the organisation view and every team the app is in', async () => {
      const me = await call(h, '/api/dashboard/me', { token: evan() });
      expect(me.body).toEqual({
        name: 'Evan Executive',
        view: 'organisation',
        teams: [
          { id: teams.theatres.id, name: 'Theatres' },
          { id: teams.ward7.id, name: 'Ward 7' },
          { id: teams.ward9.id, name: 'Ward 9' },
        ],
      });
    });

    it("sees the survey's trend from its stored results, and every team in the heatmap with why each hidden cell is hidden", async () => {
      const res = await call(h, survey, { token: evan() });
      expect(res.status).toBe(200);
      const { trend, heatmap } = res.body;
      expect(trend.map((p: any) => [p.number, p.responseRate, p.measures.engagement])).toEqual([
        [1, 60, 6.1],
        [2, 60, 6.1],
        [3, 60, 6.2],
      ]);
      expect(heatmap.by).toBe('team');
      expect(heatmap.wave).toMatchObject({ waveId: `${SURVEY.id}-w003`, number: 3 });
      expect(heatmap.measures.map((m: any) => m.key)).toEqual([
        'engagement',
        'theme:motivation',
        'theme:involvement',
        'theme:advocacy',
        'favourable:safe',
      ]);
      const rows = Object.fromEntries(heatmap.rows.map((r: any) => [r.label, r.cells]));
      expect(heatmap.rows.map((r: any) => r.label)).toEqual(['Whole organisation', 'Theatres', 'Ward 7', 'Ward 9']);
      expect(rows['Ward 7'][0]).toEqual({ measure: 'engagement', value: 7.3 });
      // A shown team's figure that its own people were too few for (rule 3) says so.
      expect(rows['Ward 7'][4]).toEqual({
        measure: 'favourable:safe',
        value: null,
        reason: 'fewer than 10 answered for this figure',
      });
      for (const cell of rows['Ward 9'])
        expect(cell).toEqual({ measure: cell.measure, value: null, reason: 'fewer than 10 answered' });
      for (const cell of rows.Theatres)
        expect(cell).toEqual({
          measure: cell.measure,
          value: null,
          reason: 'withheld so a smaller group cannot be worked out',
        });
    });

    it("sees the organisation's comments and the breakdowns by staff group and directorate, hidden groups with a reason", async () => {
      const page = (await call(h, survey, { token: evan() })).body;
      expect(page.comments).toEqual([
        {
          question: 'What one thing would make work better?',
          items: ['More staff on nights.', 'Somewhere to rest on breaks.'],
        },
      ]);
      const byGroup = (await call(h, `${survey}?by=staffGroup`, { token: evan() })).body.heatmap;
      expect(byGroup.rows.map((r: any) => r.label)).toEqual([
        'Whole organisation',
        'Allied health professionals',
        'Medical and dental',
        'Nursing and midwifery',
        'Prefer not to say',
      ]);
      const hidden = byGroup.rows.find((r: any) => r.label === 'Allied health professionals');
      expect(
        hidden.cells.every((c: any) => c.value === null && /fewer than 10 answered, or withheld/.test(c.reason)),
      ).toBe(true);
      const byDirectorate = (await call(h, `${survey}?by=directorate&wave=${SURVEY.id}-w001`, { token: evan() })).body;
      expect(byDirectorate.heatmap.wave.number).toBe(1);
      expect(byDirectorate.heatmap.rows.map((r: any) => r.label)).toEqual(['Whole organisation', 'Estates', 'Surgery']);
    });

    it("opens any team's page, shown or not, with the organisation's figures beside it", async () => {
      const ward7 = (await call(h, teamPage(teams.ward7.id), { token: evan() })).body;
      expect(ward7.team).toEqual({ id: teams.ward7.id, name: 'Ward 7' });
      expect(ward7.trend.map((p: any) => p.measures.engagement)).toEqual([7.1, 7.2, 7.3]);
      expect(ward7.latest.figures[0]).toEqual({ measure: 'engagement', team: 7.3, organisation: 6.2, movement: 0.1 });
      expect(ward7.comments).toEqual([
        { question: 'What one thing would make work better?', items: ['Handovers run late.', 'Good team spirit.'] },
      ]);
      const ward9 = (await call(h, teamPage(teams.ward9.id), { token: evan() })).body;
      expect(ward9.latest.reason).toBe('fewer than 10 answered');
      expect(ward9.latest.figures[0]).toEqual({
        measure: 'engagement',
        team: null,
        organisation: 6.2,
        reason: 'fewer than 10 answered',
      });
      expect(
        ward9.trend.every((p: any) => p.measures.engagement === null && p.reason === 'fewer than 10 answered'),
      ).toBe(true);
      expect(ward9.comments).toEqual([]);
      expect(ward9.commentsNote).toMatch(/only with the team's figures/);
    });

    it('gets a single-use CSV link for a wave, as `export` gives', async () => {
      const res = await call(h, `${survey}/waves/${SURVEY.id}-w002/export`, { method: 'POST', token: evan() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        url: expect.stringMatching(/\/downloads\/[A-Za-z0-9_-]+$/),
        expiresAt: expect.any(String),
      });
      const path = new URL(res.body.url).pathname;
      const first = await fetch(`${h.url}${path}`);
      expect(first.status).toBe(200);
      expect(await first.text()).toContain('Nursing and midwifery');
      expect((await fetch(`${h.url}${path}`)).status).toBe(410);
    });
  });

  describe('a team lead', () => {
    const wendy = () => as(people.wendy);

    it('sees their own teams only', async () => {
      const me = (await call(h, '/api/dashboard/me', { token: wendy() })).body;
      expect(me).toEqual({ name: 'Wendy Ward', view: 'teams', teams: [{ id: teams.ward7.id, name: 'Ward 7' }] });
      expect((await call(h, '/api/dashboard/surveys', { token: wendy() })).body.map((s: any) => s.id)).toEqual([
        SURVEY.id,
      ]);
    });

    it("sees the organisation's row and their team's in the heatmap, and neither other teams nor the organisation's comments", async () => {
      const page = (await call(h, survey, { token: wendy() })).body;
      expect(page.heatmap.rows.map((r: any) => r.label)).toEqual(['Whole organisation', 'Ward 7']);
      expect(JSON.stringify(page)).not.toContain(teams.ward9.id);
      expect(JSON.stringify(page)).not.toContain('Theatres');
      expect(page.comments).toEqual([]);
      expect(page.trend).toHaveLength(3);
    });

    it("opens their team's page, with its comments", async () => {
      const res = await call(h, teamPage(teams.ward7.id), { token: wendy() });
      expect(res.status).toBe(200);
      expect(res.body.comments[0].items).toEqual(['Handovers run late.', 'Good team spirit.']);
    });

    it("is refused another team's page (403, audited), the breakdowns and the CSV, and is shown nothing of them", async () => {
      for (const [path, method] of [
        [teamPage(teams.ward9.id), 'GET'],
        [`${survey}?by=staffGroup`, 'GET'],
        [`${survey}/waves/${SURVEY.id}-w003/export`, 'POST'],
      ] as const) {
        const res = await call(h, path, { token: wendy(), method });
        expect(res.status).toBe(403);
        expect(Object.keys(res.body)).toEqual(['error']);
      }
      expect(await dashboardAudit()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actor: people.wendy.aadObjectId,
            action: 'dashboard.team',
            outcome: 'refused',
            target: teams.ward9.id,
          }),
          expect.objectContaining({ actor: people.wendy.aadObjectId, action: 'dashboard.survey', outcome: 'refused' }),
          expect.objectContaining({ actor: people.wendy.aadObjectId, action: 'dashboard.export', outcome: 'refused' }),
        ]),
      );
    });
  });

  describe('a member of staff', () => {
    const sam = () => as(people.sam);

    it('sees that there is nothing for them, and is refused every survey and team (audited)', async () => {
      expect((await call(h, '/api/dashboard/me', { token: sam() })).body).toEqual({
        name: 'Sam Staff',
        view: 'none',
        teams: [],
      });
      expect((await call(h, '/api/dashboard/surveys', { token: sam() })).body).toEqual([]);
      const before = (await dashboardAudit()).length;
      for (const path of [survey, teamPage(teams.ward7.id)]) {
        const res = await call(h, path, { token: sam() });
        expect(res.status).toBe(403);
        expect(JSON.stringify(res.body)).not.toMatch(/Ward|6\.|7\./);
      }
      expect((await dashboardAudit()).length).toBe(before + 2);
    });
  });

  it("lists the actions each person sees in chat: the organisation's for an executive, their team's for a lead", async () => {
    const wave = `${SURVEY.id}-w003`;
    const c = chat(h);
    const org = await c.click(people.evan, 'actions.save', { survey: SURVEY.id, wave, ...actionFields() });
    expect(cardText(org)).toContain('Action saved');
    const team = { survey: SURVEY.id, wave, team: teams.ward7.id };
    const handovers = actionFields({ plan: 'Handovers finish on time', targetMonth: '2027-02' });
    expect(cardText(await c.click(people.wendy, 'actions.save', { ...team, ...handovers }))).toContain('Action saved');

    const forEvan = (await call(h, survey, { token: as(people.evan) })).body.actions;
    expect(forEvan).toEqual([
      { id: expect.any(String), title: 'Two more nurses on every night shift', status: 'planned', due: '2027-01' },
    ]);
    const forWendy = (await call(h, survey, { token: as(people.wendy) })).body.actions;
    expect(forWendy).toEqual([expect.objectContaining({ title: 'Handovers finish on time', team: 'Ward 7' })]);
    const onHerPage = (await call(h, teamPage(teams.ward7.id), { token: as(people.wendy) })).body.actions;
    expect(onHerPage.map((a: any) => a.title)).toEqual(['Handovers finish on time']);
    expect((await call(h, survey, { token: as(people.sam) })).status).toBe(403);
  });

  it('answers 400 to ids that are not ids, and 404 to a survey with no stored results', async () => {
    const token = as(people.evan);
    expect((await call(h, '/api/dashboard/surveys/..%2F..%2Fetc', { token })).status).toBe(400);
    expect((await call(h, `${survey}?by=everyone`, { token })).status).toBe(400);
    expect((await call(h, '/api/dashboard/surveys/ffffffffff', { token })).status).toBe(404);
    expect((await call(h, `${survey}?wave=${SURVEY.id}-w009`, { token })).status).toBe(404);
  });
});
