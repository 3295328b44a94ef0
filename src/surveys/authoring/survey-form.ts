import { z } from 'zod';
import { MAX_FREE_TEXT, type Question, type Scale } from './questions';
import {
  CADENCES,
  DEFAULT_SETTINGS,
  MAX_WINDOW_DAYS,
  WORKING_HOURS,
  type Audience,
  type SurveySettings,
} from './survey';
import { templateById, NEW_STARTER } from './templates';

/** A form problem, keyed by the input it is about, for the card to show beside it. */
export interface FormProblem {
  readonly field: string;
  readonly message: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; problems: FormProblem[] };

// Adaptive Card inputs arrive as strings (toggles as "true"/"false", multi-selects comma-separated); some clients
// send numbers for Input.Number. Everything is trimmed and checked here, never trusted from the card.
const text = z
  .union([z.string(), z.number().transform(String)])
  .optional()
  .transform((v) => (v ?? '').trim());
const toggle = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((v) => v === true || v === 'true');
const list = (separator: RegExp) =>
  text.transform((v) =>
    v
      .split(separator)
      .map((s) => s.trim())
      .filter(Boolean),
  );
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const settingsInput = z.object({
  template: text,
  name: text,
  cadence: text,
  windowDays: text,
  sendTime: text,
  remind: toggle,
  reminderDays: text,
  audience: text,
  teams: list(/,/),
  aboutYou: toggle,
  directorates: list(/[,\n]/),
  // Absent (older cards) means on: comments are shown only at the threshold and redacted either way.
  digestComments: z
    .union([z.string(), z.boolean()])
    .optional()
    .transform((v) => v === undefined || v === true || v === 'true'),
});
type SettingsInput = z.infer<typeof settingsInput>;

/** The create-survey form: the chosen template and the settings, or every problem found. */
export function parseSurveyForm(
  data: unknown,
  knownTeamIds: readonly string[],
): FormResult<{ templateId: string; settings: SurveySettings }> {
  const input = settingsInput.safeParse(data ?? {});
  if (!input.success)
    return {
      ok: false,
      problems: [{ field: 'form', message: 'This form could not be read. Please start again with "surveys".' }],
    };
  const f = input.data;
  const problems: FormProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  const template = f.template === 'custom' ? { id: 'custom' } : templateById(f.template);
  if (!template) problem('template', 'Choose a template from the list.');
  if (f.name.length < 3 || f.name.length > 80) problem('name', 'Give the survey a name of 3 to 80 characters.');
  const cadence = (CADENCES as readonly string[]).includes(f.cadence)
    ? (f.cadence as SurveySettings['cadence'])
    : undefined;
  if (!cadence) problem('cadence', 'Choose how often the survey runs.');
  const { windowDays, sendTime, reminderDays } = parseTiming(f, cadence, problem);
  const audience = parseAudience(f.audience, f.teams, knownTeamIds, problem);
  if (template?.id === NEW_STARTER.id && (audience?.kind !== 'new-starters' || cadence !== 'weekly')) {
    problem(
      'audience',
      'The new-starter check-in goes to new starters, weekly: choose "New starters" and "Every week".',
    );
  }
  if (audience?.kind === 'new-starters' && cadence !== 'weekly')
    problem(
      'cadence',
      'New-starter check-ins run every week, so each new starter is asked once at 30, 60 and 90 days.',
    );
  if (f.directorates.length > 30 || f.directorates.some((d) => d.length > 60))
    problem('directorates', 'List at most 30 directorates, each under 60 characters.');

  if (
    problems.length > 0 ||
    !template ||
    !cadence ||
    windowDays === undefined ||
    reminderDays === undefined ||
    !audience
  )
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      templateId: template.id,
      settings: {
        name: f.name,
        cadence,
        windowDays,
        sendTime,
        reminderDays,
        audience,
        aboutYou: f.aboutYou,
        directorates: f.aboutYou ? [...new Set(f.directorates)] : [],
        commentsInDigest: f.digestComments,
      },
    },
  };
}

/** How long a wave stays open, when it is sent and when the reminder goes; `undefined` where the input is unusable. */
function parseTiming(
  f: SettingsInput,
  cadence: SurveySettings['cadence'] | undefined,
  problem: (field: string, message: string) => void,
) {
  const windowDays = wholeNumber(f.windowDays, DEFAULT_SETTINGS.windowDays);
  if (windowDays === undefined || windowDays < 1 || windowDays > 28)
    problem('windowDays', 'A wave stays open for 1 to 28 days.');
  else if (cadence && windowDays > MAX_WINDOW_DAYS[cadence])
    problem(
      'windowDays',
      `A wave must close before the next one opens: at most ${MAX_WINDOW_DAYS[cadence]} days for this cadence.`,
    );
  const sendTime = f.sendTime === '' ? DEFAULT_SETTINGS.sendTime : f.sendTime.slice(0, 5);
  if (!TIME.test(sendTime) || sendTime < WORKING_HOURS.from || sendTime > WORKING_HOURS.to) {
    problem('sendTime', `Choose a send time in working hours, between ${WORKING_HOURS.from} and ${WORKING_HOURS.to}.`);
  }
  const reminderDays = f.remind ? wholeNumber(f.reminderDays, DEFAULT_SETTINGS.reminderDays) : null;
  if (
    f.remind &&
    (reminderDays === undefined ||
      reminderDays === null ||
      reminderDays < 1 ||
      (windowDays !== undefined && reminderDays >= windowDays))
  ) {
    problem('reminderDays', 'The reminder goes at least 1 day after opening and before the wave closes.');
  }
  return { windowDays, sendTime, reminderDays };
}

function parseAudience(
  kind: string,
  teams: string[],
  knownTeamIds: readonly string[],
  problem: (field: string, message: string) => void,
): Audience | undefined {
  switch (kind) {
    case 'everyone':
    case '':
      return { kind: 'everyone' };
    case 'new-starters':
      return { kind: 'new-starters' };
    case 'teams': {
      const unknown = teams.filter((t) => !knownTeamIds.includes(t));
      if (teams.length === 0 || unknown.length > 0) {
        problem(
          'teams',
          teams.length === 0
            ? 'Choose at least one team.'
            : 'One of the chosen teams no longer has Staff Voice installed. Choose from the list.',
        );
        return undefined;
      }
      return { kind: 'teams', teamIds: [...new Set(teams)] };
    }
    default:
      problem('audience', 'Choose who the survey goes to.');
      return undefined;
  }
}

function wholeNumber(value: string, fallback: number): number | undefined {
  if (value === '') return fallback;
  return /^\d{1,3}$/.test(value) ? Number(value) : undefined;
}

/** The kinds of question an admin can add. */
export const CUSTOM_KINDS = {
  likert: 'Agree / disagree (5 points)',
  'zero-to-ten': '0 to 10',
  choice: 'Single choice',
  text: 'Free text (optional, up to 1,000 characters)',
} as const;
export const MAX_QUESTIONS = 20;
/**
 * Questions that describe the person (ward, team, band) per survey, besides "about you". Each one is a breakdown, and
 * every attribute kept on a response narrows down who could have given it: two cover the usual ward and band.
 */
export const MAX_DESCRIBING = 2;
// Offered with every question about the person, so an admin's own version of it would be a second one.
const NOT_SAID_LIKE = /^(prefer not to say|not said|rather not say)$/i;

const questionInput = z.object({ text, kind: text, options: list(/\n|,/), required: toggle, describes: toggle });

/** The add-a-question form, for a survey that already has `existing` questions. */
export function parseQuestionForm(data: unknown, existing: readonly Question[]): FormResult<Question> {
  const input = questionInput.safeParse(data ?? {});
  if (!input.success)
    return { ok: false, problems: [{ field: 'form', message: 'This form could not be read. Please try again.' }] };
  const f = input.data;
  const problems: FormProblem[] = [];
  if (f.text.length < 5 || f.text.length > 300)
    problems.push({ field: 'text', message: 'Write the question in 5 to 300 characters.' });
  if (existing.length >= MAX_QUESTIONS)
    problems.push({
      field: 'form',
      message: `A survey has at most ${MAX_QUESTIONS} questions: short surveys get answered.`,
    });
  let scale: Scale | undefined;
  switch (f.kind) {
    case 'likert':
      scale = { kind: 'agreement' };
      break;
    case 'zero-to-ten':
      scale = { kind: 'zero-to-ten' };
      break;
    case 'text':
      scale = { kind: 'text', maxLength: MAX_FREE_TEXT };
      break;
    case 'choice':
      if (f.options.length < 2 || f.options.length > 10 || f.options.some((o) => o.length > 80)) {
        problems.push({ field: 'options', message: 'Give 2 to 10 choices, one per line, each under 80 characters.' });
      } else scale = { kind: 'choice', options: [...new Set(f.options)] };
      break;
    default:
      problems.push({ field: 'kind', message: 'Choose the kind of question.' });
  }
  if (f.describes) problems.push(...describingProblems(f.kind, scale, existing));
  if (problems.length > 0 || !scale) return { ok: false, problems };
  // Custom ids are x1, x2…: no template id has that shape, and an id is never reused within a survey.
  const next = existing.filter((q) => /^x\d+$/.test(q.id)).length + 1;
  // A question about the person is a breakdown, like "about you": always optional, with "Prefer not to say".
  if (f.describes)
    return { ok: true, value: { id: `x${next}`, text: f.text, scale, required: false, describesPerson: true } };
  // Free text is always optional: nobody should have to write something to be counted.
  return {
    ok: true,
    value: { id: `x${next}`, text: f.text, scale, required: scale.kind === 'text' ? false : f.required },
  };
}

/** What stops a question from describing the person: only single choice, no "Prefer not to say" of its own, two at most. */
function describingProblems(kind: string, scale: Scale | undefined, existing: readonly Question[]): FormProblem[] {
  if (kind !== 'choice')
    return [
      {
        field: 'describes',
        message:
          'Only a single-choice question can describe the person (their ward, team or band): list the choices, one per line.',
      },
    ];
  const problems: FormProblem[] = [];
  if (scale?.kind === 'choice' && scale.options.some((o) => NOT_SAID_LIKE.test(o))) {
    problems.push({
      field: 'options',
      message: 'Leave out "Prefer not to say": it is offered with every question about the person.',
    });
  }
  if (existing.filter((q) => q.describesPerson).length >= MAX_DESCRIBING) {
    problems.push({
      field: 'describes',
      message: `A survey can have at most ${MAX_DESCRIBING} questions that describe the person, besides "about you": each one more narrows down who gave an answer.`,
    });
  }
  return problems;
}
