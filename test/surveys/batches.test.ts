import { ManualClock } from '../../src/platform/clock';
import { STAFF_GROUPS } from '../../src/shared/staff-groups';
import { team, teamInstall, user, type TestUser } from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  submitData,
  surveyCardsFor,
  surveyForm,
  surveyIdIn,
  waitForCards,
} from '../support/surveys';
import { FINAL_MIX_GRACE_MS } from '../../src/surveys/waves/wave-mix';
import { waitFor } from '../support/outbox-helpers';

const K = 10;
const BOOKKEEPING = ['partitionKey', 'rowKey', 'etag', 'timestamp'];

/**
 * What a reader of the `responses` table can narrow a response down to after a wave: the batch it was written in.
 * Every batch, the last one included, must hold at least k responses, and nothing else on a row may group them.
 */
describe('responses are written only in batches of at least k', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: TestUser[];

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 30);
  });
  afterAll(() => h.stop());

  const rowsOf = async (waveId: string) =>
    (await allEntities(h.table('responses'))).filter((r) => r.partitionKey === waveId);
  /** With `aboutYou`, each person a staff group, a directorate and a comment of their own length. */
  const answer = async (waveId: string, people: TestUser[], aboutYou = false) => {
    for (const [i, p] of people.entries()) {
      const card = surveyCardsFor(h, p).find((c) => JSON.stringify(c).includes(waveId));
      const about = aboutYou
        ? {
            'about.staffGroup': STAFF_GROUPS[i % STAFF_GROUPS.length],
            'about.directorate': i % 3 ? 'Medicine' : 'Estates and the hospital sterile services',
          }
        : {};
      const answers = { its1: '3', its2: '4', ...(aboutYou ? { its3: 'Fewer night shifts. '.repeat(i % 6) } : {}) };
      expect(cardText(await click(h, p, 'survey.answer', { ...submitData(card, answers), ...about }))).toContain(
        'Thank you',
      );
    }
  };
  /**
   * Rows grouped by everything a reader of storage sees of them: the wave, the write time (one transaction = one
   * batch) and the one sealed value, whose content is unreadable but whose length is not.
   */
  const groups = (rows: Record<string, unknown>[]) => {
    const out = new Map<string, number>();
    for (const r of rows) {
      expect(Object.keys(r).filter((k) => !BOOKKEEPING.includes(k))).toEqual(['sealed']);
      const sealed = String(r.sealed);
      expect(sealed).toMatch(/^v2:[0-9a-f]{16}:/);
      // to the tenth of a second, and the sealed value's length
      const batch = `${String(r.partitionKey)} @ ${String(r.timestamp).slice(0, 21)} # ${sealed.length}`;
      out.set(batch, (out.get(batch) ?? 0) + 1);
    }
    return [...out.values()];
  };

  it('k+1 answers, the last after a mixer run: one batch of k+1 at the final write', async () => {
    const { surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: 'K plus one' }),
    );
    await waitForCards(h, staff);
    await answer(waveId, staff.slice(0, K));
    await h.app.surveys.waves.tick();
    expect(await rowsOf(waveId)).toHaveLength(0); // k waiting: not enough to write and keep a reserve
    await answer(waveId, staff.slice(K, K + 1));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await h.app.surveys.waves.tick();
    expect(await rowsOf(waveId)).toHaveLength(0); // within the grace period
    await finishClosedWaves(h, clock);
    expect(groups(await rowsOf(waveId))).toEqual([K + 1]);
  });

  it('25 answers across several runs, with "about you" and comments: every batch, the last included, holds at least k', async () => {
    const { surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({
        template: 'intention-to-stay',
        name: 'Twenty-five',
        aboutYou: 'true',
        directorates: 'Medicine\nEstates and the hospital sterile services',
      }),
    );
    await waitForCards(h, staff, 2);
    await answer(waveId, staff.slice(0, 20), true);
    await h.app.surveys.waves.tick(); // 20 waiting: 10 written, 10 kept back
    await new Promise((r) => setTimeout(r, 300));
    await answer(waveId, staff.slice(20, 25), true);
    await h.app.surveys.waves.tick(); // 15 waiting: nothing written
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    const sizes = groups(await rowsOf(waveId));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(25);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(K);
  });

  it('two final mixes started at once (two processes): one batch, and the final rewrite made once', async () => {
    const { surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: 'Twice at once' }),
    );
    await waitFor(
      () => staff.every((p) => surveyCardsFor(h, p).some((c) => JSON.stringify(c).includes(waveId))),
      20_000,
    );
    await answer(waveId, staff.slice(0, K + 3));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    clock.advance(FINAL_MIX_GRACE_MS + 1000);
    const finals = () => h.logLines.filter((l) => l.includes('wave answers final') && l.includes(waveId)).length;
    await Promise.all([h.app.surveys.waves.mixAnswers(), h.app.surveys.waves.mixAnswers()]);
    expect(groups(await rowsOf(waveId))).toEqual([K + 3]);
    expect(finals()).toBe(1);
    await h.app.surveys.waves.mixAnswers(); // a later run finds the final rewrite made
    expect(finals()).toBe(1);
  });

  it('a wave that closes with fewer than k answers keeps no responses: they are dropped unread', async () => {
    const { surveyId, waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: 'Too few' }),
    );
    await waitForCards(h, staff, 4);
    await answer(waveId, staff.slice(0, 3));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    expect(await rowsOf(waveId)).toEqual([]);
    const markers = (await allEntities(h.table('answered'))).filter((r) => r.partitionKey === waveId);
    expect(markers).toHaveLength(3); // the admin's count of who answered stays; what they answered is gone
    expect(h.logLines.join('\n')).toMatch(/answers dropped unread/);
  });
});

describe('a wave too small to be anonymous', () => {
  it('refuses a launch to a three-person team with a clear message, and asks nobody', async () => {
    const admin = user('Ann Admin');
    const h = await startHarness({ firstAdmins: [admin.aadObjectId] });
    try {
      const people = [admin, user('Bea Band 5'), user('Cal Band 6')];
      const office = team('Ward office', ['General']);
      h.emulator.addTeam({
        id: office.id,
        name: office.name,
        channels: office.channels,
        members: people.map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name })),
      });
      await h.post(teamInstall({ serviceUrl: h.emulator.url, team: office, by: admin }));
      const created = await click(
        h,
        admin,
        'surveys.create',
        surveyForm({ name: 'Office pulse', audience: 'teams', teams: office.id }),
      );
      const surveyId = surveyIdIn(created, 'Office pulse');
      const reply = cardText(await click(h, admin, 'surveys.launch', { survey: surveyId }));
      expect(reply).toContain('Not launched: only 3 in this survey');
      expect(reply).toContain('at least 10 people so that nobody');
      expect((await allEntities(h.table('waves'))).filter((w) => w.partitionKey === surveyId)).toEqual([]);
      await new Promise((r) => setTimeout(r, 500));
      for (const p of people) expect(surveyCardsFor(h, p)).toEqual([]);
      const audit = (await allEntities(h.table('audit'))).filter((a) => a.action === 'survey.launch');
      expect(audit.map((a) => a.detail ?? a.outcome)).toEqual([expect.stringMatching(/refused: audience under 10/)]);
    } finally {
      await h.stop();
    }
  });
});
