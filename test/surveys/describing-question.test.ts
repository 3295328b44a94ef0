import { checkAnswers } from '../../src/surveys/authoring/answers';
import { NOT_SAID } from '../../src/shared/staff-groups';
import type { Question } from '../../src/surveys/authoring/questions';
import { MAX_DESCRIBING, parseQuestionForm } from '../../src/surveys/authoring/survey-form';

const ward = (id = 'x1'): Question => ({
  id,
  text: 'Your ward',
  scale: { kind: 'choice', options: ['Ward 7', 'Ward 8'] },
  required: false,
  describesPerson: true,
});

describe('a custom question that describes the person', () => {
  it('is added from the form as an optional single-choice question, flagged', () => {
    expect(
      parseQuestionForm(
        { text: 'Your ward', kind: 'choice', options: 'Ward 7\nWard 8', required: 'true', describes: 'true' },
        [],
      ),
    ).toEqual({
      ok: true,
      value: {
        id: 'x1',
        text: 'Your ward',
        scale: { kind: 'choice', options: ['Ward 7', 'Ward 8'] },
        required: false,
        describesPerson: true,
      },
    });
    // Without the toggle (or from an older card without it) nothing changes.
    expect(
      parseQuestionForm({ text: 'Which shift?', kind: 'choice', options: 'Days\nNights', required: 'true' }, []),
    ).toEqual({
      ok: true,
      value: { id: 'x1', text: 'Which shift?', scale: { kind: 'choice', options: ['Days', 'Nights'] }, required: true },
    });
  });

  it('must be single choice, without its own "prefer not to say", and at most two per survey', () => {
    const fields = (r: ReturnType<typeof parseQuestionForm>) => (r.ok ? [] : r.problems.map((p) => p.field));
    expect(fields(parseQuestionForm({ text: 'Your band', kind: 'zero-to-ten', describes: 'true' }, []))).toEqual([
      'describes',
    ]);
    expect(
      fields(
        parseQuestionForm(
          { text: 'Your band', kind: 'choice', options: 'Band 5\nBand 6\nPrefer not to say', describes: 'true' },
          [],
        ),
      ),
    ).toEqual(['options']);
    const two = Array.from({ length: MAX_DESCRIBING }, (_, i) => ward(`x${i + 1}`));
    expect(
      fields(parseQuestionForm({ text: 'Your team', kind: 'choice', options: 'Red\nBlue', describes: 'true' }, two)),
    ).toEqual(['describes']);
  });

  it('takes "prefer not to say" and stores nothing for it, like "about you"; never required', () => {
    expect(checkAnswers([ward()], { 'q.x1': NOT_SAID })).toEqual({ ok: true, answers: {} });
    expect(checkAnswers([ward()], { 'q.x1': '1' })).toEqual({ ok: true, answers: { x1: '1' } });
    expect(checkAnswers([{ ...ward(), required: true }], {})).toEqual({ ok: true, answers: {} });
    expect(checkAnswers([ward()], { 'q.x1': '2' }).ok).toBe(false);
    // Only a question about the person takes it.
    expect(checkAnswers([{ ...ward(), describesPerson: undefined }], { 'q.x1': NOT_SAID }).ok).toBe(false);
  });
});
