import type { TaggingSealer } from '../../src/platform/crypto';
import { personalMessage, user } from '../support/activities';
import { cardText, startHarness, uniqueNamespace, type Harness } from '../support/harness';
import {
  attack,
  IN_THE_CLEAR,
  itFindsNobodyInTheRequestLog,
  itKeepsWaitingAnswersUnlinkable,
  peopleInLog,
  requestLogOf,
  secretOf,
  snapshot,
  type LoggedRequest,
} from '../support/storage-attacker';
import {
  click,
  createAndLaunch,
  installPeople,
  submitData,
  surveyCardsFor,
  surveyForm,
  waitForCards,
} from '../support/surveys';

/**
 * Plays someone who can read the storage account (an Azure admin, a data-reader role, a copy or backup, request logs)
 * during an open wave. Three people answer (fewer than k, so nothing has been mixed yet), seconds apart, the third
 * after a process restart. The attacker peeks every queue and reads every table with Timestamps and ETags, and tries
 * to pair each waiting answer with a person by content, by id or ticket, and by time (the nearest write within 5 s).
 *
 * The same attack runs against the app with its answer keys replaced by ones that seal nothing and tag markers with
 * the person's plain id (the design before this one, near enough): there it must pair all three, so the test is seen
 * to be able to fail.
 */
async function answerThreeAndAttack(answerKeys?: TaggingSealer) {
  const admin = user('Ann Admin');
  const namespace = uniqueNamespace();
  let h = await startHarness({ firstAdmins: [admin.aadObjectId], namespace, answerKeys });
  const staff = await installPeople(h, 12, 'Nurse');
  const { waveId } = await createAndLaunch(h, admin, surveyForm({ template: 'intention-to-stay', name: 'Stay or go' }));
  await waitForCards(h, staff);
  await new Promise((r) => setTimeout(r, 1500)); // the fan-out's writes settle before the attacker's baseline
  const before = await snapshot(h);
  // What the account's request log shows of the three answer turns themselves.
  const answerLog: LoggedRequest[] = [];
  const answer = async (target: Harness, i: number) =>
    answerLog.push(...(await requestLogOf(() => answerTurn(target, i))));
  const answerTurn = (target: Harness, i: number) =>
    click(
      target,
      staff[i]!,
      'survey.answer',
      submitData(
        surveyCardsFor(h, staff[i]!).find((c) => JSON.stringify(c).includes(waveId)),
        { its1: '2', its2: '4', its3: secretOf(i) },
      ),
    );
  await answer(h, 0);
  await new Promise((r) => setTimeout(r, 3000));
  await answer(h, 1);
  await new Promise((r) => setTimeout(r, 3000));
  // A process restart: a new process on the same storage, whose first turn from this person is a message, then the answer.
  const emulator = h.emulator;
  await h.app.stop();
  h = await startHarness({ firstAdmins: [admin.aadObjectId], namespace, emulator, answerKeys });
  await h.post(
    personalMessage({
      serviceUrl: emulator.url,
      user: staff[2]!,
      conversationId: emulator.conversationIdFor(staff[2]!.id),
      text: 'surveys',
    }),
  );
  await answer(h, 2);
  const after = await snapshot(h);
  const pairs = attack(h, staff, before, after);
  const namedInLog = peopleInLog(h, staff, answerLog);
  await h.app.stop();
  await emulator.stop();
  return { staff, before, after, pairs, waveId, answerLog, namedInLog };
}

describe('a reader of storage during an open wave', () => {
  let run: Awaited<ReturnType<typeof answerThreeAndAttack>>;
  beforeAll(async () => {
    run = await answerThreeAndAttack();
  }, 90_000);

  itKeepsWaitingAnswersUnlinkable(() => run, {
    queue: 'responses',
    unreadable: /qx\dsecretqx|its1|answers|about|wave/,
    partition: () => run.waveId,
  });

  itFindsNobodyInTheRequestLog(() => run);
});

describe('an answer from a card without its proof of sending (one the previous release sent)', () => {
  it('is refused as out of date, and reads nothing keyed by the person (no fallback to their deliveries row)', async () => {
    const admin = user('Ann Admin');
    const h = await startHarness({ firstAdmins: [admin.aadObjectId] });
    try {
      const staff = await installPeople(h, 12, 'Nurse');
      const { waveId } = await createAndLaunch(h, admin, surveyForm({ name: 'Without proof' }));
      await waitForCards(h, staff);
      await new Promise((r) => setTimeout(r, 1500));
      const { asked, ...withoutProof } = submitData(
        surveyCardsFor(h, staff[0]!).find((c) => JSON.stringify(c).includes(waveId)),
        { nqps1: '4', nqps2: '4', nqps3: '4', nqps4: '4', nqps5: '4', nqps6: '4', nqps7: '4', nqps8: '4', nqps9: '4' },
      );
      expect(asked).toEqual(expect.stringMatching(/^[0-9a-f]{40}$/));
      let refused: any;
      const log = await requestLogOf(async () => (refused = await click(h, staff[0]!, 'survey.answer', withoutProof)));
      expect(cardText(refused)).toContain('This card is out of date');
      expect(
        peopleInLog(
          h,
          staff,
          log.filter((r) => r.path.startsWith('/devstoreaccount1/')),
        ),
      ).toEqual([]);
      // With its proof, the same card is still answered.
      expect(cardText(await click(h, staff[0]!, 'survey.answer', { ...withoutProof, asked }))).toContain('Thank you');
    } finally {
      await h.stop();
    }
  }, 60_000);
});

describe('the same attack with sealing and keyed markers switched off', () => {
  it('pairs every waiting answer with its author and reads it (so the attack above can fail)', async () => {
    const run = await answerThreeAndAttack(IN_THE_CLEAR);
    expect(run.pairs).toHaveLength(3);
    expect(new Set(run.pairs.map((p) => p.person))).toEqual(new Set(run.staff.slice(0, 3).map((p) => p.aadObjectId)));
    for (const p of run.pairs) {
      const i = run.staff.findIndex((s) => s.aadObjectId === p.person);
      expect(p.readable).toBe(secretOf(i));
    }
    // And the request log names all three: their markers are keyed by their own ids here.
    expect(new Set(run.namedInLog)).toEqual(new Set(run.staff.slice(0, 3).map((p) => p.aadObjectId)));
  }, 90_000);
});
