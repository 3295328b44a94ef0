import type { TaggingSealer } from '../../src/platform/crypto';
import { ManualClock } from '../../src/platform/clock';
import { personalMessage } from '../support/activities';
import { cardText, startHarness, uniqueNamespace, type Harness } from '../support/harness';
import {
  attack,
  IN_THE_CLEAR,
  itFindsNobodyInTheRequestLog,
  itKeepsWaitingAnswersUnlinkable,
  peopleInLog,
  requestLogOf,
  snapshot,
  type LoggedRequest,
} from '../support/storage-attacker';
import { click } from '../support/surveys';
import { actionRef, feedbackButton, publishedActions, youSaidCards } from './support';

/**
 * The storage reader of test/surveys/storage-attack.test.ts, turned on "Has this made a difference?": three people
 * answer a published action seconds apart, the third after a process restart, and the attacker tries to pair each
 * answer waiting on the `feedback` queue with a person by content, id or ticket, and by time. With keys that seal
 * nothing and tag markers with the person's plain id, the same attack must pair all three.
 */
async function answerThreeAndAttack(answerKeys?: TaggingSealer) {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const namespace = uniqueNamespace();
  const plan = 'Open the staff room at night';
  const run = await publishedActions({
    clock,
    bundleAt: '2026-11-24T09:00:00Z',
    people: 12,
    answering: 10,
    plans: [plan],
    answerKeys,
    namespace,
  });
  let h: Harness = run.h;
  const { id } = await actionRef(h, plan);
  await h.app.delivery.captures.flush(); // the capture job's burst for those who wrote before installing, done before the baseline
  await new Promise((r) => setTimeout(r, 1500)); // the bundle's writes settle before the attacker's baseline
  const before = await snapshot(h);
  // What the account's request log shows of the three answer turns themselves.
  const answerLog: LoggedRequest[] = [];
  const answer = async (target: Harness, i: number) => {
    const p = run.staff[i]!;
    const card = youSaidCards(h, h.emulator.conversationIdFor(p.id))[0];
    const data = feedbackButton(card, id, 'not-yet').data;
    let answered: any;
    answerLog.push(...(await requestLogOf(async () => (answered = await click(target, p, 'actions.feedback', data)))));
    if (!cardText(answered).includes('recorded, anonymously')) throw new Error(`not recorded: ${cardText(answered)}`);
  };
  await answer(h, 0);
  await new Promise((r) => setTimeout(r, 3000));
  await answer(h, 1);
  await new Promise((r) => setTimeout(r, 3000));
  // A process restart: the new process's first turn from this person is a message, then the answer.
  const emulator = h.emulator;
  await h.app.stop();
  h = await startHarness({ firstAdmins: [run.admin.aadObjectId], namespace, emulator, clock, answerKeys });
  await h.post(
    personalMessage({
      serviceUrl: emulator.url,
      user: run.staff[2]!,
      conversationId: emulator.conversationIdFor(run.staff[2]!.id),
      text: 'help',
    }),
  );
  await answer(h, 2);
  const after = await snapshot(h);
  const pairs = attack(h, run.staff, before, after, 'feedback');
  const namedInLog = peopleInLog(h, run.staff, answerLog);
  await h.app.stop();
  await emulator.stop();
  return { staff: run.staff, before, after, pairs, partition: `fb.${run.surveyId}.${id}`, answerLog, namedInLog };
}

describe('a reader of storage while staff answer "Has this made a difference?"', () => {
  let run: Awaited<ReturnType<typeof answerThreeAndAttack>>;
  beforeAll(async () => {
    run = await answerThreeAndAttack();
  }, 120_000);

  itKeepsWaitingAnswersUnlinkable(() => run, {
    queue: 'feedback',
    unreadable: /not-yet|made|answers|fb\./,
    partition: () => run.partition,
  });

  it('finds nothing else written about the answer', () => {
    const before = new Set(
      Object.entries(run.before.rows).flatMap(([t, rows]) =>
        rows.map((r) => `${t}/${r.partitionKey}/${r.rowKey}/${r.etag}`),
      ),
    );
    const written = Object.entries(run.after.rows).flatMap(([t, rows]) =>
      rows
        .filter((r) => !before.has(`${t}/${r.partitionKey}/${r.rowKey}/${r.etag}`))
        .map((r) => `${t}/${r.partitionKey}`),
    );
    // The markers, and what the restarted process and the help message wrote (leases, the help card): no answer.
    expect(
      written.filter(
        (w) =>
          !w.startsWith('answered/') &&
          !w.startsWith('leases/') &&
          !w.startsWith('cards/') &&
          !w.startsWith('deliveries/'),
      ),
    ).toEqual([]);
  });

  itFindsNobodyInTheRequestLog(() => run);
});

describe('the same attack on "Has this made a difference?" with sealing and keyed markers switched off', () => {
  it('pairs every waiting answer with its author (so the attack above can fail)', async () => {
    const run = await answerThreeAndAttack(IN_THE_CLEAR);
    expect(run.pairs).toHaveLength(3);
    expect(new Set(run.pairs.map((p) => p.person))).toEqual(new Set(run.staff.slice(0, 3).map((p) => p.aadObjectId)));
    expect(new Set(run.namedInLog)).toEqual(new Set(run.staff.slice(0, 3).map((p) => p.aadObjectId)));
  }, 120_000);
});
