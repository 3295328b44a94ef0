import { ManualClock } from '../../src/platform/clock';
import { FINAL_MIX_GRACE_MS } from '../../src/surveys/waves/wave-mix';
import type { TestUser } from '../support/activities';
import { allEntities, cardText, startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { click } from '../support/surveys';
import {
  actionFields,
  actionRef,
  buttons,
  feedbackButton,
  publishedActions,
  recordAction,
  say,
  youSaidCards,
} from '../actions/support';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Retention of what actions leave behind, on the clock of a wave's responses (730 days here): the "You said, we did"
 * bundles' deliveries rows (one per person it was sent to, keyed by their Entra id) and card templates, and each
 * "Has this made a difference?" question's answers (`feedback`) and markers (`answered`, partition `fb.*`).
 */
describe('retention of actions and their feedback', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const nights = 'Two more nurses on every night shift';
  const breaks = 'A protected break rota on every ward';
  const fountains = 'Water fountains on every floor';
  let h: Harness;
  let staff: TestUser[];
  let exec: TestUser;
  let admin: TestUser;
  let closedAt: number; // when both questions' actions were made final (breaks dropped: its question closed then)
  let bundleRows: number;
  const firstBatch = 'actions-20261124';
  let laterBatch: string;
  const fb = async (plan: string) => {
    const ref = await actionRef(h, plan);
    return `fb.${ref.survey}.${ref.id}`;
  };
  const rows = async (table: string, partition: string) =>
    (await allEntities(h.table(table))).filter((e) => e.partitionKey === partition);
  const answer = async (p: TestUser, plan: string, choice: 'yes' | 'not-yet' | 'dont-know') => {
    const { id } = await actionRef(h, plan);
    const card = youSaidCards(h, h.emulator.conversationIdFor(p.id))[0];
    expect(cardText(await click(h, p, 'actions.feedback', feedbackButton(card, id, choice).data))).toContain(
      'recorded, anonymously',
    );
  };
  const edit = async (plan: string, fields: Record<string, string>) => {
    const form = await click(h, exec, 'actions.form', await actionRef(h, plan));
    const save = buttons(form).find((b) => b.verb === 'actions.save');
    return cardText(await click(h, exec, 'actions.save', { ...save.data, ...actionFields({ plan, ...fields }) }));
  };

  beforeAll(async () => {
    ({ h, staff, exec, admin } = await publishedActions({
      clock,
      bundleAt: '2026-11-24T09:00:00Z',
      people: 12,
      answering: 10,
      plans: [nights, breaks],
    }));
    bundleRows = (await rows('deliveries', firstBatch)).length;
    const choices = ['yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'not-yet', 'not-yet', 'dont-know'] as const;
    for (const [i, choice] of choices.entries()) await answer(staff[i]!, nights, choice);
    for (const p of staff.slice(0, 4)) await answer(p, breaks, 'not-yet');
    clock.advance(60_000);
    expect(await edit(breaks, { status: 'dropped', droppedReason: 'No budget this year' })).toContain('Action updated');
    expect(await edit(nights, { status: 'done' })).toContain('Action updated');
    closedAt = clock.now().getTime();
    clock.advance(FINAL_MIX_GRACE_MS + 1000);
    await h.app.actions.feedback.mix(); // the dropped one's 4 answers are discarded: fewer than k
    clock.advance(28 * DAY);
    await h.app.actions.feedback.mix(); // the done one's 10 are written
    expect(await rows('feedback', await fb(nights))).toHaveLength(10);

    // A later action, in a later day's bundle.
    await recordAction(h, exec, (await actionRef(h, nights)).survey, actionFields({ plan: fountains }));
    await click(h, exec, 'actions.publish', await actionRef(h, fountains));
    clock.set(new Date(closedAt + 40 * DAY));
    await h.app.actions.actions.sendDailyBundle(clock.now());
    await waitFor(() => staff.every((p) => youSaidCards(h, h.emulator.conversationIdFor(p.id)).length >= 2), 20_000);
    laterBatch = `actions-${clock.now().toISOString().slice(0, 10).replace(/-/g, '')}`;
  }, 180_000);
  afterAll(() => h.stop());

  it('keeps everything until its period has passed', async () => {
    expect(bundleRows).toBeGreaterThanOrEqual(12); // one per person asked, and the leadership channel
    clock.set(new Date(closedAt + 730 * DAY - 60 * 60_000));
    const counts = await h.app.upkeep.retention.purge();
    expect(counts).toMatchObject({ bundleDeliveries: 0, bundleCards: 0, feedbackAnswers: 0, feedbackMarkers: 0 });
    expect(await rows('deliveries', firstBatch)).toHaveLength(bundleRows);
    expect(await rows('answered', await fb(breaks))).toHaveLength(4);
  });

  it('deletes a bundle’s deliveries rows and cards, and a closed question’s markers, 730 days on, even with two processes at once', async () => {
    clock.set(new Date(closedAt + 731 * DAY));
    const cardsBefore = (await rows('cards', firstBatch)).length;
    expect(cardsBefore).toBeGreaterThan(0);
    const other = await startHarness({ namespace: h.namespace, clock, emulator: h.emulator });
    try {
      const [a, b] = await Promise.all([h.app.upkeep.retention.purge(), other.app.upkeep.retention.purge()]);
      expect(a.bundleDeliveries + b.bundleDeliveries).toBe(bundleRows);
      expect(a.bundleCards + b.bundleCards).toBe(cardsBefore);
      expect(a.feedbackMarkers + b.feedbackMarkers).toBe(4); // the dropped action's; nobody's answer was written
      expect(a.feedbackAnswers + b.feedbackAnswers).toBe(0);
    } finally {
      await other.stop();
    }
    expect(await rows('deliveries', firstBatch)).toEqual([]);
    expect(await rows('cards', firstBatch)).toEqual([]);
    expect(await rows('answered', await fb(breaks))).toEqual([]);
  });

  it('leaves what is within its period: the later bundle, and the question that closed 28 days later', async () => {
    expect((await rows('deliveries', laterBatch)).length).toBeGreaterThanOrEqual(12);
    expect((await rows('cards', laterBatch)).length).toBeGreaterThan(0);
    expect(await rows('feedback', await fb(nights))).toHaveLength(10);
    expect(await rows('answered', await fb(nights))).toHaveLength(10);
  });

  it('deletes that question’s answers and markers once its own period has passed, and leaders still see its totals', async () => {
    const before = cardText(await say(h, exec, 'actions'));
    expect(before).toContain("Yes 7 · Not yet 2 · Don't know 1 (10 answers)");
    clock.set(new Date(closedAt + 28 * DAY + 731 * DAY));
    const counts = await h.app.upkeep.retention.purge();
    expect(counts).toMatchObject({ feedbackAnswers: 10, feedbackMarkers: 10 });
    expect(await rows('feedback', await fb(nights))).toEqual([]);
    expect(await rows('answered', await fb(nights))).toEqual([]);
    expect(cardText(await say(h, exec, 'actions'))).toContain("Yes 7 · Not yet 2 · Don't know 1 (10 answers)");
  });

  it('changes nothing when it runs again, and records counts only', async () => {
    const counts = await h.app.upkeep.retention.purge();
    expect(counts).toMatchObject({ bundleDeliveries: 0, bundleCards: 0, feedbackAnswers: 0, feedbackMarkers: 0 });
    const runs = (await allEntities(h.table('audit'))).filter((e) => e.action === 'retention.purge');
    const total = (what: string) =>
      runs.reduce((n, r) => n + Number(new RegExp(`${what} (\\d+)`).exec(String(r.detail))?.[1]), 0);
    // However the two processes shared the work, together they recorded each row once (the later bundle is kept).
    expect([total('bundle deliveries'), total('feedback answers'), total('feedback markers')]).toEqual([
      bundleRows,
      10,
      14,
    ]);
    const people = [admin, exec, ...staff].flatMap((p) => [p.aadObjectId, p.name]);
    const logs = h.logLines.filter((l) => l.includes('retention')).join('\n');
    for (const id of people) expect(`${logs}\n${runs.map((r) => r.detail).join('\n')}`).not.toContain(id);
  });
});
