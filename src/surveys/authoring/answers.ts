import { z } from 'zod';
import { NOT_SAID, STAFF_GROUPS } from '../../shared/staff-groups';
import { allowedValues, describesPerson, type Question } from './questions';

/** Card inputs carry answers as `q.<question id>` and "about you" as `about.<field>`; the rest is routing data. */
export const ANSWER_PREFIX = 'q.';
export const ABOUT_PREFIX = 'about.';

/** Self-declared "about you" answers; absent when not asked or "prefer not to say". */
export interface AboutYou {
  staffGroup?: string;
  directorate?: string;
}

/**
 * Checks the optional "about you" answers against what the survey offers. Anything else (a made-up group, a field
 * the survey does not ask) is refused rather than stored, since these are the only demographics kept.
 */
export function checkAbout(
  payload: Record<string, unknown>,
  offered: { aboutYou: boolean; directorates: readonly string[] },
): { ok: true; about: AboutYou } | { ok: false; message: string } {
  const about: AboutYou = {};
  const allowed: Record<string, readonly string[]> = offered.aboutYou
    ? { staffGroup: STAFF_GROUPS, directorate: offered.directorates }
    : {};
  for (const [field, raw] of Object.entries(payload)) {
    if (!field.startsWith(ABOUT_PREFIX)) continue;
    const name = field.slice(ABOUT_PREFIX.length);
    const options = allowed[name];
    if (!options)
      return { ok: false, message: 'This card asks something this survey does not. Please use the latest card.' };
    if (raw === NOT_SAID || raw === '' || raw === undefined) continue;
    if (typeof raw !== 'string' || !options.includes(raw))
      return {
        ok: false,
        message: 'Please choose one of the options listed under "About you", or "Prefer not to say".',
      };
    about[name as keyof AboutYou] = raw;
  }
  return { ok: true, about };
}

/** Validated answers: question id → the value as the card sent it ('1'..'5', '0'..'10', a choice index, or text). */
export type Answers = Readonly<Record<string, string>>;

export type AnswerCheck =
  { ok: true; answers: Answers } | { ok: false; problems: { questionId?: string; message: string }[] };

/**
 * Checks a submitted card against the questions of the wave, on the server: every answer must belong to one of
 * these questions and be a value its scale allows; required questions must be answered; free text has a cap.
 * Blank optional answers are dropped, and so is "Prefer not to say" to a question that describes the person (stored
 * as nothing, like "about you"). Nothing about the card's own rendering is trusted.
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
      problems.push({
        message: 'This card has an answer to a question that is not in this survey. Please use the latest card.',
      });
      continue;
    }
    if (raw === NOT_SAID && describesPerson(question)) continue;
    const parsed = valueSchema(question).safeParse(raw);
    if (!parsed.success)
      problems.push({ questionId: id, message: parsed.error.issues[0]?.message ?? 'That answer is not allowed.' });
    else if (parsed.data !== '') answers[id] = parsed.data;
  }
  for (const q of questions) {
    if (
      q.required &&
      !describesPerson(q) &&
      answers[q.id] === undefined &&
      !problems.some((p) => p.questionId === q.id)
    ) {
      problems.push({ questionId: q.id, message: `Please answer: ${q.text}` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}

// Built once per question object: answering is the busiest path, and a launched survey's questions never change.
const schemas = new WeakMap<Question, z.ZodType<string, z.ZodTypeDef, unknown>>();

function valueSchema(q: Question): z.ZodType<string, z.ZodTypeDef, unknown> {
  let schema = schemas.get(q);
  if (!schema) schemas.set(q, (schema = buildValueSchema(q)));
  return schema;
}

function buildValueSchema(q: Question): z.ZodType<string, z.ZodTypeDef, unknown> {
  const allowed = allowedValues(q.scale);
  const base = z.union([z.string(), z.number().transform(String)], {
    errorMap: () => ({ message: 'That answer is not one of the choices.' }),
  });
  if (allowed === 'text') {
    const max = q.scale.kind === 'text' ? q.scale.maxLength : 1000;
    return base
      .transform((s) => s.trim())
      .pipe(z.string().max(max, `Please keep this answer under ${max} characters.`));
  }
  return base
    .transform((s) => s.trim())
    .pipe(
      z.string().refine((s) => s === '' || allowed.includes(s), {
        message: `"${q.text}" only takes one of the choices shown.`,
      }),
    );
}
