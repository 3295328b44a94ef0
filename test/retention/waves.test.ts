import { ManualClock } from '../../src/platform/clock';
import { TABLE_NAMES } from '../../src/app';
import { personalInstall, personalMessage, user, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';

const DAY = 24 * 60 * 60 * 1000;

describe('retention of survey waves', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: TestUser[];
  let old: { surveyId: string; waveId: string };
  let recent: { surveyId: string; waveId: string };
  let live: { surveyId: string; waveId: string };
  let oldClosedAt: number;
  let progressBefore: string;

  const say = (who: TestUser, text: string) =>
    h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: who,
        conversationId: h.emulator.conversationIdFor(who.id),
        text,
      }),
    );
  const lastCard = (who: TestUser) => cardOf(h.emulator.sent(h.emulator.conversationIdFor(who.id)).at(-1)!.body);
  const everyone = () => [admin, ...staff];
  const rows = async (table: string, partitionKey: string) =>
    (await allEntities(h.table(table))).filter((e) => e.partitionKey === partitionKey);
  const waitForWave = (waveId: string) =>
    waitFor(
      () => everyone().every((p) => surveyCardsFor(h, p).some((c) => JSON.stringify(c).includes(waveId))),
      20_000,
    );
  const answer = async (people: TestUser[]) => {
    for (const p of people) await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p).at(-1), nqpsAnswers()));
  };
  /** The admin's `surveys` card: the Progress fact of the named survey. */
  const progressOf = async (name: string) => {
    await say(admin, 'surveys');
    const section = lastCard(admin).body.find((b: any) => b.type === 'Container' && b.items?.[0]?.text === name);
    return section.items.find((i: any) => i.type === 'FactSet').facts.find((f: any) => f.title === 'Progress')
      .value as string;
  };

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    await h.post(
      personalInstall({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
      }),
    );
    staff = await installPeople(h, 12);

    // An old wave: 11 of 13 answer, the other 2 are reminded, then it closes.
    old = await createAndLaunch(h, admin, surveyForm({ name: 'Old pulse' }));
    await waitForCards(h, everyone());
    await answer(staff.slice(0, 11));
    clock.advance(3 * DAY + 60_000);
    await h.app.surveys.waves.tick();
    await waitForCards(h, [admin, staff[11]!], 2);
    await click(h, admin, 'surveys.close', { survey: old.surveyId });
    oldClosedAt = clock.now().getTime();
    await finishClosedWaves(h, clock);
    progressBefore = await progressOf('Old pulse');

    // A day short of two years on: a wave that closes now, and one still open.
    clock.set(new Date(oldClosedAt + 729 * DAY));
    recent = await createAndLaunch(h, admin, surveyForm({ name: 'Recent pulse' }));
    await waitForWave(recent.waveId);
    await answer(staff.slice(0, 10));
    await click(h, admin, 'surveys.close', { survey: recent.surveyId });
    await finishClosedWaves(h, clock);
    live = await createAndLaunch(h, admin, surveyForm({ name: 'Live pulse' }));
    await waitForWave(live.waveId);
  }, 120_000);
  afterAll(() => h.stop());

  it('keeps a closed wave until its period has passed', async () => {
    clock.set(new Date(oldClosedAt + 730 * DAY - 60_000));
    const counts = await h.app.upkeep.retention.purge();
    expect(counts).toMatchObject({ waves: 0, responses: 0, recipientRows: 0, cardTemplates: 0 });
    expect(await rows('responses', old.waveId)).toHaveLength(11);
    expect(progressBefore).toBe('sent 13 of 13; answered 10 (77%)'); // 11 answered: shown in steps of k
  });

  it('stores the result first, then deletes the responses, recipient rows and cards of a wave closed 730 days ago, even with two processes at once', async () => {
    clock.set(new Date(oldClosedAt + 730 * DAY + 60 * 60_000));
    expect((await allEntities(h.table('results'))).map((r) => r.rowKey)).not.toContain(old.waveId); // nobody asked for it yet
    const other = await startHarness({
      namespace: h.namespace,
      clock,
      emulator: h.emulator,
      firstAdmins: [admin.aadObjectId],
    });
    try {
      const [a, b] = await Promise.all([h.app.upkeep.retention.purge(), other.app.upkeep.retention.purge()]);
      expect(a.waves + b.waves).toBe(1);
      expect(a.responses + b.responses).toBe(11);
      expect(a.recipientRows + b.recipientRows).toBe(15); // 13 survey cards and 2 reminders
      expect(a.answeredMarkers + b.answeredMarkers).toBe(11);
      expect(a.cardTemplates + b.cardTemplates).toBe(2);
    } finally {
      await other.stop();
    }

    for (const [table, partition] of [
      ['responses', old.waveId],
      ['deliveries', old.waveId],
      ['deliveries', `${old.waveId}-r`],
      ['cards', old.waveId],
      ['cards', `${old.waveId}-r`],
    ] as const) {
      expect(await rows(table, partition)).toEqual([]);
    }
    const result = await h.table('results').getEntity(old.surveyId, old.waveId);
    expect(JSON.parse(String(result.json_0))).toMatchObject({ waveId: old.waveId, recipients: 13 });
    const wave = await h.table('waves').getEntity<Record<string, unknown>>(old.surveyId, old.waveId);
    expect(wave.purgedAt).toBe(clock.now().toISOString());
    expect(JSON.parse(String(wave.keptProgress))).toEqual({
      recipients: 13,
      sent: 13,
      pending: 0,
      unreachable: 0,
      answered: 11,
      declined: 0,
    });
  });

  it('leaves the recently closed wave and the open one as they were', async () => {
    expect(await rows('responses', recent.waveId)).toHaveLength(10);
    expect(await rows('deliveries', recent.waveId)).toHaveLength(13);
    expect(await rows('cards', recent.waveId)).toHaveLength(1);
    expect(await rows('deliveries', live.waveId)).toHaveLength(13);
    expect(await rows('cards', live.waveId)).toHaveLength(1);
    for (const w of [recent, live])
      expect((await h.table('waves').getEntity(w.surveyId, w.waveId)).purgedAt).toBeUndefined();
  });

  it('still shows the purged wave’s results, and still exports them', async () => {
    await say(admin, 'results old pulse');
    const text = cardText(lastCard(admin));
    expect(text).toContain('Old pulse');
    expect(text).toMatch(/Responses\n11 \(85% of those asked\)/);

    await say(admin, `export ${old.waveId}`);
    const links: string[] = lastCard(admin).actions.map((a: any) => a.url);
    expect(links).toHaveLength(2); // the results and the NQPS return
    const csvs = await Promise.all(
      links.map(async (url) => {
        const res = await fetch(url.replace(/^https?:\/\/[^/]+/, h.url));
        expect(res.status).toBe(200);
        return res.text();
      }),
    );
    expect(csvs[1]).toContain('"surveyed","13"');
  });

  it('still shows the purged wave’s figures on the admin’s surveys card', async () => {
    expect(await progressOf('Old pulse')).toBe(progressBefore);
    expect(await progressOf('Recent pulse')).toBe('sent 13 of 13; answered 10 (77%)');
  });

  it('changes nothing when it runs again, and audits each run with counts only', async () => {
    const snapshot = async () => {
      const plain = (e: Record<string, unknown>) =>
        JSON.stringify(e, (k, v) => (k === 'timestamp' || k === 'etag' ? undefined : v));
      const tables = TABLE_NAMES.filter((t) => t !== 'audit' && t !== 'leases' && t !== 'exports');
      return (
        await Promise.all(tables.map(async (t) => (await allEntities(h.table(t))).map((e) => `${t}:${plain(e)}`)))
      )
        .flat()
        .sort();
    };
    const before = await snapshot();
    const counts = await h.app.upkeep.retention.purge();
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);

    const runs = (await allEntities(h.table('audit'))).filter((e) => e.action === 'retention.purge');
    expect(runs.length).toBeGreaterThanOrEqual(4); // the early run, the two at once, and this one
    expect(runs.every((r) => r.actor === 'system' && r.outcome === 'done')).toBe(true);
    // However the two processes shared the work, together they recorded each row once.
    const total = (what: string) =>
      runs.reduce((n, r) => n + Number(new RegExp(`${what} (\\d+)`).exec(String(r.detail))?.[1]), 0);
    expect([total('waves'), total('responses'), total('recipient rows'), total('card templates')]).toEqual([
      1, 11, 15, 2,
    ]);
    const people = everyone().flatMap((p) => [p.aadObjectId, p.name]);
    const logs = h.logLines.filter((l) => l.includes('retention')).join('\n');
    expect(logs).toContain('retention purge done');
    for (const id of people) expect(`${logs}\n${runs.map((r) => r.detail).join('\n')}`).not.toContain(id);
  });
});
