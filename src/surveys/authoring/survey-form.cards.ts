import { card, type CardJson, executeAction } from '../../platform/cards';
import { CADENCE_LABELS, CADENCES, DEFAULT_SETTINGS, type Survey } from './survey';
import type { TeamChoice } from './survey-admin';
import { statusBlock, SURVEY_ADMIN_VERBS } from './survey-admin.cards';
import { CUSTOM_KINDS, type FormProblem } from './survey-form';
import { TEMPLATES } from './templates';

/** What the admin entered in a field, put back when the form returns with problems; otherwise the fallback. */
type Entered = (field: string, fallback: string) => string;

const enteredIn =
  (values: Readonly<Record<string, unknown>>): Entered =>
  (field, fallback) =>
    typeof values[field] === 'string' ? (values[field] as string) : fallback;

/** The create-survey form. `values` puts back what the admin entered when the form returns with problems. */
export function newSurveyCard(
  teams: readonly TeamChoice[],
  values: Readonly<Record<string, unknown>> = {},
  problems: readonly FormProblem[] = [],
): CardJson {
  const v = enteredIn(values);
  const body: unknown[] = [
    { type: 'TextBlock', text: 'New survey', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    {
      type: 'TextBlock',
      text: 'Start from an NHS template. You can preview the card before anything is sent.',
      wrap: true,
      isSubtle: true,
    },
  ];
  if (problems.length > 0) body.push(problemsBlock(problems));
  body.push(...templateInputs(v), ...timingInputs(v), ...audienceInputs(v, teams), ...aboutYouInputs(v));
  return card(body, [
    executeAction('Create survey', SURVEY_ADMIN_VERBS.create, {}, 'positive'),
    executeAction('Cancel', SURVEY_ADMIN_VERBS.list),
  ]);
}

/** Every problem at once, at the top of the form. */
function problemsBlock(problems: readonly FormProblem[]): Record<string, unknown> {
  return statusBlock({ text: problems.map((p) => p.message).join('\n\n'), ok: false });
}

/** Which NHS template (or none) and the name staff will see. */
function templateInputs(v: Entered): unknown[] {
  const templateChoices = [
    ...TEMPLATES.map((t) => ({ title: `${t.name}: ${t.summary}`, value: t.id })),
    { title: 'Start from scratch: add your own questions', value: 'custom' },
  ];
  return [
    {
      type: 'Input.ChoiceSet',
      id: 'template',
      label: 'Template',
      isRequired: true,
      errorMessage: 'Choose a template.',
      wrap: true,
      style: 'expanded',
      value: v('template', TEMPLATES[0]!.id),
      choices: templateChoices,
    },
    {
      type: 'Input.Text',
      id: 'name',
      label: 'Name staff will see',
      isRequired: true,
      errorMessage: 'Give the survey a name.',
      maxLength: 80,
      value: v('name', ''),
    },
  ];
}

/** How often waves run, how long each stays open, when it is sent and when the reminder goes. */
function timingInputs(v: Entered): unknown[] {
  return [
    {
      type: 'Input.ChoiceSet',
      id: 'cadence',
      label: 'How often',
      isRequired: true,
      errorMessage: 'Choose how often.',
      style: 'compact',
      value: v('cadence', 'once'),
      choices: CADENCES.map((c) => ({ title: CADENCE_LABELS[c], value: c })),
    },
    {
      type: 'Input.Number',
      id: 'windowDays',
      label: 'Days each wave stays open',
      min: 1,
      max: 28,
      value: Number(v('windowDays', String(DEFAULT_SETTINGS.windowDays))),
    },
    {
      type: 'Input.Time',
      id: 'sendTime',
      label: 'Send at (UK time, working hours 08:00 to 18:00, weekdays)',
      min: '08:00',
      max: '18:00',
      value: v('sendTime', DEFAULT_SETTINGS.sendTime),
    },
    {
      type: 'Input.Toggle',
      wrap: true,
      id: 'remind',
      title: 'Remind people who have not answered, once',
      value: v('remind', 'true'),
      valueOn: 'true',
      valueOff: 'false',
    },
    {
      type: 'Input.Number',
      id: 'reminderDays',
      label: 'Days after opening to remind',
      min: 1,
      max: 27,
      value: Number(v('reminderDays', String(DEFAULT_SETTINGS.reminderDays))),
    },
  ];
}

/** Who the survey goes to; the team picker only when some team has Staff Voice installed. */
function audienceInputs(v: Entered, teams: readonly TeamChoice[]): unknown[] {
  const inputs: unknown[] = [
    {
      type: 'Input.ChoiceSet',
      id: 'audience',
      label: 'Who it goes to',
      style: 'expanded',
      wrap: true,
      value: v('audience', 'everyone'),
      choices: [
        {
          title: 'Everyone who can be reached (personal installs and members of teams with Staff Voice)',
          value: 'everyone',
        },
        { title: 'Members of the teams chosen below', value: 'teams' },
        { title: 'New starters, at about 30, 60 and 90 days (weekly)', value: 'new-starters' },
      ],
    },
  ];
  if (teams.length > 0)
    inputs.push({
      type: 'Input.ChoiceSet',
      id: 'teams',
      label: 'Teams (for "members of the teams chosen")',
      isMultiSelect: true,
      style: 'compact',
      value: v('teams', ''),
      choices: teams.map((t) => ({ title: t.name, value: t.teamId })),
    });
  return inputs;
}

/** The optional "about you" questions, and whether digests may quote comments: what the survey keeps about people. */
function aboutYouInputs(v: Entered): unknown[] {
  return [
    {
      type: 'Input.Toggle',
      wrap: true,
      id: 'aboutYou',
      title: 'Ask the optional "about you" questions (staff group, directorate)',
      value: v('aboutYou', 'false'),
      valueOn: 'true',
      valueOff: 'false',
    },
    {
      type: 'Input.Toggle',
      wrap: true,
      id: 'digestComments',
      title:
        'Let leadership digests quote free-text comments (only when at least 10 people commented, with names and numbers removed)',
      value: v('digestComments', 'true'),
      valueOn: 'true',
      valueOff: 'false',
    },
    {
      type: 'Input.Text',
      id: 'directorates',
      label: 'Directorates to offer in "about you" (one per line; leave empty to ask only the staff group)',
      isMultiline: true,
      value: v('directorates', ''),
    },
  ];
}

/** Add a custom question to a draft survey. */
export function questionCard(
  survey: Pick<Survey, 'id' | 'name' | 'questions'>,
  values: Readonly<Record<string, unknown>> = {},
  problems: readonly FormProblem[] = [],
): CardJson {
  const v = enteredIn(values);
  const body: unknown[] = [
    { type: 'TextBlock', text: `Add a question to "${survey.name}"`, weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      text: `It has ${survey.questions.length} question(s). Questions are fixed once the survey is launched, so waves can be compared.`,
      wrap: true,
      isSubtle: true,
    },
  ];
  if (problems.length > 0) body.push(problemsBlock(problems));
  body.push(
    {
      type: 'Input.Text',
      id: 'text',
      label: 'Question',
      isRequired: true,
      errorMessage: 'Write the question.',
      maxLength: 300,
      value: v('text', ''),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'kind',
      label: 'Answer',
      isRequired: true,
      errorMessage: 'Choose the kind of answer.',
      wrap: true,
      style: 'expanded',
      value: v('kind', 'likert'),
      choices: Object.entries(CUSTOM_KINDS).map(([value, title]) => ({ title, value })),
    },
    {
      type: 'Input.Text',
      id: 'options',
      label: 'Choices (single choice only; one per line)',
      isMultiline: true,
      value: v('options', ''),
    },
    {
      type: 'Input.Toggle',
      wrap: true,
      id: 'required',
      title: 'Answer required (free text is always optional)',
      value: v('required', 'true'),
      valueOn: 'true',
      valueOff: 'false',
    },
    {
      type: 'Input.Toggle',
      wrap: true,
      id: 'describes',
      title:
        'This question describes the person (for example their ward, team or band): single choice only. It is then optional with "Prefer not to say", used only to break results down for groups of at least the minimum size, and never reported as percentages.',
      value: v('describes', 'false'),
      valueOn: 'true',
      valueOff: 'false',
    },
  );
  return card(body, [
    executeAction('Add question', SURVEY_ADMIN_VERBS.saveQuestion, { survey: survey.id }, 'positive'),
    executeAction('Back to surveys', SURVEY_ADMIN_VERBS.list),
  ]);
}
