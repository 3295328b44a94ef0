import { ManualClock } from '../../src/platform/clock';
import { user } from '../support/activities';
import { allEntities, cardText, startHarness, testConnectionString, type Harness } from '../support/harness';
import {
  click,
  createAndLaunch,
  finishClosedWaves,
  installPeople,
  markerOf,
  nqpsAnswers,
  submitData,
  surveyCardsFor,
  waitForCards,
} from '../support/surveys';
import { TcpProxy } from '../support/tcp-proxy';

describe('a storage outage during submit', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let proxy: TcpProxy;
  let h: Harness;

  beforeAll(async () => {
    // The app reaches the queue service through a proxy the test can cut, as if the endpoint were unreachable.
    const cs = testConnectionString();
    const queuePort = Number(/QueueEndpoint=http:\/\/[^:]+:(\d+)/.exec(cs)![1]);
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: queuePort });
    h = await startHarness({
      firstAdmins: [admin.aadObjectId],
      clock,
      storageConnectionString: cs.replace(
        /QueueEndpoint=http:\/\/[^:]+:\d+/,
        `QueueEndpoint=http://127.0.0.1:${proxy.port}`,
      ),
    });
  });
  afterAll(async () => {
    await h.stop();
    await proxy.stop();
  });

  it('asks the person to retry, keeps their answers on the card, and accepts the retry exactly once', async () => {
    const [p, ...others] = await installPeople(h, 10);
    const { surveyId, waveId } = await createAndLaunch(h, admin);
    await waitForCards(h, [p!, ...others]);
    const data = submitData(surveyCardsFor(h, p!)[0], nqpsAnswers());

    proxy.cut();
    const started = Date.now();
    const failed = await click(h, p!, 'survey.answer', data);
    expect(Date.now() - started).toBeLessThan(10_000); // well inside Teams' invoke timeout
    expect(cardText(failed)).toContain('could not be saved just now');
    expect(failed.body.find((b: any) => b.id === 'q.nqps1').value).toBe('4');
    expect((await markerOf(h, waveId, p!))?.state).not.toBe('answered');

    proxy.restore();
    expect(cardText(await click(h, p!, 'survey.answer', data))).toContain('Thank you: your answers are in');
    expect(cardText(await click(h, p!, 'survey.answer', data))).toContain('You have already answered');

    // Nine others answer: with k = 10 in all the responses are kept, and the retried one is there once.
    for (const o of others.slice(0, 9))
      await click(h, o, 'survey.answer', submitData(surveyCardsFor(h, o)[0], nqpsAnswers()));
    await click(h, admin, 'surveys.close', { survey: surveyId });
    await finishClosedWaves(h, clock);
    expect((await allEntities(h.table('responses'))).filter((r) => r.partitionKey === waveId)).toHaveLength(10);
  });
});
