import { QueueClient } from '@azure/storage-queue';
import { ManualClock } from '../../src/platform/clock';
import { newSealingKey } from '../../src/platform/crypto';
import { personalInstall, personalMessage, team, teamInstall, user, type TestUser } from '../support/activities';
import { ConnectorEmulator } from '../support/connector-emulator';
import {
  cardOf,
  cardText,
  startHarness,
  testConnectionString,
  uniqueNamespace,
  type Harness,
} from '../support/harness';
import { waitFor } from '../support/outbox-helpers';
import { keyedBy, pairings, UnitRecorder } from '../support/request-log';
import { caseCardIn, guardianClick, guardiansChannel } from '../support/speak-up';
import { IN_THE_CLEAR } from '../support/storage-attacker';
import {
  click,
  createAndLaunch,
  installPeople,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';
import { startKeyed } from '../platform/keyed-harness';
import { feedbackButton, publishedActions, youSaidCards, actionRef } from '../actions/support';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The storage request log (method and path of every call, as Azure's StorageRead/StorageWrite logs hold them) of a
 * whole journey, recorded turn by turn and job burst by job burst: installs, a wave to a team (its cards carry the
 * team and its proof, and its deliveries rows the team), `surveys`, `show`, answering, declining,
 * "What surveys are open for me?", a reminder, `speak up`, raising, `my cases` before and after a restart, a guardian's
 * reply relayed to the reporter and the reporter's answer relayed back, the re-seal job after a key rotation, cards
 * whose proof no key verifies once the old key is removed, and the feedback click. No unit may hold one person's key
 * (Entra id, Teams id, conversation id) beside an anonymous key (a marker, an answer waiting or written, a case).
 * Guardians act under their own name (audited): they are not among the people whose keys are looked for.
 */
describe('the storage request log of a whole journey', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // a Monday
  const key1 = newSealingKey();
  const key2 = newSealingKey();
  const namespace = uniqueNamespace();
  const admin = user('Ann Admin');
  const late = user('Lee Latecomer');
  const ward = team('Ward 7');
  const rec = new UnitRecorder();
  let emulator: ConnectorEmulator;
  let h: Harness;
  let staff: TestUser[];
  let waveId: string;
  const cards: Record<string, any> = {};

  const start = (current: string, previous?: string[]) =>
    startKeyed({ current, previous, namespace, emulator, firstAdmins: [admin.aadObjectId], clock });
  const conv = (p: TestUser) => emulator.conversationIdFor(p.id);
  const lastCard = (p: TestUser) => cardOf(emulator.sent(conv(p)).at(-1)!.body);
  /** The outbox is empty (what a turn enqueued has been sent): the next unit runs with nothing else going on. */
  const quiet = async () => {
    const outbox = new QueueClient(testConnectionString(), `${namespace}-outbox`);
    await waitFor(async () => (await outbox.getProperties()).approximateMessagesCount === 0, 20_000);
    await new Promise((r) => setTimeout(r, 300));
  };
  /** A message turn, then the capture job's burst on its own (what the process does a few seconds later). */
  const say = async (name: string, p: TestUser, text: string) => {
    await quiet();
    await rec.record(name, () =>
      h.post(personalMessage({ serviceUrl: emulator.url, user: p, conversationId: conv(p), text })),
    );
    await rec.record('capture job', () => h.app.delivery.captures.flush(), true);
    return lastCard(p);
  };
  const act = async (name: string, p: TestUser, verb: string, data: Record<string, unknown>) => {
    await quiet();
    return rec.record(name, () => click(h, p, verb, data));
  };
  const people = () => [...staff, late];

  beforeAll(async () => {
    emulator = await ConnectorEmulator.start();
    h = await start(key1);
    staff = Array.from({ length: 12 }, (_, i) => user(`Nurse ${i + 1}`));
    await rec.record('install', () =>
      h.post(personalInstall({ serviceUrl: emulator.url, user: admin, conversationId: conv(admin) })),
    );
    for (const p of staff)
      await rec.record('install', () =>
        h.post(personalInstall({ serviceUrl: emulator.url, user: p, conversationId: conv(p) })),
      );
    emulator.addTeam({ ...ward, members: staff.map((p) => ({ id: p.id, aadObjectId: p.aadObjectId, name: p.name })) });
    await rec.record('install', () => h.post(teamInstall({ serviceUrl: emulator.url, team: ward, by: admin })));
    ({ waveId } = await createAndLaunch(
      h,
      admin,
      surveyForm({ name: 'Ward pulse', audience: 'teams', teams: ward.id }),
    ));
    await waitForCards(h, staff);
    for (const p of staff) cards[p.aadObjectId] = surveyCardsFor(h, p)[0];

    // Surveys: the list, a card brought up from it, an answer, a decline, the list from the welcome card's button.
    cards.list = await say('surveys', staff[0]!, 'surveys');
    const show = cards.list.body
      .flatMap((b: any) => b.items ?? [])
      .find((i: any) => i.type === 'ActionSet')
      ?.actions.find((a: any) => a.verb === 'survey.show');
    cards.shown = await act('show', staff[0]!, 'survey.show', show?.data ?? {});
    cards.answered = await act('answer', staff[0]!, 'survey.answer', submitData(cards.shown, nqpsAnswers()));
    const decline = cards[staff[1]!.aadObjectId].actions.find((a: any) => a.verb === 'survey.decline').data;
    cards.declined = await act('decline', staff[1]!, 'survey.decline', decline);
    cards.mine = await act('mine', staff[2]!, 'survey.mine', {});

    // The reminder, three days on.
    clock.advance(3 * DAY + 60_000);
    await quiet();
    await rec.record('reminder job', () => h.app.surveys.waves.tick(), true);
    await waitFor(() => surveyCardsFor(h, staff[2]!).length === 2, 20_000);

    // Speak up: the form, raising, `my cases`, a guardian's reply relayed and the reporter's answer relayed back.
    const channel = await guardiansChannel(h, admin);
    const reporter = staff[3]!;
    const form = await say('speak up', reporter, 'speak up');
    const draft = form.actions[0].data.draft as string;
    cards.raised = await act('raise', reporter, 'speakup.raise', {
      draft,
      mode: 'anonymous',
      categories: 'bullying',
      workerGroup: 'Nursing and midwifery',
      concern: 'Shouted at on the night shift.',
    });
    const ref = /FTSU-\d{4}-\d{4}/.exec(cardText(cards.raised))![0];
    cards.myCases = await say('my cases', reporter, 'my cases');
    await quiet();
    const posted = await caseCardIn(h, channel, ref);
    await quiet();
    await rec.record('guardian reply', () =>
      guardianClick(h, admin, channel, posted.activityId, 'speakup.reply', { case: ref, 'text-reply': 'Thank you.' }),
    );
    await rec.record('relay to the reporter', () =>
      waitFor(() => cardText(lastCard(reporter)).includes('From your Freedom to Speak Up guardian'), 15_000),
    );
    await act('reporter reply', reporter, 'speakup.reporter-reply', { case: ref, text: 'On Tuesday.' });
    await rec.record('relay to the guardians', () =>
      waitFor(() => emulator.sent(channel.id).some((c) => cardText(cardOf(c.body)).includes('On Tuesday')), 15_000),
    );

    // A key rotation (a restart with key 2, key 1 previous): `my cases` and `surveys` again, then the re-seal job.
    await quiet();
    await h.stop();
    h = await start(key2, [key1]);
    cards.myCasesAfter = await say('my cases after a restart', reporter, 'my cases');
    cards.listAfter = await say('surveys after a restart', staff[4]!, 'surveys');
    await quiet();
    await rec.record('re-seal job', () => h.app.upkeep.reseal.run(), true);

    // Key 1 removed: a card whose proof it made is refused, and nothing keyed by the person is read.
    await quiet();
    await h.stop();
    h = await start(key2);
    const old = cards[staff[5]!.aadObjectId];
    cards.oldAnswer = await act('answer with an old card', staff[5]!, 'survey.answer', submitData(old, nqpsAnswers()));
    const oldShow = { wave: waveId, to: staff[5]!.aadObjectId, asked: submitData(old, {}).asked };
    cards.oldShow = await act('show with an old card', staff[5]!, 'survey.show', oldShow);

    // Someone who writes before their install event reached the bot: captured by the job, welcomed then.
    cards.latecomer = await say('a first message', late, 'help');
    await quiet();
  }, 240_000);

  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it('recorded every turn and job burst of the journey, each with its storage requests', () => {
    for (const name of ['install', 'surveys', 'show', 'answer', 'decline', 'mine', 'reminder job', 'raise'])
      expect(rec.named(name).every((u) => u.log.length > 0)).toBe(true);
    for (const name of ['my cases', 'my cases after a restart', 're-seal job', 'answer with an old card'])
      expect(rec.named(name)).toHaveLength(1);
  });

  it('never holds one person’s key beside an anonymous key, in any turn or job burst', () => {
    expect(pairings(h, people(), rec.units)).toEqual([]);
  });

  it('sees anonymous keys where it should: the answer, the decline, raising and `my cases` touch them', () => {
    for (const name of ['answer', 'decline', 'raise', 'my cases', 'my cases after a restart', 'show']) {
      const keyed = rec.named(name)[0]!.log.map((r) => keyedBy(h, people(), r));
      expect({ name, anonymous: keyed.some((k) => k.anonymous) }).toEqual({ name, anonymous: true });
    }
  });

  it('lists the open survey with a button that brings up its card, and records the answer from it', () => {
    expect(cardText(cards.list)).toContain('Ward pulse');
    expect(cardText(cards.shown)).toContain('Ward pulse');
    expect(cardText(cards.answered)).toContain('Thank you');
    expect(cardText(cards.declined)).toContain('not this time');
    expect(cardText(cards.mine)).toContain('Ward pulse');
    expect(cardText(cards.listAfter)).toContain('Ward pulse');
    // The card brought up from the list, and the reminder, carry the team the wave was sent through.
    expect(submitData(cards.shown, {}).team).toBe(ward.id);
    expect(submitData(surveyCardsFor(h, staff[2]!)[1], {}).team).toBe(ward.id);
  });

  it('shows the reporter their case in `my cases`, before and after the restart', () => {
    const ref = /FTSU-\d{4}-\d{4}/.exec(cardText(cards.raised))![0];
    expect(cardText(cards.myCases)).toContain(ref);
    expect(cardText(cards.myCasesAfter)).toContain(ref);
  });

  it('refuses a card whose proof no configured key verifies, offering the list again', () => {
    expect(cardText(cards.oldAnswer)).toMatch(/out of date/);
    expect(cardText(cards.oldShow)).toMatch(/out of date/);
    expect(JSON.stringify(cards.oldAnswer)).toContain('surveys');
  });

  it('re-seals markers without walking them person by person: no marker is looked up by its tag', () => {
    const burst = rec.named('re-seal job')[0]!.log;
    expect(burst.some((r) => /answered\(\)$/.test(r.path))).toBe(true);
    expect(burst.filter((r) => r.method === 'GET' && /answered\(PartitionKey=/.test(r.path))).toEqual([]);
  });

  it('captures and welcomes the latecomer in the capture job, not in their turn', async () => {
    const turn = rec.named('a first message')[0]!.log;
    expect(turn.filter((r) => /^\/devstoreaccount1\/\w+conversations/.test(r.path))).toEqual([]);
    const burst = rec.named('capture job').at(-1)!.log;
    expect(burst.some((r) => /^\/devstoreaccount1\/\w+conversations/.test(r.path))).toBe(true);
    await waitFor(() => emulator.sent(conv(late)).some((c) => cardText(cardOf(c.body)).includes('Welcome')), 15_000);
  });
});

describe('the feedback click', () => {
  it('pairs nobody with the answer, and a card without its proof is refused reading nothing keyed by the person', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const plan = 'Open the staff room at night';
    const run = await publishedActions({
      clock,
      bundleAt: '2026-11-24T09:00:00Z',
      people: 12,
      answering: 10,
      plans: [plan],
    });
    const { h, staff } = run;
    try {
      const rec = new UnitRecorder();
      const { id } = await actionRef(h, plan);
      const data = (p: TestUser) =>
        feedbackButton(youSaidCards(h, h.emulator.conversationIdFor(p.id))[0], id, 'yes').data;
      await new Promise((r) => setTimeout(r, 1000));
      const answered = await rec.record('feedback', () => click(h, staff[0]!, 'actions.feedback', data(staff[0]!)));
      expect(cardText(answered)).toContain('recorded, anonymously');
      const { asked, ...withoutProof } = data(staff[1]!);
      expect(asked).toEqual(expect.any(String));
      const refused = await rec.record('feedback without proof', () =>
        click(h, staff[1]!, 'actions.feedback', withoutProof),
      );
      expect(cardText(refused)).toMatch(/out of date/);
      expect(rec.units.every((u) => u.log.length > 0)).toBe(true);
      expect(pairings(h, staff, rec.units)).toEqual([]);
      expect(rec.named('feedback without proof')[0]!.log.filter((r) => keyedBy(h, staff, r).people.length)).toEqual([]);
    } finally {
      await h.stop();
    }
  }, 180_000);
});

describe('the check itself', () => {
  it('finds the pairing when markers are keyed by the person’s own id (so the checks above can fail)', async () => {
    const boss = user('Ann Admin');
    const h = await startHarness({ firstAdmins: [boss.aadObjectId], answerKeys: IN_THE_CLEAR });
    try {
      const staff = await installPeople(h, 12, 'Nurse');
      const { waveId } = await createAndLaunch(h, boss, surveyForm({ name: 'In the clear' }));
      await waitForCards(h, staff);
      await new Promise((r) => setTimeout(r, 1000));
      const rec = new UnitRecorder();
      const card = surveyCardsFor(h, staff[0]!).find((c) => JSON.stringify(c).includes(waveId));
      await rec.record('answer', () => click(h, staff[0]!, 'survey.answer', submitData(card, nqpsAnswers())));
      expect(pairings(h, staff, rec.units)).toEqual([
        { unit: 'answer', people: [staff[0]!.aadObjectId], anonymous: expect.arrayContaining(['queued answer']) },
      ]);
    } finally {
      await h.stop();
    }
  }, 90_000);
});
