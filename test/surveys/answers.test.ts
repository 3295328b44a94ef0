import { checkAnswers } from '../../src/surveys/authoring/answers';
import { CBI_WORK_BURNOUT, INTENTION_TO_STAY, NQPS_ENGAGEMENT, TEMPLATES } from '../../src/surveys/authoring/templates';

const all = (questions: readonly { id: string }[], value: string) =>
  Object.fromEntries(questions.map((q) => [`q.${q.id}`, value]));

describe('checking submitted answers', () => {
  it('accepts a complete engagement card and keeps only answers', () => {
    const r = checkAnswers(NQPS_ENGAGEMENT.questions, {
      ...all(NQPS_ENGAGEMENT.questions, '4'),
      verb: 'survey.answer',
      wave: 'w1',
    });
    expect(r).toEqual({ ok: true, answers: Object.fromEntries(NQPS_ENGAGEMENT.questions.map((q) => [q.id, '4'])) });
  });

  it.each([['9'], ['0'], ['3.5'], ['abc'], ['']])('refuses %p on a 1-5 scale with a clear message', (value) => {
    const r = checkAnswers(CBI_WORK_BURNOUT.questions, { ...all(CBI_WORK_BURNOUT.questions, '3'), 'q.cbi2': value });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]?.questionId).toBe('cbi2');
  });

  it('refuses an answer to a question from another survey', () => {
    const r = checkAnswers(CBI_WORK_BURNOUT.questions, { ...all(CBI_WORK_BURNOUT.questions, '3'), 'q.nqps1': '5' });
    expect(!r.ok && r.problems.map((p) => p.message).join()).toMatch(/not in this survey/);
  });

  it('requires every required question and lets optional free text be blank', () => {
    expect(checkAnswers(INTENTION_TO_STAY.questions, { 'q.its1': '2' })).toMatchObject({
      ok: false,
      problems: [{ questionId: 'its2' }],
    });
    expect(checkAnswers(INTENTION_TO_STAY.questions, { 'q.its1': '2', 'q.its2': '4', 'q.its3': '  ' })).toEqual({
      ok: true,
      answers: { its1: '2', its2: '4' },
    });
  });

  it('caps free text at 1,000 characters', () => {
    const r = checkAnswers(INTENTION_TO_STAY.questions, { 'q.its1': '2', 'q.its2': '4', 'q.its3': 'x'.repeat(1001) });
    expect(!r.ok && r.problems[0]?.message).toMatch(/under 1000 characters/);
  });

  it('ships the five templates with unique, stable question ids and CBI item 7 reversed', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([
      'nqps-engagement',
      'cbi-work-burnout',
      'belonging-voice',
      'intention-to-stay',
      'new-starter',
    ]);
    const ids = TEMPLATES.flatMap((t) => t.questions.map((q) => q.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(NQPS_ENGAGEMENT.questions.map((q) => q.theme)).toEqual([
      'motivation',
      'motivation',
      'motivation',
      'involvement',
      'involvement',
      'involvement',
      'advocacy',
      'advocacy',
      'advocacy',
    ]);
    expect(CBI_WORK_BURNOUT.questions.filter((q) => q.reverse).map((q) => q.id)).toEqual(['cbi7']);
  });
});
