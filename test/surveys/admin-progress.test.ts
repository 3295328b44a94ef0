import { ManualClock } from '../../src/platform/clock';
import { describeTime } from '../../src/platform/calendar/local-time';
import { progressAsShown } from '../../src/surveys/authoring/survey-admin';
import { personalMessage, user, type TestUser } from '../support/activities';
import { cardOf, cardText, startHarness, type Harness } from '../support/harness';
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

describe('the live progress rule', () => {
  const progress = (answered: number, declined = 0) => ({
    recipients: 30,
    sent: 30,
    pending: 0,
    unreachable: 0,
    answered,
    declined,
  });

  it('shows answers only from k, rounded down to a multiple of k', () => {
    expect([0, 1, 9, 10, 11, 19, 20, 29, 30].map((n) => progressAsShown(progress(n), 10).answered)).toEqual([
      undefined,
      undefined,
      undefined,
      10,
      10,
      10,
      20,
      20,
      30,
    ]);
    expect(progressAsShown(progress(7), 5).answered).toBe(5);
  });

  it('never shows a single decline, and leaves delivery counts as they are', () => {
    expect(progressAsShown(progress(20, 3), 10)).toEqual({
      recipients: 30,
      sent: 30,
      pending: 0,
      unreachable: 0,
      step: 10,
      answered: 20,
    });
    expect(progressAsShown(progress(20, 12), 10).declined).toBe(10);
  });
});

describe('the admin watching a small team answer, through /api/messages', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: TestUser[];

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 14);
    await createAndLaunch(h, admin, surveyForm({ name: 'Small team pulse' }));
    await waitForCards(h, staff);
  }, 60_000);
  afterAll(() => h.stop());

  const progressLine = async () => {
    await h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
        text: 'surveys',
      }),
    );
    const card = cardOf(h.emulator.sent(h.emulator.conversationIdFor(admin.id)).at(-1)!.body);
    // The answer part of "sent R of R; answered …".
    return cardText(card)
      .split('\n')
      .find((l) => l.startsWith('sent '))!
      .split('; ')
      .slice(1)
      .join('; ');
  };
  const answer = (p: TestUser) => click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], nqpsAnswers()));

  it('cannot tell who has just answered: the card changes only once k more have answered', async () => {
    const seen: string[] = [await progressLine()];
    for (const p of staff.slice(0, 12)) {
      await answer(p);
      seen.push(await progressLine());
    }
    // Before anyone, and after each of the first nine answers, the same line; the tenth changes it, to a multiple of 10.
    expect(new Set(seen.slice(0, 10))).toEqual(new Set(['answered: fewer than 10']));
    const recipients = Number(
      /^sent \d+ of (\d+)/m.exec(
        cardText(cardOf(h.emulator.sent(h.emulator.conversationIdFor(admin.id)).at(-1)!.body)),
      )![1],
    );
    expect(seen.slice(10)).toEqual(Array(3).fill(`answered 10 (${Math.round(1000 / recipients)}%)`));
  });

  it('does not show a single "not this time" either', async () => {
    const before = await progressLine();
    await click(
      h,
      staff[12]!,
      'survey.decline',
      surveyCardsFor(h, staff[12]!)[0].actions.find((a: any) => a.verb === 'survey.decline').data,
    );
    expect(await progressLine()).toBe(before);
  });

  it('says how the figures are counted', async () => {
    await h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
        text: 'surveys',
      }),
    );
    expect(cardText(cardOf(h.emulator.sent(h.emulator.conversationIdFor(admin.id)).at(-1)!.body))).toContain(
      'counted down to a multiple of 10, and shown only from 10',
    );
  });

  it('says when an open wave will close, and after "Close wave now" when it really closed', async () => {
    const waveLine = (card: any) =>
      cardText(card)
        .split('\n')
        .find((l) => l.startsWith('open until') || l.startsWith('closed'));
    await h.post(
      personalMessage({
        serviceUrl: h.emulator.url,
        user: admin,
        conversationId: h.emulator.conversationIdFor(admin.id),
        text: 'surveys',
      }),
    );
    const listed = cardOf(h.emulator.sent(h.emulator.conversationIdFor(admin.id)).at(-1)!.body);
    // Launched at 09:00 on Monday 23 November with a 7-day window.
    expect(waveLine(listed)).toBe(`open until ${describeTime('2026-11-30T09:00:00Z', 'Europe/London')}`);

    clock.advance(5 * 60 * 60 * 1000 + 7 * 60 * 1000); // 14:07, a week before the planned close
    const closed = await click(h, admin, 'surveys.close', {
      survey: listed.body.find((b: any) => b.type === 'Container').items.find((i: any) => i.type === 'ActionSet')
        .actions[0].data.survey,
    });
    expect(waveLine(closed)).toBe(`closed ${describeTime('2026-11-23T14:07:00Z', 'Europe/London')}`);
  });
});
