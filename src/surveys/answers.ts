import { z } from 'zod';
import { allowedValues, type Question } from './questions';

/** Card inputs carry answers as `q.<question id>`; everything else in the payload is routing data. */
export const ANSWER_PREFIX = 'q.';

/** Validated answers: question id → the value as the card sent it ('1'..'5', '0'..'10', a choice index, or text). */
export type Answers = Readonly<Record<string, string>>;

export type AnswerCheck = { ok: true; answers: Answers } | { ok: false; problems: { questionId?: string; message: string }[] };

/**
 * Checks a submitted card against the questions of the wave, on the server: every answer must belong to one of
 * these questions and be a value its scale allows; required questions must be answered; free text has a cap.
 * Blank optional answers are dropped. Nothing about the card's own rendering is trusted.
 */
export function checkAnswers(questions: readonly Question[], payload: Record<string, unknown>): AnswerCheck {
  const problems: { questionId?: string; message: string }[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answers: Record<string, string> = {};

  for (const [field, raw] of Object.entries(payload)) {
    if (!field.startsWith(ANSWER_PREFIX)) continue;
    const id = field.slice(ANSWER_PREFIX.length);
    const question = byId.get(id);
    if (!question) {
      problems.push({ message: 'This card has an answer to a question that is not in this survey. Please use the latest card.' });
      continue;
    }
    const parsed = valueSchema(question).safeParse(raw);
    if (!parsed.success) problems.push({ questionId: id, message: parsed.error.issues[0]?.message ?? 'That answer is not allowed.' });
    else if (parsed.data !== '') answers[id] = parsed.data;
  }
  for (const q of questions) {
    if (q.required && answers[q.id] === undefined && !problems.some((p) => p.questionId === q.id)) {
      problems.push({ questionId: q.id, message: `Please answer: ${q.text}` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}

function valueSchema(q: Question): z.ZodType<string, z.ZodTypeDef, unknown> {
  const allowed = allowedValues(q.scale);
  const base = z.union([z.string(), z.number().transform(String)], { errorMap: () => ({ message: 'That answer is not one of the choices.' }) });
  if (allowed === 'text') {
    const max = q.scale.kind === 'text' ? q.scale.maxLength : 1000;
    return base.transform((s) => s.trim()).pipe(z.string().max(max, `Please keep this answer under ${max} characters.`));
  }
  return base
    .transform((s) => s.trim())
    .pipe(z.string().refine((s) => s === '' || allowed.includes(s), { message: `"${q.text}" only takes one of the choices shown.` }));
}
