import { QueueClient } from '@azure/storage-queue';
import { ManualClock } from '../../src/platform/clock';
import { actionSubmit, personalInstall, user, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, testConnectionString, type Harness } from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  markerOf,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';

describe('answering a pulse survey: exactly once, and tampering changes nothing', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let h: Harness;
  let second: Harness; // a second process on the same storage
  let staff: TestUser[];
  let first: { surveyId: string; waveId: string };
  let open: { surveyId: string; waveId: string };

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    second = await startHarness({
      firstAdmins: [admin.aadObjectId],
      clock,
      namespace: h.namespace,
      emulator: h.emulator,
    });
    await h.post(
      personalInstall({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
      }),
    );
    staff = await installPeople(h, 10);
    first = await createAndLaunch(h, admin, surveyForm({ name: 'First pulse' }));
    await waitForCards(h, staff);
  });
  afterAll(async () => {
    await second.stop();
    await h.stop();
  });

  const recipientRow = (waveId: string, who: TestUser) =>
    h.table('deliveries').getEntity<Record<string, unknown>>(waveId, who.aadObjectId);
  const stateOf = async (waveId: string, who: TestUser) => (await markerOf(h, waveId, who))?.state;
  const responsesOf = async (waveId: string) =>
    (await allEntities(h.table('responses'))).filter((r) => r.partitionKey === waveId);
  const waiting = async () =>
    (await new QueueClient(testConnectionString(), `${h.namespace}-responses`).getProperties())
      .approximateMessagesCount ?? 0;

  it('keeps one response when the same person clicks six times across two processes at once', async () => {
    const p = staff[0]!;
    const data = submitData(surveyCardsFor(h, p)[0], nqpsAnswers());
    const post = (target: Harness) => click(target, p, 'survey.answer', data);
    const replies = await Promise.all([post(h), post(second), post(h), post(second), post(h), post(second)]);
    for (const r of replies) expect(cardText(r)).toMatch(/Thank you: your answers are in|You have already answered/);
    expect(await stateOf(first.waveId, p)).toBe('answered');
    // The person's own deliveries row is never written by answering.
    expect((await recipientRow(first.waveId, p)).answer).toBeUndefined();

    const again = await click(h, p, 'survey.answer', data);
    expect(cardText(again)).toContain('You have already answered');

    // Nine others answer once each: k = 10 answers in all, so the wave's responses are kept.
    for (const other of staff.slice(1))
      await click(h, other, 'survey.answer', submitData(surveyCardsFor(h, other)[0], nqpsAnswers()));
    const closed = await click(h, admin, 'surveys.close', { survey: first.surveyId });
    expect(cardText(closed)).toContain('Closed wave 1');
    await finishClosedWaves(h, clock);
    expect(await responsesOf(first.waveId)).toHaveLength(10);
  });

  describe('tampered and stale payloads get a clear card and store nothing', () => {
    beforeAll(async () => {
      open = await createAndLaunch(
        h,
        admin,
        surveyForm({ name: 'Second pulse', aboutYou: 'true', directorates: 'Medicine\nSurgery' }),
      );
      await waitForCards(h, staff, 2);
    });

    const cardFor = (who: TestUser) => surveyCardsFor(h, who).find((c) => JSON.stringify(c).includes(open.waveId));
    const expectNothingStored = async (who: TestUser) => {
      expect(await markerOf(h, open.waveId, who)).toBeUndefined();
      expect((await recipientRow(open.waveId, who)).answer).toBeUndefined();
      expect(await waiting()).toBe(0);
    };

    it('a value of 9 on a 1-5 scale: the card comes back with the problem and the answers kept', async () => {
      const p = staff[1]!;
      const reply = await click(h, p, 'survey.answer', submitData(cardFor(p), { ...nqpsAnswers(), nqps2: '9' }));
      expect(cardText(reply)).toContain('"I am enthusiastic about my job." only takes one of the choices shown.');
      const kept = reply.body.find((b: any) => b.id === 'q.nqps1');
      expect(kept.value).toBe('4');
      await expectNothingStored(p);
    });

    it('a question id from another survey', async () => {
      const p = staff[1]!;
      const reply = await click(h, p, 'survey.answer', submitData(cardFor(p), { ...nqpsAnswers(), cbi1: '3' }));
      expect(cardText(reply)).toContain('a question that is not in this survey');
      await expectNothingStored(p);
    });

    it('an "about you" answer the survey does not offer', async () => {
      const p = staff[1]!;
      const reply = await click(h, p, 'survey.answer', {
        ...submitData(cardFor(p), nqpsAnswers()),
        'about.staffGroup': 'Astronaut',
      });
      expect(cardText(reply)).toContain('Please choose one of the options listed under "About you"');
      await expectNothingStored(p);
    });

    it("a closed wave's id", async () => {
      const p = staff[1]!;
      const reply = await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], nqpsAnswers()));
      expect(cardText(reply)).toContain('"First pulse" has closed');
      expect(await responsesOf(first.waveId)).toHaveLength(10);
      await expectNothingStored(p);
    });

    it('a card addressed to someone else', async () => {
      const [owner, other] = [staff[2]!, staff[3]!];
      const reply = await click(h, other, 'survey.answer', submitData(cardFor(owner), nqpsAnswers()));
      expect(cardText(reply)).toContain('This card was sent to someone else');
      await expectNothingStored(owner);
      await expectNothingStored(other);
    });

    it('someone outside the audience, and a payload that is not a survey card at all', async () => {
      const newcomer = user('Nia Newcomer');
      await h.post(
        personalInstall({
          serviceUrl: h.emulator.url,
          user: newcomer,
          conversationId: h.emulator.conversationIdFor(newcomer.id),
        }),
      );
      const outside = await click(h, newcomer, 'survey.answer', {
        wave: open.waveId,
        to: newcomer.aadObjectId,
        ...nqpsAnswers(),
      });
      expect(cardText(outside)).toContain('This card is out of date');
      // The proof of sending is bound to its person and wave: one copied from a colleague's card, or made up, is not
      // taken as proof, and no row keyed by the person is read instead: the card is refused as out of date.
      const copied: Record<string, unknown> = {
        ...submitData(cardFor(staff[4]!), nqpsAnswers()),
        to: newcomer.aadObjectId,
      };
      expect(copied.asked).toEqual(expect.stringMatching(/^[0-9a-f]{40}$/));
      for (const asked of [copied.asked, 'f'.repeat(40), '${asked}', 'x'.repeat(101)]) {
        const reply = await click(h, newcomer, 'survey.answer', { ...copied, asked });
        expect(cardText(reply)).toMatch(/This card is out of date|This card could not be read/);
      }
      expect(await markerOf(h, open.waveId, newcomer)).toBeUndefined();
      const junk = await click(h, newcomer, 'survey.answer', { wave: '../../etc', to: 'nobody' });
      expect(cardText(junk)).toContain('This card could not be read');
      expect(await waiting()).toBe(0);
    });

    it('a non-admin cannot launch, close or create surveys', async () => {
      const p = staff[4]!;
      for (const [verb, data] of [
        ['surveys.launch', { survey: open.surveyId }],
        ['surveys.close', { survey: open.surveyId }],
        ['surveys.create', surveyForm()],
      ] as const) {
        expect(cardText(await click(h, p, verb, data))).toContain('Only survey admins can do that');
      }
      expect((await allEntities(h.table('waves'))).filter((w) => w.status === 'open')).toHaveLength(1);
      expect(await allEntities(h.table('surveys'))).toHaveLength(2);
    });

    it('counts a row the previous release left "submitting" as answered: its answer may already be queued', async () => {
      const p = staff[6]!;
      await h
        .table('deliveries')
        .updateEntity(
          { partitionKey: open.waveId, rowKey: p.aadObjectId, answer: 'submitting', ticket: 'f'.repeat(32) },
          'Merge',
        );
      // That release's card carried no proof that it was sent (`asked`): refused as out of date (the row is not read
      // in the answer turn), and the list it points to, which reads only the person's rows, leaves the wave out.
      const { asked, ...asThatReleaseSentIt } = submitData(cardFor(p), nqpsAnswers());
      expect(asked).toBeDefined();
      const reply = await click(h, p, 'survey.answer', asThatReleaseSentIt);
      expect(cardText(reply)).toContain('This card is out of date');
      expect(JSON.stringify(await click(h, p, 'survey.mine', {}))).not.toContain(open.waveId);
      expect(await markerOf(h, open.waveId, p)).toBeUndefined();
      expect(await waiting()).toBe(0);
    });

    it('"Not this time" declines without storing an answer', async () => {
      const p = staff[5]!;
      const reply = await click(h, p, 'survey.decline', submitData(cardFor(p), {}));
      expect(cardText(reply)).toContain('not this time');
      expect(await stateOf(open.waveId, p)).toBe('declined');
      expect(await waiting()).toBe(0);
    });

    it('answers from the Action.Submit fallback the same way, replacing the card in place', async () => {
      const p = staff[3]!;
      const res = await h.post(
        actionSubmit({
          serviceUrl: h.emulator.url,
          user: p,
          conversationId: h.emulator.conversationIdFor(p.id),
          data: { verb: 'survey.answer', ...submitData(cardFor(p), nqpsAnswers()) },
          replyToId: 'act-survey-card',
        }),
      );
      expect(res.status).toBe(200);
      const update = h.emulator.updates(h.emulator.conversationIdFor(p.id)).at(-1);
      expect(cardText(cardOf(update!.body))).toContain('Thank you: your answers are in');
      expect(await stateOf(open.waveId, p)).toBe('answered');
    });

    it('reminds neither the person who declined nor the one who answered', async () => {
      // The wave opened just after 09:00 (the first wave's grace period): its reminder is at the send slot after 3 days.
      clock.advance(4 * 24 * 60 * 60 * 1000);
      await h.app.surveys.waves.tick();
      const reminded = (who: TestUser) =>
        surveyCardsFor(h, who).filter((c) => JSON.stringify(c).includes(open.waveId)).length === 2;
      await waitFor(() => reminded(staff[0]!) && reminded(staff[1]!) && reminded(admin), 15_000);
      const reminderRows = (await allEntities(h.table('deliveries')))
        .filter((r) => r.partitionKey === `${open.waveId}-r`)
        .map((r) => r.rowKey);
      expect(reminderRows).not.toContain(staff[5]!.aadObjectId); // declined
      expect(reminderRows).not.toContain(staff[3]!.aadObjectId); // answered
      expect(reminderRows).toEqual(
        expect.arrayContaining([staff[0]!.aadObjectId, staff[1]!.aadObjectId, admin.aadObjectId]),
      );
      expect(reminded(staff[5]!) || reminded(staff[3]!)).toBe(false);
    });
  });
});
