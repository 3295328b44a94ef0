import { describeTime } from '../../platform/calendar/local-time';
import { card, type CardJson, commandAction, escapeTemplate, executeAction } from '../../platform/cards';
import { NOT_SAID, NOT_SAID_CHOICE, STAFF_GROUPS } from '../../shared/staff-groups';
import { ABOUT_PREFIX, ANSWER_PREFIX } from './answers';
import { describesPerson, SCALE_LABELS, type Question } from './questions';
import { type Survey, type Wave } from './survey';

/** Card action verbs for staff, shared by the cards and the routes. */
export const SURVEY_VERBS = {
  answer: 'survey.answer',
  decline: 'survey.decline',
  show: 'survey.show',
  mine: 'survey.mine',
} as const;

/** What a person's survey card shows. */
export interface SurveyCardView {
  readonly surveyName: string;
  readonly waveId: string;
  /** The recipient's Entra object id: the server checks it is the caller's. */
  readonly to: string;
  /** The keyed proof that the wave was sent to `to` (person-tags.ts's `askedProof`); absent on the preview. */
  readonly asked?: string;
  /**
   * The team the card was sent through (a wave to chosen teams, waves/audience.ts), and the keyed proof that binds it
   * to `to` (person-tags.ts's `teamProof`): the buttons carry both, and the answer is recorded with the team.
   */
  readonly team?: string;
  readonly teamProof?: string;
  /** The wave went to chosen teams: its results are also shown team by team, and the card says so. */
  readonly byTeam?: boolean;
  readonly closesOn: string;
  readonly questions: readonly Question[];
  readonly aboutYou: boolean;
  readonly directorates: readonly string[];
  readonly reminder?: boolean;
  /** The smallest group results are shown for, as promised on the card. */
  readonly minGroupSize: number;
  /** "Last time you told us … . Since then: …": what leaders did about the survey's previous results, if published. */
  readonly sinceLastTime?: string;
}

/** The card's view of a wave for one recipient (`to` empty for the stored template). */
export function surveyCardView(
  survey: Pick<Survey, 'name' | 'questions' | 'aboutYou' | 'directorates' | 'audience'>,
  wave: Pick<Wave, 'id' | 'closesAt'>,
  to: string,
  options: { timeZone: string; minGroupSize: number; reminder?: boolean; sinceLastTime?: string },
): SurveyCardView {
  return {
    surveyName: survey.name,
    waveId: wave.id,
    to,
    closesOn: describeTime(wave.closesAt, options.timeZone),
    questions: survey.questions,
    aboutYou: survey.aboutYou,
    directorates: survey.directorates,
    minGroupSize: options.minGroupSize,
    ...(options.reminder ? { reminder: true } : {}),
    ...(survey.audience.kind === 'teams' ? { byTeam: true } : {}),
    ...(options.sinceLastTime ? { sinceLastTime: options.sinceLastTime } : {}),
  };
}

export interface SurveyCardState {
  /** What the person entered, put back when the card returns with a problem. */
  readonly values?: Readonly<Record<string, string>>;
  readonly problems?: readonly string[];
  /** Preview for admins: the same card without working buttons. */
  readonly preview?: boolean;
}

/** The anonymity promise, with the deployment's minimum group size (PRIVACY_MIN_GROUP_SIZE). */
const promise = (k: number) =>
  `Your answers are anonymous: nobody can see who gave which answer, and results are shown only for groups of ${k} or more, after the survey closes.`;
// Told to everyone in a wave to teams (never which team: the card is the same for all), so nobody is surprised that
// their answers count towards a team's results.
const byTeamNote = (k: number) =>
  `Results are also shown for each team this survey went to, where ${k} or more of a team answered.`;

/** The pulse survey card: one labelled input per question, required ones marked, submit and "Not this time". */
export function surveyCard(view: SurveyCardView, state: SurveyCardState = {}): CardJson {
  const values = state.values ?? {};
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: view.reminder ? 'Reminder: your view still counts' : 'A few minutes for a pulse survey',
      isSubtle: true,
      wrap: true,
    },
    { type: 'TextBlock', text: view.surveyName, weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    {
      type: 'TextBlock',
      text: `${promise(view.minGroupSize)}${view.byTeam ? ` ${byTeamNote(view.minGroupSize)}` : ''} Open until ${view.closesOn}. Questions marked * need an answer.`,
      wrap: true,
    },
  ];
  if (view.sinceLastTime) body.unshift({ type: 'TextBlock', text: view.sinceLastTime, wrap: true, weight: 'Bolder' });
  if (state.preview)
    body.unshift(banner('Preview: this is what staff will see. The buttons are not active here.', 'Accent'));
  if (state.problems?.length) body.push(banner(state.problems.join('\n\n'), 'Attention'));
  for (const q of view.questions) body.push(questionInput(q, values[q.id]));
  if (view.aboutYou) body.push(...aboutYouInputs(view.directorates, values, view.minGroupSize));
  const teamRoute = view.team && view.teamProof ? { team: view.team, teamProof: view.teamProof } : {};
  const route = { wave: view.waveId, to: view.to, ...(view.asked ? { asked: view.asked } : {}), ...teamRoute };
  const actions = state.preview
    ? [commandAction('Back to surveys', 'surveys')]
    : [
        { ...executeAction('Submit answers', SURVEY_VERBS.answer, route, 'positive'), associatedInputs: 'auto' },
        { ...executeAction('Not this time', SURVEY_VERBS.decline, route), associatedInputs: 'none' },
      ];
  return card(body, actions);
}

/**
 * The card stored once per wave for the outbox: user text escaped so it cannot act as a template expression, and
 * slots filled per recipient by the dispatcher: `${to}` and `${asked}`, and in a wave to teams `${team}` and
 * `${teamProof}` (empty for someone the wave records no team for).
 */
export function surveyCardTemplate(view: Omit<SurveyCardView, 'to' | 'asked' | 'team' | 'teamProof'>): CardJson {
  const template = escapeTemplate(surveyCard({ ...view, to: '' }));
  const slots = {
    to: '${to}',
    asked: '${asked}',
    ...(view.byTeam ? { team: '${team}', teamProof: '${teamProof}' } : {}),
  };
  for (const action of (template.actions ?? []) as { data?: Record<string, unknown> }[])
    if (action.data) Object.assign(action.data, slots);
  return template;
}

function questionInput(q: Question, value: string | undefined): Record<string, unknown> {
  const common = {
    id: `${ANSWER_PREFIX}${q.id}`,
    label: q.text,
    isRequired: q.required,
    errorMessage: 'Please answer this question.',
    spacing: 'Medium',
    ...(value !== undefined ? { value } : {}),
  };
  switch (q.scale.kind) {
    case 'frequency':
    case 'agreement':
    case 'cbi-frequency':
    case 'cbi-degree':
      return {
        type: 'Input.ChoiceSet',
        style: 'expanded',
        wrap: true,
        choices: SCALE_LABELS[q.scale.kind].map((title, i) => ({ title, value: String(i + 1) })),
        ...common,
      };
    case 'zero-to-ten':
      return {
        type: 'Input.ChoiceSet',
        style: 'compact',
        placeholder: 'Choose 0 (lowest) to 10 (highest)',
        choices: Array.from({ length: 11 }, (_, i) => ({ title: String(i), value: String(i) })),
        ...common,
      };
    case 'choice': {
      const choices = q.scale.options.map((title, i) => ({ title, value: String(i) }));
      // A question about the person (ward, team, band) is "about you": optional, and "Prefer not to say" is offered.
      if (describesPerson(q))
        return {
          type: 'Input.ChoiceSet',
          style: 'compact',
          wrap: true,
          ...common,
          isRequired: false,
          value: value ?? NOT_SAID,
          choices: [...choices, NOT_SAID_CHOICE],
        };
      return { type: 'Input.ChoiceSet', style: 'expanded', wrap: true, choices, ...common };
    }
    case 'text':
      return {
        type: 'Input.Text',
        isMultiline: true,
        maxLength: q.scale.maxLength,
        placeholder: 'Optional. Please do not include names.',
        ...common,
        errorMessage: `Up to ${q.scale.maxLength} characters.`,
      };
  }
}

function aboutYouInputs(
  directorates: readonly string[],
  values: Readonly<Record<string, string>>,
  k: number,
): unknown[] {
  const choices = (options: readonly string[]) => [...options.map((o) => ({ title: o, value: o })), NOT_SAID_CHOICE];
  const inputs: unknown[] = [
    {
      type: 'TextBlock',
      text: 'About you (optional)',
      weight: 'Bolder',
      wrap: true,
      spacing: 'Large',
      separator: true,
    },
    {
      type: 'TextBlock',
      text: `Only used to show results for groups of ${k} or more. You can always choose "Prefer not to say".`,
      wrap: true,
      isSubtle: true,
    },
    {
      type: 'Input.ChoiceSet',
      id: `${ABOUT_PREFIX}staffGroup`,
      label: 'Your staff group',
      style: 'compact',
      value: values['about.staffGroup'] ?? NOT_SAID,
      choices: choices(STAFF_GROUPS),
    },
  ];
  if (directorates.length > 0) {
    inputs.push({
      type: 'Input.ChoiceSet',
      id: `${ABOUT_PREFIX}directorate`,
      label: 'Your directorate',
      style: 'compact',
      value: values['about.directorate'] ?? NOT_SAID,
      choices: choices(directorates),
    });
  }
  return inputs;
}

function banner(text: string, color: 'Attention' | 'Accent' | 'Good'): Record<string, unknown> {
  return {
    type: 'Container',
    style: color === 'Attention' ? 'attention' : color === 'Good' ? 'good' : 'accent',
    items: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder', color }],
  };
}

/** After a valid answer: what happens now, and the anonymity promise again. */
export function thankYouCard(surveyName: string, minGroupSize: number): CardJson {
  return card(
    [
      {
        type: 'TextBlock',
        text: 'Thank you: your answers are in',
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        color: 'Good',
      },
      { type: 'TextBlock', text: surveyName, wrap: true, isSubtle: true },
      {
        type: 'TextBlock',
        text: `${promise(minGroupSize)} Answers are final, so there is nothing more to do.`,
        wrap: true,
      },
    ],
    [commandAction('Help', 'help')],
  );
}

/** A short card: a title and what to do next. */
export function surveyNoteCard(title: string, detail: string, attention = false): CardJson {
  return card(
    [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, ...(attention ? { color: 'Attention' } : {}) },
      { type: 'TextBlock', text: detail, wrap: true },
    ],
    [commandAction('My open surveys', 'surveys')],
  );
}
