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

/**
 * "What surveys are open for me?" (`surveys` in the 1:1 chat, or the `survey.mine` button) and **Open** (`survey.show`):
 * the list names the open waves sent to the person, each with an Open button carrying the card's proof of sending;
 * Open brings the survey card back, or says it was answered. The list does not look up answers (privacy.md, "The
 * request log"), so an answered survey stays listed until it closes and says so when opened.
 */
describe('the surveys open for a member of staff', () => {
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: TestUser[];
  let outsider: TestUser;
  let wave: { surveyId: string; waveId: string };

  const say = async (who: TestUser, text: string) => {
    const conversationId = h.emulator.conversationIdFor(who.id);
    await h.post(personalMessage({ serviceUrl: h.emulator.url, user: who, conversationId, text }));
    return cardOf(h.emulator.sent(conversationId).at(-1)!.body);
  };
  const openButton = (card: any) => card.actions?.find((a: any) => a.verb === 'survey.show') ?? findShow(card.body);

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId] });
    staff = await installPeople(h, 10, 'Nurse');
    wave = await createAndLaunch(h, admin, surveyForm({ name: 'Ward 7 pulse' }));
    await waitForCards(h, staff);
    outsider = (await installPeople(h, 1, 'Late joiner'))[0]!; // installed after the wave went out: not asked
  });
  afterAll(() => h.stop());

  it('lists the open wave sent to them, with an Open button that carries its proof of sending', async () => {
    const list = await say(staff[0]!, 'surveys');
    expect(cardText(list)).toContain('Surveys open for you');
    expect(cardText(list)).toContain('Ward 7 pulse');
    expect(cardText(list)).toContain('does not look up whether you have answered');
    expect(openButton(list)?.data).toEqual({
      verb: 'survey.show',
      wave: wave.waveId,
      to: staff[0]!.aadObjectId.toLowerCase(),
      asked: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it('brings the survey card back on Open, answerable from there', async () => {
    const list = await say(staff[1]!, 'surveys');
    const card = await click(h, staff[1]!, 'survey.show', openButton(list).data);
    expect(card.actions.map((a: any) => a.verb)).toContain('survey.answer');
    const done = await click(h, staff[1]!, 'survey.answer', submitData(card, nqpsAnswers()));
    expect(cardText(done)).toContain('Thank you');
  });

  it('keeps an answered survey listed, and Open then says it was answered', async () => {
    await click(h, staff[2]!, 'survey.answer', submitData(surveyCardsFor(h, staff[2]!)[0], nqpsAnswers()));
    const list = await click(h, staff[2]!, 'survey.mine', {});
    expect(cardText(list)).toContain('Ward 7 pulse');
    expect(cardText(await click(h, staff[2]!, 'survey.show', openButton(list).data))).toContain(
      'You have already answered',
    );
  });

  it("refuses an Open button copied from a colleague's list, and shows nothing", async () => {
    const list = await say(staff[3]!, 'surveys');
    const copied = await click(h, staff[4]!, 'survey.show', openButton(list).data);
    expect(cardText(copied)).toContain('This card was sent to someone else');
    const forged = await click(h, staff[4]!, 'survey.show', { ...openButton(list).data, to: staff[4]!.aadObjectId });
    expect(cardText(forged)).toContain('This card is out of date');
  });

  it('says none are open to someone the wave was not sent to', async () => {
    const list = await click(h, outsider, 'survey.mine', {});
    expect(cardText(list)).not.toContain('Ward 7 pulse');
    expect(openButton(list)).toBeUndefined();
  });
});

/** The first `survey.show` action anywhere in a card's body (the list puts one under each survey). */
function findShow(items: any[] | undefined): any {
  for (const item of items ?? []) {
    if (item?.type === 'ActionSet') {
      const found = item.actions?.find((a: any) => a.verb === 'survey.show');
      if (found) return found;
    }
    const inner = findShow(item?.items ?? item?.columns ?? item?.body);
    if (inner) return inner;
  }
  return undefined;
}
