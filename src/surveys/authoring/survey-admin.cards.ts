import { describeTime } from '../../platform/calendar/local-time';
import { card, type CardJson, commandAction, executeAction } from '../../platform/cards';
import { CADENCE_LABELS, type Survey } from './survey';
import type { ShownProgress, SurveySummary } from './survey-admin';
import { SURVEY_VERBS } from './survey.cards';

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

const STATUS_LABELS: Readonly<Record<Survey['status'], string>> = {
  draft: 'Draft (not launched)',
  active: 'Running',
  paused: 'Paused',
  ended: 'Ended',
};

/** A status line at the top of an admin card: what just happened, or what went wrong. */
export interface AdminStatus {
  readonly text: string;
  readonly ok: boolean;
}

/** `surveys` for admins: every survey with its status, schedule and the latest wave's live figures. */
export function surveysCard(summaries: readonly SurveySummary[], timeZone: string, status?: AdminStatus): CardJson {
  const body: unknown[] = [
    { type: 'TextBlock', text: 'Surveys', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
  ];
  if (status) body.push(statusBlock(status));
  if (summaries.length === 0)
    body.push({
      type: 'TextBlock',
      text: 'No surveys yet. Create one from an NHS template to get started.',
      wrap: true,
    });
  for (const summary of summaries) body.push(surveyBlock(summary, timeZone));
  return card(body, [
    executeAction('New survey', SURVEY_ADMIN_VERBS.new, {}, 'positive'),
    executeAction('My surveys', SURVEY_VERBS.mine),
    executeAction('Refresh', SURVEY_ADMIN_VERBS.list),
  ]);
}

/** One survey on the admin card: its facts, the counting note for its latest wave, and what can be done with it now. */
function surveyBlock({ survey, latest }: SurveySummary, timeZone: string): Record<string, unknown> {
  const facts = [
    { title: 'Status', value: STATUS_LABELS[survey.status] },
    {
      title: 'Runs',
      value: `${CADENCE_LABELS[survey.cadence]}, open ${survey.windowDays} days, at ${survey.sendTime}`,
    },
    {
      title: 'Audience',
      value:
        survey.audience.kind === 'everyone'
          ? 'Everyone reachable'
          : survey.audience.kind === 'teams'
            ? `${survey.audience.teamIds.length} chosen team(s)`
            : 'New starters (30, 60, 90 days)',
    },
    { title: 'Questions', value: String(survey.questions.length) },
  ];
  if (survey.nextOpenAt && survey.status === 'active')
    facts.push({ title: 'Next wave', value: describeTime(survey.nextOpenAt, timeZone) });
  const notes: unknown[] = [];
  if (latest) {
    const { wave, progress: p } = latest;
    // A wave closed early ("Close wave now") closed at `closedAt`, not at its planned `closesAt`.
    facts.push({
      title: `Wave ${wave.number}`,
      value:
        wave.status === 'open'
          ? `open until ${describeTime(wave.closesAt, timeZone)}`
          : `closed ${describeTime(wave.closedAt ?? wave.closesAt, timeZone)}`,
    });
    facts.push({
      title: 'Progress',
      value: `sent ${p.sent} of ${p.recipients}${p.pending ? ` (${p.pending} on the way)` : ''}${p.unreachable ? `, ${p.unreachable} unreachable` : ''}; ${answeredText(p)}${p.declined !== undefined ? `; ${p.declined} said not this time` : ''}`,
    });
    notes.push({
      type: 'TextBlock',
      text: countingNote(p.step),
      wrap: true,
      isSubtle: true,
      size: 'Small',
      spacing: 'Small',
    });
  }
  const actions = surveyActions(survey, latest?.wave.status === 'open');
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: survey.name, weight: 'Bolder', wrap: true },
      { type: 'FactSet', facts },
      ...notes,
      { type: 'ActionSet', actions },
    ],
  };
}

/** What an admin can do with a survey in its status: add questions to a draft, launch, pause, resume, close a wave. */
function surveyActions(survey: Survey, open: boolean): unknown[] {
  const ref = { survey: survey.id };
  return [
    executeAction('Preview', SURVEY_ADMIN_VERBS.preview, ref),
    ...(survey.status === 'draft'
      ? [
          executeAction('Add question', SURVEY_ADMIN_VERBS.question, ref),
          executeAction('Schedule', SURVEY_ADMIN_VERBS.schedule, ref),
        ]
      : []),
    ...((survey.status === 'draft' || survey.status === 'active') && !open
      ? [executeAction('Launch now', SURVEY_ADMIN_VERBS.launch, ref, 'positive')]
      : []),
    ...(survey.status === 'active' ? [executeAction('Pause', SURVEY_ADMIN_VERBS.pause, ref)] : []),
    ...(survey.status === 'paused' ? [executeAction('Resume', SURVEY_ADMIN_VERBS.resume, ref)] : []),
    ...(open ? [executeAction('Close wave now', SURVEY_ADMIN_VERBS.close, ref, 'destructive')] : []),
  ];
}

/** "answered fewer than 10", or "answered 20 (67%)" counted down to a multiple of k. */
function answeredText(p: ShownProgress): string {
  if (p.answered === undefined) return `answered: fewer than ${p.step}`;
  return `answered ${p.answered} (${p.recipients > 0 ? Math.round((100 * p.answered) / p.recipients) : 0}%)`;
}

const countingNote = (step: number) =>
  `Answers and "not this time" are counted down to a multiple of ${step}, and shown only from ${step}, so that nobody can tell who has just answered.`;

/** A coloured status line: green for what just happened, red for what went wrong. */
export function statusBlock(status: AdminStatus): Record<string, unknown> {
  return {
    type: 'Container',
    style: status.ok ? 'good' : 'attention',
    items: [
      { type: 'TextBlock', text: status.text, wrap: true, weight: 'Bolder', color: status.ok ? 'Good' : 'Attention' },
    ],
  };
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
