import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import { CADENCE_LABELS, CADENCES, DEFAULT_SETTINGS, type Survey } from './survey';
import type { ShownProgress, SurveySummary, TeamChoice } from './survey-admin';
import { CUSTOM_KINDS, type FormProblem } from './survey-form';
import { SURVEY_VERBS } from './survey.cards';
import { TEMPLATES } from './templates';

/** Card action verbs for survey admins, shared by the cards and the routes. */
export const SURVEY_ADMIN_VERBS = {
  list: 'surveys.list',
  new: 'surveys.new',
  create: 'surveys.create',
  question: 'surveys.question',
  saveQuestion: 'surveys.question.save',
  preview: 'surveys.preview',
  launch: 'surveys.launch',
  schedule: 'surveys.schedule',
  pause: 'surveys.pause',
  resume: 'surveys.resume',
  close: 'surveys.close',
} as const;

const STATUS_LABELS: Readonly<Record<Survey['status'], string>> = { draft: 'Draft (not launched)', active: 'Running', paused: 'Paused', ended: 'Ended' };

/** A status line at the top of an admin card: what just happened, or what went wrong. */
export interface AdminStatus {
  readonly text: string;
  readonly ok: boolean;
}

/** `surveys` for admins: every survey with its status, schedule and the latest wave's live figures. */
export function surveysCard(summaries: readonly SurveySummary[], timeZone: string, status?: AdminStatus): CardJson {
  const body: unknown[] = [{ type: 'TextBlock', text: 'Surveys', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' }];
  if (status) body.push(statusBlock(status));
  if (summaries.length === 0) body.push({ type: 'TextBlock', text: 'No surveys yet. Create one from an NHS template to get started.', wrap: true });
  for (const { survey, latest } of summaries) {
    const facts = [
      { title: 'Status', value: STATUS_LABELS[survey.status] },
      { title: 'Runs', value: `${CADENCE_LABELS[survey.cadence]}, open ${survey.windowDays} days, at ${survey.sendTime}` },
      { title: 'Audience', value: survey.audience.kind === 'everyone' ? 'Everyone reachable' : survey.audience.kind === 'teams' ? `${survey.audience.teamIds.length} chosen team(s)` : 'New starters (30, 60, 90 days)' },
      { title: 'Questions', value: String(survey.questions.length) },
    ];
    if (survey.nextOpenAt && survey.status === 'active') facts.push({ title: 'Next wave', value: describeTime(survey.nextOpenAt, timeZone) });
    const notes: unknown[] = [];
    if (latest) {
      const { wave, progress: p } = latest;
      // A wave closed early ("Close wave now") closed at `closedAt`, not at its planned `closesAt`.
      facts.push({ title: `Wave ${wave.number}`, value: wave.status === 'open' ? `open until ${describeTime(wave.closesAt, timeZone)}` : `closed ${describeTime(wave.closedAt ?? wave.closesAt, timeZone)}` });
      facts.push({ title: 'Progress', value: `sent ${p.sent} of ${p.recipients}${p.pending ? ` (${p.pending} on the way)` : ''}${p.unreachable ? `, ${p.unreachable} unreachable` : ''}; ${answeredText(p)}${p.declined !== undefined ? `; ${p.declined} said not this time` : ''}` });
      notes.push({ type: 'TextBlock', text: countingNote(p.step), wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' });
    }
    const ref = { survey: survey.id };
    const open = latest?.wave.status === 'open';
    const actions = [
      executeAction('Preview', SURVEY_ADMIN_VERBS.preview, ref),
      ...(survey.status === 'draft' ? [executeAction('Add question', SURVEY_ADMIN_VERBS.question, ref), executeAction('Schedule', SURVEY_ADMIN_VERBS.schedule, ref)] : []),
      ...((survey.status === 'draft' || survey.status === 'active') && !open ? [executeAction('Launch now', SURVEY_ADMIN_VERBS.launch, ref, 'positive')] : []),
      ...(survey.status === 'active' ? [executeAction('Pause', SURVEY_ADMIN_VERBS.pause, ref)] : []),
      ...(survey.status === 'paused' ? [executeAction('Resume', SURVEY_ADMIN_VERBS.resume, ref)] : []),
      ...(open ? [executeAction('Close wave now', SURVEY_ADMIN_VERBS.close, ref, 'destructive')] : []),
    ];
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items: [{ type: 'TextBlock', text: survey.name, weight: 'Bolder', wrap: true }, { type: 'FactSet', facts }, ...notes, { type: 'ActionSet', actions }] });
  }
  return card(body, [executeAction('New survey', SURVEY_ADMIN_VERBS.new, {}, 'positive'), executeAction('My surveys', SURVEY_VERBS.mine), executeAction('Refresh', SURVEY_ADMIN_VERBS.list)]);
}

/** "answered fewer than 10", or "answered 20 (67%)" counted down to a multiple of k. */
function answeredText(p: ShownProgress): string {
  if (p.answered === undefined) return `answered: fewer than ${p.step}`;
  return `answered ${p.answered} (${p.recipients > 0 ? Math.round((100 * p.answered) / p.recipients) : 0}%)`;
}

const countingNote = (step: number) =>
  `Answers and "not this time" are counted down to a multiple of ${step}, and shown only from ${step}, so that nobody can tell who has just answered.`;

/** The create-survey form. `values` puts back what the admin entered when the form returns with problems. */
export function newSurveyCard(teams: readonly TeamChoice[], values: Readonly<Record<string, unknown>> = {}, problems: readonly FormProblem[] = []): CardJson {
  const v = (field: string, fallback: string) => (typeof values[field] === 'string' ? (values[field] as string) : fallback);
  const body: unknown[] = [
    { type: 'TextBlock', text: 'New survey', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: 'Start from an NHS template. You can preview the card before anything is sent.', wrap: true, isSubtle: true },
  ];
  if (problems.length > 0) body.push(statusBlock({ text: problems.map((p) => p.message).join('\n\n'), ok: false }));
  const templateChoices = [...TEMPLATES.map((t) => ({ title: `${t.name}: ${t.summary}`, value: t.id })), { title: 'Start from scratch: add your own questions', value: 'custom' }];
  body.push(
    { type: 'Input.ChoiceSet', id: 'template', label: 'Template', isRequired: true, errorMessage: 'Choose a template.', wrap: true, style: 'expanded', value: v('template', TEMPLATES[0]!.id), choices: templateChoices },
    { type: 'Input.Text', id: 'name', label: 'Name staff will see', isRequired: true, errorMessage: 'Give the survey a name.', maxLength: 80, value: v('name', '') },
    { type: 'Input.ChoiceSet', id: 'cadence', label: 'How often', isRequired: true, errorMessage: 'Choose how often.', style: 'compact', value: v('cadence', 'once'), choices: CADENCES.map((c) => ({ title: CADENCE_LABELS[c], value: c })) },
    { type: 'Input.Number', id: 'windowDays', label: 'Days each wave stays open', min: 1, max: 28, value: Number(v('windowDays', String(DEFAULT_SETTINGS.windowDays))) },
    { type: 'Input.Time', id: 'sendTime', label: 'Send at (UK time, working hours 08:00 to 18:00, weekdays)', min: '08:00', max: '18:00', value: v('sendTime', DEFAULT_SETTINGS.sendTime) },
    { type: 'Input.Toggle', wrap: true, id: 'remind', title: 'Remind people who have not answered, once', value: v('remind', 'true'), valueOn: 'true', valueOff: 'false' },
    { type: 'Input.Number', id: 'reminderDays', label: 'Days after opening to remind', min: 1, max: 27, value: Number(v('reminderDays', String(DEFAULT_SETTINGS.reminderDays))) },
    {
      type: 'Input.ChoiceSet',
      id: 'audience',
      label: 'Who it goes to',
      style: 'expanded',
      wrap: true,
      value: v('audience', 'everyone'),
      choices: [
        { title: 'Everyone who can be reached (personal installs and members of teams with Staff Voice)', value: 'everyone' },
        { title: 'Members of the teams chosen below', value: 'teams' },
        { title: 'New starters, at about 30, 60 and 90 days (weekly)', value: 'new-starters' },
      ],
    },
  );
  if (teams.length > 0) body.push({ type: 'Input.ChoiceSet', id: 'teams', label: 'Teams (for "members of the teams chosen")', isMultiSelect: true, style: 'compact', value: v('teams', ''), choices: teams.map((t) => ({ title: t.name, value: t.teamId })) });
  body.push(
    { type: 'Input.Toggle', wrap: true, id: 'aboutYou', title: 'Ask the optional "about you" questions (staff group, directorate)', value: v('aboutYou', 'false'), valueOn: 'true', valueOff: 'false' },
    { type: 'Input.Toggle', wrap: true, id: 'digestComments', title: 'Let leadership digests quote free-text comments (only when at least 10 people commented, with names and numbers removed)', value: v('digestComments', 'true'), valueOn: 'true', valueOff: 'false' },
    { type: 'Input.Text', id: 'directorates', label: 'Directorates to offer in "about you" (one per line; leave empty to ask only the staff group)', isMultiline: true, value: v('directorates', '') },
  );
  return card(body, [executeAction('Create survey', SURVEY_ADMIN_VERBS.create, {}, 'positive'), executeAction('Cancel', SURVEY_ADMIN_VERBS.list)]);
}

/** Add a custom question to a draft survey. */
export function questionCard(survey: Pick<Survey, 'id' | 'name' | 'questions'>, values: Readonly<Record<string, unknown>> = {}, problems: readonly FormProblem[] = []): CardJson {
  const v = (field: string, fallback: string) => (typeof values[field] === 'string' ? (values[field] as string) : fallback);
  const body: unknown[] = [
    { type: 'TextBlock', text: `Add a question to "${survey.name}"`, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: `It has ${survey.questions.length} question(s). Questions are fixed once the survey is launched, so waves can be compared.`, wrap: true, isSubtle: true },
  ];
  if (problems.length > 0) body.push(statusBlock({ text: problems.map((p) => p.message).join('\n\n'), ok: false }));
  body.push(
    { type: 'Input.Text', id: 'text', label: 'Question', isRequired: true, errorMessage: 'Write the question.', maxLength: 300, value: v('text', '') },
    { type: 'Input.ChoiceSet', id: 'kind', label: 'Answer', isRequired: true, errorMessage: 'Choose the kind of answer.', wrap: true, style: 'expanded', value: v('kind', 'likert'), choices: Object.entries(CUSTOM_KINDS).map(([value, title]) => ({ title, value })) },
    { type: 'Input.Text', id: 'options', label: 'Choices (single choice only; one per line)', isMultiline: true, value: v('options', '') },
    { type: 'Input.Toggle', wrap: true, id: 'required', title: 'Answer required (free text is always optional)', value: v('required', 'true'), valueOn: 'true', valueOff: 'false' },
    {
      type: 'Input.Toggle',
      wrap: true,
      id: 'describes',
      title: 'This question describes the person (for example their ward, team or band): single choice only. It is then optional with "Prefer not to say", used only to break results down for groups of at least the minimum size, and never reported as percentages.',
      value: v('describes', 'false'),
      valueOn: 'true',
      valueOff: 'false',
    },
  );
  return card(body, [executeAction('Add question', SURVEY_ADMIN_VERBS.saveQuestion, { survey: survey.id }, 'positive'), executeAction('Back to surveys', SURVEY_ADMIN_VERBS.list)]);
}

function statusBlock(status: AdminStatus): Record<string, unknown> {
  return { type: 'Container', style: status.ok ? 'good' : 'attention', items: [{ type: 'TextBlock', text: status.text, wrap: true, weight: 'Bolder', color: status.ok ? 'Good' : 'Attention' }] };
}

/** For someone without the admin role. */
export function adminOnlyCard(): CardJson {
  return card(
    [
      { type: 'TextBlock', text: 'Only survey admins can do that', weight: 'Bolder', wrap: true, color: 'Attention' },
      { type: 'TextBlock', text: 'Nothing has changed. Type "surveys" to see the surveys open for you.', wrap: true },
    ],
    [commandAction('Help', 'help')],
  );
}
