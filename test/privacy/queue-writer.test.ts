import { randomBytes } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { ManualClock } from '../../src/platform/clock';
import { newSealingKey, PurposeKeys } from '../../src/platform/crypto';
import {
  openResponse,
  RESPONSE_CONTEXT,
  sealResponse,
  type ResponseMessage,
} from '../../src/surveys/answering/response-message';
import { FINAL_MIX_GRACE_MS } from '../../src/surveys/waves/wave-mix';
import { cardOf, cardText, testConnectionString, type Harness } from '../support/harness';
import { personalMessage, type TestUser } from '../support/activities';
import { click, createAndLaunch, submitData, surveyCardsFor, surveyForm, waitForCards } from '../support/surveys';
import {
  actionFields,
  actionRef,
  buttons,
  feedbackButton,
  publishedActions,
  say,
  youSaidCards,
} from '../actions/support';

const K = 10;
const DAY = 24 * 60 * 60 * 1000;

/**
 * Someone who can write to the storage account's queues but holds no key (a leaked SAS token, a compromised
 * deployment pipeline, a storage contributor) tries to rig results: on each queue they put k−1 crafted answers, as
 * plain version-1 messages, as version-2 messages sealed with a key of their own, and a real sealed message copied
 * from the other queue. A wave and an action's "Has this made a difference?" are then closed and their results
 * computed next to a control wave and action given the same real answers and no crafted ones: the results must be
 * the same, and every crafted message must be on its poison queue with a reason and without its content.
 */
describe('a writer to the answer queues without the key', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const ATTACKED = { survey: 'Attacked pulse', plan: 'Open the staff room at night' };
  const CONTROL = { survey: 'Control pulse', plan: 'A quiet room on every ward' };
  let h: Harness;
  let admin: TestUser;
  let exec: TestUser;
  let staff: TestUser[];
  const crafted: Record<'responses' | 'feedback', string[]> = { responses: [], feedback: [] };
  const queue = (name: string) => new QueueClient(testConnectionString(), `${h.namespace}-${name}`);
  const peek = async (name: string) =>
    (await queue(name).peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
  const theirKeys = new PurposeKeys(newSealingKey(), 'survey-answers');
  const forged = (wave: string, answers: Record<string, string>): ResponseMessage => ({
    v: 2,
    id: randomBytes(16).toString('hex'),
    wave,
    answers,
    about: {},
  });
  const put = async (name: 'responses' | 'feedback', text: string) => {
    crafted[name].push(text);
    await queue(name).sendMessage(text, { messageTimeToLive: -1 });
  };
  const lastCard = (who: TestUser) => cardOf(h.emulator.sent(h.emulator.conversationIdFor(who.id)).at(-1)!.body);
  const resultsOf = async (name: string) => {
    await h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
        text: `results ${name}`,
      }),
    );
    return cardText(lastCard(admin)).replaceAll(name, '<survey>');
  };

  beforeAll(async () => {
    ({ h, admin, exec, staff } = await publishedActions({
      clock,
      bundleAt: '2026-11-24T09:00:00Z',
      people: 12,
      answering: 10,
      plans: [ATTACKED.plan, CONTROL.plan],
    }));
    const attacked = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: ATTACKED.survey }),
    );
    const control = await createAndLaunch(
      h,
      admin,
      surveyForm({ template: 'intention-to-stay', name: CONTROL.survey }),
    );
    await waitForCards(h, staff, 3);
    const fb = { attacked: await actionRef(h, ATTACKED.plan), control: await actionRef(h, CONTROL.plan) };
    // The same real answers to both waves and both actions: 12 people, fewer than 2k, so they wait on the queues.
    for (const [i, p] of staff.entries()) {
      const answers = { its1: String(1 + (i % 5)), its2: String(1 + ((i * 3) % 5)) };
      for (const { waveId } of [attacked, control]) {
        const card = surveyCardsFor(h, p).find((c) => JSON.stringify(c).includes(waveId));
        expect(cardText(await click(h, p, 'survey.answer', submitData(card, answers)))).toContain('Thank you');
      }
      const choice = i < 6 ? 'yes' : i < 10 ? 'not-yet' : 'dont-know';
      const card = youSaidCards(h, h.emulator.conversationIdFor(p.id))[0];
      for (const { id } of Object.values(fb))
        expect(cardText(await click(h, p, 'actions.feedback', feedbackButton(card, id, choice).data))).toContain(
          'recorded, anonymously',
        );
    }
    // k−1 crafted messages on each queue, all for the attacked wave or action.
    const partition = `fb.${fb.attacked.survey}.${fb.attacked.id}`;
    const [realAnswer, realFeedback] = [(await peek('responses'))[0]!, (await peek('feedback'))[0]!];
    for (let i = 0; i < 4; i++) {
      const v1 = { ...forged(attacked.waveId, { its1: '1', its2: '1' }), v: 1, day: '2026-11-24' };
      await put('responses', JSON.stringify(v1));
      await put('responses', sealResponse(forged(attacked.waveId, { its1: '1', its2: '1' }), theirKeys, 'responses'));
      await put('feedback', JSON.stringify({ ...forged(partition, { made: 'dont-know' }), v: 1 }));
      await put('feedback', sealResponse(forged(partition, { made: 'dont-know' }), theirKeys, 'feedback'));
    }
    await put('responses', realFeedback);
    await put('feedback', realAnswer);

    // Both waves close; both actions are done, and their questions close 28 days later.
    for (const { surveyId } of [attacked, control]) await click(h, admin, 'surveys.close', { survey: surveyId });
    clock.advance(FINAL_MIX_GRACE_MS + 1000);
    await h.app.surveys.waves.tick();
    for (const plan of [ATTACKED.plan, CONTROL.plan]) {
      const form = await click(h, exec, 'actions.form', await actionRef(h, plan));
      const save = buttons(form).find((b) => b.verb === 'actions.save');
      await click(h, exec, 'actions.save', { ...save.data, ...actionFields({ plan, status: 'done' }) });
    }
    clock.advance(28 * DAY + FINAL_MIX_GRACE_MS + 1000);
    await h.app.actions.feedback.mix();
  }, 240_000);
  afterAll(() => h.stop());

  it('gives the attacked wave the same results as the control wave: the crafted answers count for nothing', async () => {
    const [attacked, control] = [await resultsOf(ATTACKED.survey), await resultsOf(CONTROL.survey)];
    expect(attacked).toMatch(/Responses\n12 /);
    expect(attacked).toEqual(control);
  });

  it('gives the attacked action the same totals as the control action', async () => {
    const totals = cardText(await say(h, exec, 'actions')).match(
      /Yes \d+ · Not yet \d+ · Don't know \d+ \(\d+ answers\)/g,
    );
    expect(totals).toEqual([
      "Yes 6 · Not yet 4 · Don't know 2 (12 answers)",
      "Yes 6 · Not yet 4 · Don't know 2 (12 answers)",
    ]);
  });

  it.each(['responses', 'feedback'] as const)(
    'puts every crafted message of the %s queue on its poison queue, with a reason and without its content',
    async (name) => {
      expect(await peek(name)).toEqual([]);
      const poisoned = (await peek(`${name}-poison`)).map((text) => JSON.parse(text) as Record<string, unknown>);
      expect(poisoned).toHaveLength(K - 1);
      for (const p of poisoned) {
        expect(Object.keys(p).sort()).toEqual(['at', 'reason']);
        expect(String(p.reason)).toMatch(/^(refused|sealed response could not be opened)/);
      }
      const kept = JSON.stringify(poisoned);
      for (const text of crafted[name]) {
        const message = JSON.parse(text) as { id?: string; wave?: string; sealed?: string };
        for (const part of [message.id, message.wave, message.sealed?.slice(-40)].filter(Boolean))
          expect(kept).not.toContain(part);
      }
      expect(kept).not.toMatch(/its1|made|dont-know|fb\.|2026-11-24/);
    },
  );
});

/** Answers already waiting on the feedback queue at the upgrade were sealed under the context both queues shared. */
describe('the sealing context each queue takes', () => {
  const keys = new PurposeKeys(newSealingKey(), 'survey-answers');
  const answer = (wave: string): ResponseMessage => ({
    v: 2,
    id: randomBytes(16).toString('hex'),
    wave,
    answers: { made: 'yes' },
    about: {},
  });
  const sealedBefore = (r: ResponseMessage) =>
    JSON.stringify({ v: 2, sealed: keys.seal(JSON.stringify(r), RESPONSE_CONTEXT) });

  it('still takes a feedback answer sealed before this release, on the feedback queue only', () => {
    const waiting = sealedBefore(answer('fb.0123456789.0123456789ab'));
    expect(openResponse(waiting, keys, 'feedback')).toMatchObject({ ok: true });
    expect(openResponse(waiting, keys, 'responses')).toEqual({
      ok: false,
      reason: 'refused: a response for another queue',
    });
  });

  it('refuses a wave answer replayed onto the feedback queue, and a feedback answer onto the responses queue', () => {
    const waveAnswer = sealResponse(answer('0123456789-w001'), keys, 'responses');
    expect(openResponse(waveAnswer, keys, 'feedback')).toEqual({
      ok: false,
      reason: 'refused: a response for another queue',
    });
    const feedbackAnswer = sealResponse(answer('fb.0123456789.0123456789ab'), keys, 'feedback');
    expect(openResponse(feedbackAnswer, keys, 'responses')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not be opened/),
    });
    expect(openResponse(feedbackAnswer, keys, 'feedback')).toMatchObject({ ok: true });
  });

  it('refuses version 1 on both queues, naming no content', () => {
    const v1 = JSON.stringify({ ...answer('fb.0123456789.0123456789ab'), v: 1 });
    for (const q of ['responses', 'feedback'] as const) {
      const read = openResponse(v1, keys, q);
      expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/version-1/) });
      expect(JSON.stringify(read)).not.toMatch(/fb\.|made|yes/);
    }
  });
});
