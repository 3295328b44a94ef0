import { ManualClock } from '../../src/platform/clock';
import { personalMessage, user, type TestUser } from '../support/activities';
import { allEntities, cardOf, cardText, startHarness, type Harness } from '../support/harness';
import {
  click,
  installPeople,
  openedRows,
  submitData,
  surveyCardsFor,
  surveyForm,
  surveyIdIn,
  waitForCards,
} from '../support/surveys';

const MINUTE = 60_000;
const COMMENT = (i: number) => `**bold** [click](https://evil.example) https://x.example and www.example.org/${i}`;

/**
 * A custom survey whose admin marks "Your ward" as describing the person; an optional 0 to 10 question that one ward
 * mostly skips; and comments full of Markdown and links. Through /api/messages, Azurite and the connector emulator.
 */
describe('per-question rules, a question that describes the person, and inert comments', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const admin = user('Ann Admin');
  let h: Harness;
  let staff: TestUser[];
  let surveyId: string;

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
  const addQuestion = (fields: Record<string, string>) =>
    click(h, admin, 'surveys.question.save', {
      survey: surveyId,
      required: 'false',
      options: '',
      describes: 'false',
      ...fields,
    });

  beforeAll(async () => {
    h = await startHarness({ firstAdmins: [admin.aadObjectId], clock });
    staff = await installPeople(h, 36);
    const created = await click(h, admin, 'surveys.create', surveyForm({ template: 'custom', name: 'Ward check-in' }));
    surveyId = surveyIdIn(created, 'Ward check-in');
  }, 60_000);
  afterAll(() => h.stop());

  it('an admin marks a single-choice question as describing the person; it is stored as optional and flagged', async () => {
    const form = await click(h, admin, 'surveys.question', { survey: surveyId });
    expect(JSON.stringify(form)).toContain('"id":"describes"');
    const refused = await addQuestion({ text: 'How was your last shift?', kind: 'zero-to-ten', describes: 'true' });
    expect(cardText(refused)).toContain('Only a single-choice question can describe the person');

    await addQuestion({ text: 'How likely are you to recommend your ward as a place to work?', kind: 'zero-to-ten' });
    await addQuestion({
      text: 'Your ward',
      kind: 'choice',
      options: 'Ward 7\nWard 8\nWard 9',
      required: 'true',
      describes: 'true',
    });
    const added = await addQuestion({ text: 'What one change would help most?', kind: 'text' });
    expect(cardText(added)).toContain('(now 3)');
    const stored = (await allEntities(h.table('surveys'))).find((e) => e.rowKey === surveyId)!;
    const questions = JSON.parse(String(stored.questions));
    expect(questions[1]).toEqual({
      id: 'x2',
      text: 'Your ward',
      scale: { kind: 'choice', options: ['Ward 7', 'Ward 8', 'Ward 9'] },
      required: false,
      describesPerson: true,
    });
  });

  it('staff answer; the ward is stored as an answer like any other (no change to the answer path)', async () => {
    expect(cardText(await click(h, admin, 'surveys.launch', { survey: surveyId }))).toMatch(/Launched: wave 1/);
    await waitForCards(h, staff);
    // Ward 7: 12 people, all rate the ward; Ward 8: 13, all rate it; Ward 9: 11, only 2 rate it. 12 comment.
    for (const [i, p] of staff.entries()) {
      const ward = i < 12 ? '0' : i < 25 ? '1' : '2';
      const answers: Record<string, string> = { x2: ward };
      if (ward !== '2' || i < 27) answers.x1 = ward === '0' ? '9' : ward === '1' ? '7' : '2';
      if (i % 3 === 0) answers.x3 = COMMENT(i);
      const reply = await click(h, p, 'survey.answer', submitData(surveyCardsFor(h, p)[0], answers));
      expect(cardText(reply)).toContain('Thank you');
    }
    await click(h, admin, 'surveys.close', { survey: surveyId });
    // The survey job writes the last answers a little after the close (a grace period for answers on their way).
    clock.advance(10 * MINUTE);
    await h.app.surveys.waves.tick();
    const responses = (await openedRows(h)).filter((r) => String(r.partitionKey).startsWith(surveyId));
    expect(responses).toHaveLength(36);
    expect(responses.filter((r) => r.a_x2 === '2')).toHaveLength(11);
  });

  it('breaks results down by the ward, hides a question’s figure where fewer than k answered it, and never quotes a link', async () => {
    await say(admin, 'results');
    const card = lastCard(admin);
    const text = cardText(card);
    expect(text).toContain('By your ward: how likely are you to recommend your ward as a place to work?');
    // Ward 9 has 11 people but only 2 answered the question: its figure is hidden, and so is Ward 7's, or Ward 9's
    // would be everyone's minus Ward 7's minus Ward 8's.
    const facts = card.body
      .flatMap((c: any) => c.items ?? [])
      .filter((i: any) => i.type === 'FactSet')
      .flatMap((f: any) => f.facts);
    expect(facts).toContainEqual({ title: 'Ward 9 (11)', value: '—' });
    expect(facts).toContainEqual({ title: 'Ward 7 (12)', value: '—' });
    expect(facts).toContainEqual({ title: 'Ward 8 (13)', value: '7.0/10' });
    expect(facts).toContainEqual({
      title: 'How likely are you to recommend your ward as a place to work?',
      value: '7.5/10',
    }); // (12×9 + 13×7 + 2×2) / 27
    expect(text).not.toMatch(/Ward 7 \d+%/); // the ward is a breakdown, never "% choosing"

    // Comments: in a RichTextBlock TextRun (never Markdown), with every address broken.
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/https:\/\/|www\.|evil\.example|x\.example/);
    const runs = card.body.flatMap((c: any) => c.items ?? []).filter((i: any) => i.type === 'RichTextBlock');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs[0].inlines[0]).toMatchObject({
      type: 'TextRun',
      text: expect.stringContaining('**bold** [click](https:/\u200B/evil.\u200Bexample)'),
    });
    expect(
      card.body
        .flatMap((c: any) => c.items ?? [])
        .some((i: any) => i.type === 'TextBlock' && String(i.text).includes('**bold**')),
    ).toBe(false);
  });

  it('the CSV has the same figures: no row for a hidden figure, and the ward only as a breakdown', async () => {
    await say(admin, 'export ward');
    const url: string = lastCard(admin).actions[0].url;
    const csv = await (await fetch(url.replace(/^https?:\/\/[^/]+/, h.url))).text();
    expect(csv).toContain(
      '"Your ward","Ward 8","13","mean (0-10): How likely are you to recommend your ward as a place to work?","7"',
    );
    expect(csv).not.toMatch(/"Ward 9","11","mean/);
    expect(csv).not.toMatch(/"Ward 7","12","mean/);
    expect(csv).toContain(
      '"all","everyone","36","mean (0-10): How likely are you to recommend your ward as a place to work?","7.5"',
    );
    expect(csv).not.toContain('choosing');
  });
});
