import { escapeTemplate, expandCard } from '../../src/platform/cards';
import { isNewStarterDue, nextOpening, nextSendSlot, waveTimes } from '../../src/surveys/authoring/survey';
import { parseQuestionForm, parseSurveyForm } from '../../src/surveys/authoring/survey-form';
import { surveyCardTemplate } from '../../src/surveys/authoring/survey.cards';
import { NQPS_ENGAGEMENT } from '../../src/surveys/authoring/templates';

const TZ = 'Europe/London';
const form = (o: Record<string, unknown> = {}) => ({
  template: 'nqps-engagement',
  name: 'Ward pulse',
  cadence: 'weekly',
  windowDays: '7',
  sendTime: '09:00',
  remind: 'true',
  reminderDays: '3',
  audience: 'everyone',
  ...o,
});
const fieldsOf = (r: ReturnType<typeof parseSurveyForm>) => (r.ok ? [] : r.problems.map((p) => p.field));

describe('when waves open and close', () => {
  it('opens on the next weekday at the send time, in UK time through the clock change', () => {
    expect(nextSendSlot(new Date('2026-11-27T17:00:00Z'), '09:00', TZ).toISOString()).toBe('2026-11-30T09:00:00.000Z'); // Friday evening → Monday
    expect(nextSendSlot(new Date('2026-06-01T06:00:00Z'), '09:00', TZ).toISOString()).toBe('2026-06-01T08:00:00.000Z'); // BST
  });

  it('follows each cadence from the previous opening', () => {
    const monday = new Date('2026-11-23T09:00:00Z');
    const at = (cadence: string) =>
      nextOpening({ cadence: cadence as never, sendTime: '09:00' }, monday, TZ)?.toISOString();
    expect(at('once')).toBeUndefined();
    expect(at('weekly')).toBe('2026-11-30T09:00:00.000Z');
    expect(at('fortnightly')).toBe('2026-12-07T09:00:00.000Z');
    expect(at('monthly')).toBe('2026-12-23T09:00:00.000Z');
    expect(at('nqps-quarterly')).toBe('2027-01-01T09:00:00.000Z'); // first weekday of January
    expect(
      nextOpening(
        { cadence: 'nqps-quarterly', sendTime: '09:00' },
        new Date('2027-01-01T09:00:00Z'),
        TZ,
      )?.toISOString(),
    ).toBe('2027-04-01T08:00:00.000Z');
  });

  it('reminds inside the window only, and closes after it', () => {
    const opens = new Date('2026-11-23T09:00:00Z');
    expect(waveTimes(opens, { windowDays: 7, reminderDays: 3, sendTime: '09:00' }, TZ)).toEqual({
      closesAt: new Date('2026-11-30T09:00:00Z'),
      remindAt: new Date('2026-11-26T09:00:00Z'),
    });
    expect(waveTimes(opens, { windowDays: 7, reminderDays: null, sendTime: '09:00' }, TZ).remindAt).toBeUndefined();
    // Launched on a Friday evening: the reminder waits for Tuesday's send slot, not Monday night.
    expect(
      waveTimes(new Date('2026-11-27T19:30:00Z'), { windowDays: 7, reminderDays: 3, sendTime: '09:00' }, TZ).remindAt,
    ).toEqual(new Date('2026-12-01T09:00:00Z'));
    expect(waveTimes(opens, { windowDays: 2, reminderDays: 3, sendTime: '09:00' }, TZ).remindAt).toBeUndefined();
  });

  it('asks new starters at about 30, 60 and 90 days, once each with weekly waves', () => {
    const installed = new Date('2026-01-01T10:00:00Z');
    const weeklyWaves = Array.from({ length: 20 }, (_, w) => new Date(installed.getTime() + (3 + 7 * w) * 86_400_000));
    expect(weeklyWaves.filter((w) => isNewStarterDue(installed, w))).toHaveLength(3);
  });
});

describe('the create-survey form', () => {
  it('accepts a complete form', () => {
    const r = parseSurveyForm(form({ aboutYou: 'true', directorates: 'Medicine\nSurgery, Surgery' }), []);
    expect(r).toMatchObject({
      ok: true,
      value: {
        templateId: 'nqps-engagement',
        settings: {
          cadence: 'weekly',
          windowDays: 7,
          reminderDays: 3,
          aboutYou: true,
          directorates: ['Medicine', 'Surgery'],
        },
      },
    });
  });

  it('names every problem by field', () => {
    expect(
      fieldsOf(
        parseSurveyForm(
          form({
            template: 'made-up',
            name: 'x',
            cadence: 'hourly',
            windowDays: '90',
            sendTime: '23:30',
            reminderDays: '0',
          }),
          [],
        ),
      ),
    ).toEqual(expect.arrayContaining(['template', 'name', 'cadence', 'windowDays', 'sendTime', 'reminderDays']));
    expect(
      fieldsOf(
        parseSurveyForm(form({ audience: 'teams', teams: '19:unknown@thread.tacv2' }), ['19:known@thread.tacv2']),
      ),
    ).toEqual(['teams']);
    expect(fieldsOf(parseSurveyForm(form({ template: 'new-starter', audience: 'everyone' }), []))).toContain(
      'audience',
    );
    expect(fieldsOf(parseSurveyForm(form({ cadence: 'weekly', windowDays: '10' }), []))).toEqual(['windowDays']);
    expect(fieldsOf(parseSurveyForm({ name: { $gt: '' } }, []))).toEqual(['form']);
  });

  it('adds custom questions of each kind, with free text always optional', () => {
    expect(
      parseQuestionForm(
        { text: 'How was your shift?', kind: 'zero-to-ten', required: 'true' },
        NQPS_ENGAGEMENT.questions,
      ),
    ).toMatchObject({ ok: true, value: { id: 'x1', scale: { kind: 'zero-to-ten' }, required: true } });
    expect(parseQuestionForm({ text: 'Anything else?', kind: 'text', required: 'true' }, [])).toMatchObject({
      ok: true,
      value: { required: false, scale: { kind: 'text', maxLength: 1000 } },
    });
    expect(parseQuestionForm({ text: 'Which site?', kind: 'choice', options: 'North\nSouth' }, [])).toMatchObject({
      ok: true,
      value: { scale: { kind: 'choice', options: ['North', 'South'] } },
    });
    expect(parseQuestionForm({ text: 'Which site?', kind: 'choice', options: 'Only one' }, [])).toMatchObject({
      ok: false,
      problems: [{ field: 'options' }],
    });
  });
});

describe('the stored survey card template', () => {
  it('fills only the recipient slot; text an admin typed is shown as typed', () => {
    const questions = [
      { id: 'x1', text: 'Is ${to} or ${1+1} shown literally?', scale: { kind: 'agreement' as const }, required: true },
    ];
    const template = surveyCardTemplate({
      surveyName: 'Name with ${secret}',
      waveId: 'a1b2c3d4e5-w001',
      closesOn: 'Monday',
      questions,
      aboutYou: false,
      directorates: [],
      minGroupSize: 10,
    });
    const card = expandCard(template, { to: '11111111-2222-4333-8444-555555555555' });
    const json = JSON.stringify(card);
    expect(json).toContain('Is ${to} or ${1+1} shown literally?');
    expect(json).toContain('Name with ${secret}');
    expect((card.actions as any[])[0].data.to).toBe('11111111-2222-4333-8444-555555555555');
    expect(escapeTemplate({ a: ['${x}'] })).toEqual({ a: ['\\${x}'] });
  });
});
