import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import { ACTION_STATUSES, describeMonth, LIMITS, STATUS_LABELS, type Action, type ActionTeam } from './action';
import { FEEDBACK_CHOICES, FEEDBACK_LABELS, type FeedbackTally } from './feedback';

/** Card action verbs for leaders' action cards, shared by the cards and the routes. */
export const ACTION_VERBS = {
  list: 'actions.list',
  form: 'actions.form',
  save: 'actions.save',
  publish: 'actions.publish',
} as const;

/**
 * A closed wave with results that actions can answer, and the actions recorded against its survey: the organisation's,
 * or (with `team`) one team's, on the latest wave whose results for the team are shown.
 */
export interface SurveyActions {
  readonly surveyId: string;
  readonly surveyName: string;
  readonly waveId: string;
  readonly waveNumber: number;
  readonly team?: ActionTeam;
  readonly actions: readonly Action[];
  /** Staff's answers to "did it make a difference?" by action id: undefined while fewer than k are written. */
  readonly tallies?: ReadonlyMap<string, FeedbackTally | undefined>;
  /** On the organisation's section, for executives: other teams with actions on the survey, and how many. */
  readonly otherTeams?: readonly { readonly team: ActionTeam; readonly count: number }[];
}

/** Where an action form points: the survey, the wave it answers, its team if any, and the action when editing one. */
export interface FormTarget {
  readonly surveyId: string;
  readonly surveyName: string;
  readonly waveId: string;
  readonly waveNumber: number;
  readonly team?: ActionTeam;
  readonly action?: Action;
}

export interface ActionsStatus {
  readonly text: string;
  readonly ok: boolean;
}

const banner = (s: ActionsStatus) => ({
  type: 'Container',
  style: s.ok ? 'good' : 'attention',
  items: [
    {
      type: 'TextBlock',
      text: s.text,
      wrap: true,
      weight: 'Bolder',
      color: s.ok ? 'Good' : 'Attention',
    },
  ],
});

const facts = (a: Action) => [
  { title: 'What we heard', value: a.heard },
  { title: 'What we will do', value: a.plan },
  { title: 'Owner', value: a.owner },
  { title: 'Target', value: describeMonth(a.targetMonth) },
  {
    title: 'Status',
    value: a.status === 'dropped' ? `Dropped: ${a.droppedReason ?? ''}` : STATUS_LABELS[a.status],
  },
];

/** `actions [survey]`: each survey's latest closed wave with its actions, and buttons to add, edit and publish. */
export function actionsCard(surveys: readonly SurveyActions[], status?: ActionsStatus): CardJson {
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: 'Actions: you said, we did',
      weight: 'Bolder',
      size: 'Large',
      wrap: true,
      style: 'heading',
    },
  ];
  if (status) body.push(banner(status));
  if (surveys.length === 0)
    body.push({
      type: 'TextBlock',
      text: 'No survey has a closed wave with results yet. Actions answer results, so they can be added once a wave has closed and its results are ready.',
      wrap: true,
    });
  for (const s of surveys) body.push(surveySection(s));
  body.push({
    type: 'TextBlock',
    text: 'Publishing sends a "You said, we did" card to everyone who was asked in that wave, whether they answered or not, and to the leadership channels, at the next weekday 09:00; a team\'s action goes only to the staff asked through that team. Marking a published action done sends one short update. Nobody gets more than one of these a day.',
    wrap: true,
    isSubtle: true,
    size: 'Small',
    spacing: 'Large',
  });
  return card(body, [commandAction('Results', 'results')]);
}

// How many other teams the organisation's section names before "and N more": the card stays small with 200 teams.
const OTHER_TEAMS_NAMED = 12;

/** One survey's section: the organisation's actions, or one team's, and the button to add one. */
function surveySection(s: SurveyActions): Record<string, unknown> {
  const count =
    s.actions.length === 0 ? 'No actions yet.' : `${s.actions.length} action${s.actions.length === 1 ? '' : 's'}.`;
  const items: unknown[] = [
    {
      type: 'TextBlock',
      text: s.team ? `${s.team.name}: ${s.surveyName}` : s.surveyName,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: `${s.team ? `${s.team.name}'s wave ${s.waveNumber} results are shown.` : `Wave ${s.waveNumber} results are ready.`} ${count}`,
      isSubtle: true,
      wrap: true,
      spacing: 'None',
    },
  ];
  for (const a of s.actions) items.push(...actionItems(a, s.tallies?.get(a.id)));
  if (s.otherTeams?.length) {
    const named = s.otherTeams.slice(0, OTHER_TEAMS_NAMED).map((t) => `${t.team.name} (${t.count})`);
    const more = s.otherTeams.length - named.length;
    items.push({
      type: 'TextBlock',
      text: `Team actions: ${named.join(', ')}${more > 0 ? ` and ${more} more team${more === 1 ? '' : 's'}` : ''}. Each team's leads record and publish them from their team's results.`,
      wrap: true,
      isSubtle: true,
      size: 'Small',
    });
  }
  const route = { survey: s.surveyId, wave: s.waveId, ...(s.team ? { team: s.team.id } : {}) };
  items.push({ type: 'ActionSet', actions: [executeAction('Add an action', ACTION_VERBS.form, route)] });
  return { type: 'Container', separator: true, spacing: 'Large', items };
}

/** One action on the leaders' card: its facts, whether staff were told and what they said, and its buttons. */
function actionItems(a: Action, tally: FeedbackTally | undefined): unknown[] {
  const told = { title: 'Staff told', value: a.publishedAt ? `Yes (wave ${a.waveNumber})` : 'Not yet' };
  const said = a.publishedAt ? [{ title: 'Made a difference?', value: describeTally(tally) }] : [];
  const buttons = [executeAction('Edit', ACTION_VERBS.form, { survey: a.surveyId, id: a.id })];
  if (!a.publishedAt && a.status !== 'dropped')
    buttons.push(executeAction('Publish to staff', ACTION_VERBS.publish, { survey: a.surveyId, id: a.id }, 'positive'));
  return [
    { type: 'FactSet', separator: true, facts: [...facts(a), told, ...said] },
    { type: 'ActionSet', actions: buttons },
  ];
}

/** Staff's answers as leaders see them: counts once enough are in, never how few. */
function describeTally(t: FeedbackTally | undefined): string {
  if (!t) return 'Not shown yet: too few answers so far (totals appear once enough staff have answered)';
  return `${FEEDBACK_CHOICES.map((c) => `${FEEDBACK_LABELS[c]} ${t.counts[c]}`).join(' · ')} (${t.answered} answers)`;
}

/** The form to record or edit an action. Values typed are kept when it comes back with problems. */
export function actionFormCard(
  target: FormTarget,
  values: Readonly<Record<string, string>> = {},
  problems: readonly string[] = [],
): CardJson {
  const a = target.action;
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: a ? 'Edit an action' : 'Add an action',
      weight: 'Bolder',
      size: 'Large',
      wrap: true,
      style: 'heading',
    },
    {
      type: 'TextBlock',
      text: target.team
        ? `${target.team.name}, ${target.surveyName}, wave ${target.waveNumber}. The staff asked through ${target.team.name} will read this: summarise what you heard in your own words. You may quote a published figure, but not a comment.`
        : `${target.surveyName}, wave ${target.waveNumber}. Staff who were asked will read this: summarise what you heard in your own words. You may quote a published figure, but not a comment.`,
      wrap: true,
      isSubtle: true,
    },
  ];
  if (problems.length > 0) body.push(banner({ text: problems.join('\n\n'), ok: false }));
  body.push(...formInputs((field, fallback) => values[field] ?? fallback ?? '', a));
  const team = target.team ? { team: target.team.id } : {};
  const route = { survey: target.surveyId, wave: target.waveId, ...team, ...(a ? { id: a.id } : {}) };
  return card(body, [
    {
      ...executeAction('Save', ACTION_VERBS.save, route, 'positive'),
      associatedInputs: 'auto',
    },
    {
      ...executeAction('Back to actions', ACTION_VERBS.list, team),
      associatedInputs: 'none',
    },
  ]);
}

/** The form's inputs, each showing what was typed (`value`), else the action's current value. */
function formInputs(value: (field: string, fallback?: string) => string, a: Action | undefined): unknown[] {
  return [
    {
      type: 'Input.Text',
      id: 'heard',
      label: 'What we heard',
      isRequired: true,
      maxLength: LIMITS.heard,
      placeholder: 'e.g. Only 41% feel there are enough staff on nights',
      value: value('heard', a?.heard),
      errorMessage: 'Please say what you heard.',
    },
    {
      type: 'Input.Text',
      id: 'plan',
      label: 'What we will do',
      isRequired: true,
      isMultiline: true,
      maxLength: LIMITS.plan,
      value: value('plan', a?.plan),
      errorMessage: 'Please say what you will do.',
    },
    {
      type: 'Input.Text',
      id: 'owner',
      label: 'Owner (a name or a team)',
      isRequired: true,
      maxLength: LIMITS.owner,
      value: value('owner', a?.owner),
      errorMessage: 'Please name an owner.',
    },
    {
      type: 'Input.Text',
      id: 'targetMonth',
      label: 'Target month (YYYY-MM)',
      isRequired: true,
      maxLength: 7,
      regex: '^20\\d\\d-(0[1-9]|1[0-2])$',
      placeholder: '2027-03',
      value: value('targetMonth', a?.targetMonth),
      errorMessage: 'A month as YYYY-MM, e.g. 2027-03.',
    },
    {
      type: 'Input.ChoiceSet',
      id: 'status',
      label: 'Status',
      style: 'compact',
      value: value('status', a?.status ?? 'planned'),
      choices: ACTION_STATUSES.map((s) => ({
        title: STATUS_LABELS[s],
        value: s,
      })),
    },
    {
      type: 'Input.Text',
      id: 'droppedReason',
      label: 'If dropped: why (staff will see this)',
      maxLength: LIMITS.reason,
      value: value('droppedReason', a?.droppedReason),
    },
  ];
}

/** A short note card (refusals and stale buttons): what happened, and that nothing changed. */
export function actionsNoteCard(title: string, detail: string): CardJson {
  return card(
    [
      {
        type: 'TextBlock',
        text: title,
        weight: 'Bolder',
        wrap: true,
        color: 'Attention',
      },
      { type: 'TextBlock', text: detail, wrap: true },
    ],
    [commandAction('Help', 'help')],
  );
}
