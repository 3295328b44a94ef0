import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, executeAction, inertText, unlinked } from '../platform/cards';
import type { Question } from '../surveys';
import type { GroupFigures, HeadlineFigures } from './figures';
import { changeSince, choiceFacts, formatMeasure, type Measure, measuresOf } from './measures';
import type { TeamView } from './team-view';

/** The verbs of the team cards' buttons, shared by the cards and the routes. */
export const TEAM_RESULTS_VERBS = {
  /** One team's latest results card, chosen from a list. */
  show: 'results.team.show',
  /** Posts the team's card to the team's own General channel. */
  post: 'results.team.post',
} as const;

/** What a team's card is drawn from: the team's view of one closed wave, and how to draw it. */
export interface TeamCardData {
  readonly teamName: string;
  readonly survey: { readonly id: string; readonly name: string; readonly questions: readonly Question[] };
  readonly wave: { readonly id: string; readonly number: number; readonly closedAt: string };
  readonly view: TeamView;
  /** The `k` the wave's teams were judged by. */
  readonly k: number;
  readonly timeZone: string;
  readonly maxComments: number;
}

/** Who the card is for: a lead (with the buttons, the team's comments and perhaps a status line), or the channel. */
export type TeamCardAudience =
  | { readonly kind: 'lead'; readonly respondVerb: string; readonly status?: { text: string; ok: boolean } }
  | { readonly kind: 'channel'; readonly sharedBy?: string };

/** A team name as text on a card: shortened, and never a live link. */
export const teamText = (name: string) => unlinked(name.length > 80 ? `${name.slice(0, 79)}…` : name);

/**
 * A team's results for one closed wave: "Ward 7: 14 of 18 answered", its figures beside the organisation's with the
 * movement since its previous wave, or why there are none. Leads get the team's comments and the buttons; the copy
 * posted to the team's channel has neither (comments are for the team's leads only: colleagues could recognise them).
 */
export function teamResultsCard(data: TeamCardData, audience: TeamCardAudience): CardJson {
  const name = teamText(data.teamName);
  const body: unknown[] = [];
  if (audience.kind === 'lead' && audience.status)
    body.push({
      type: 'TextBlock',
      text: audience.status.text,
      wrap: true,
      weight: 'Bolder',
      color: audience.status.ok ? 'Good' : 'Attention',
    });
  body.push(
    { type: 'TextBlock', text: headline(name, data), weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    {
      type: 'TextBlock',
      text: `${data.survey.name}, wave ${data.wave.number}, closed ${describeTime(data.wave.closedAt, data.timeZone)}`,
      isSubtle: true,
      wrap: true,
      spacing: 'None',
    },
  );
  body.push(...explanation(name, data));
  if (data.view.kind === 'shown' && audience.kind === 'lead') body.push(...commentBlocks(data));
  if (audience.kind === 'channel' && audience.sharedBy)
    body.push({ type: 'TextBlock', text: `Shared by ${audience.sharedBy}.`, isSubtle: true, wrap: true });
  const actions =
    audience.kind === 'lead' && data.view.kind === 'shown'
      ? [
          executeAction("Post to the team's channel", TEAM_RESULTS_VERBS.post, teamData(data)),
          executeAction('Record a team action', audience.respondVerb, teamData(data)),
        ]
      : [];
  return card(body, actions);
}

/** The card data naming one team's results of one wave (the action form and posting both read it). */
const teamData = (data: TeamCardData) => ({ survey: data.survey.id, wave: data.wave.id, team: data.view.team });

function headline(name: string, data: TeamCardData): string {
  const v = data.view;
  switch (v.kind) {
    case 'shown':
      return `${name}: ${v.figures.people}${v.invited ? ` of ${v.invited}` : ''} answered`;
    case 'fewer-than-k':
      return `${name}: fewer than ${v.k} answered`;
    case 'withheld':
      return `${name}: results withheld`;
    case 'not-asked':
      return `${name}: not asked in this wave`;
  }
}

/** The figures with the organisation's beside them, or why there are none. */
function explanation(name: string, data: TeamCardData): unknown[] {
  const v = data.view;
  const text = (t: string) => ({ type: 'TextBlock', text: t, wrap: true });
  switch (v.kind) {
    case 'fewer-than-k':
      return [
        text(
          `${v.invited ? `${v.invited} people were asked through ${name}. ` : ''}With fewer than ${v.k} answers, nothing is shown for the team, so that nobody can be singled out. Their answers still count in the organisation's results.`,
        ),
      ];
    case 'withheld':
      return [
        text(
          `${data.k} or more answered through ${name}, but its figures are so close to another published group's (another team, a staff group, a directorate or the whole organisation) that one minus the other would single people out. So nothing is shown for the team this wave. Its answers still count in the organisation's results.`,
        ),
      ];
    case 'not-asked':
      return [text(`This wave was not sent through ${name}.`)];
    case 'shown':
      return [
        figuresTable(name, v, data.survey.questions),
        ...choiceBlock(v.figures, data.survey.questions),
        {
          type: 'TextBlock',
          text: `Figures for ${name} come from the people asked through the team who answered, and are shown only when ${data.k} or more did (for a question: ${data.k} or more who answered it) and no smaller group can be worked out from them. A dash means too few answered. The organisation's figures include ${name}'s.`,
          wrap: true,
          isSubtle: true,
          size: 'Small',
          spacing: 'Medium',
        },
      ];
  }
}

type Shown = Extract<TeamView, { kind: 'shown' }>;

/** Measure | team (change since its previous wave) | organisation. */
function figuresTable(name: string, v: Shown, questions: readonly Question[]): Record<string, unknown> {
  const measures = measuresOf(v.organisation, questions);
  const since = v.movement?.sinceWave;
  const shown = (value: number | undefined, m: Measure) => (value === undefined ? '—' : formatMeasure(value, m));
  const rows: string[][] = [['', name, 'Organisation']];
  if (v.responseRate !== undefined || v.organisationResponseRate !== undefined)
    rows.push([
      RATE.label,
      withChange(v.responseRate, v.movement?.responseRate, RATE, since),
      shown(v.organisationResponseRate, RATE),
    ]);
  for (const m of measures)
    rows.push([m.label, withChange(m.of(v.figures), moved(m, v.movement), m, since), shown(m.of(v.organisation), m)]);
  return {
    type: 'Table',
    firstRowAsHeaders: true,
    showGridLines: false,
    spacing: 'Medium',
    columns: [{ width: 3 }, { width: 2 }, { width: 2 }],
    rows: rows.map((cells, i) => ({
      type: 'TableRow',
      ...(i === 0 ? { style: 'accent' } : {}),
      cells: cells.map((t) => ({
        type: 'TableCell',
        items: [{ type: 'TextBlock', text: t, wrap: true, ...(i === 0 ? { weight: 'Bolder' } : {}) }],
      })),
    })),
  };
}

// Read from the view's own fields, not from a group's figures.
const RATE: Measure = { key: 'responseRate', label: 'Response rate', of: () => undefined, scale: 100, unit: '%' };

const moved = (m: Measure, movement: HeadlineFigures | undefined) => (movement ? m.of(movement) : undefined);

/** "7.4/10 (+0.3 since wave 2)", "7.4/10", or a dash when the team's figure is hidden. */
function withChange(value: number | undefined, change: number | undefined, m: Measure, since?: number): string {
  if (value === undefined) return '—';
  return `${formatMeasure(value, m)}${change === undefined ? '' : changeSince(value, value - change, m, since)}`;
}

/** "Days 40%, Nights 35%" for the team's single-choice questions, where shown. */
function choiceBlock(figures: GroupFigures, questions: readonly Question[]): unknown[] {
  const facts = choiceFacts(figures, questions);
  return facts.length > 0 ? [{ type: 'FactSet', facts }] : [];
}

/** The team's comments (redacted and shuffled when the result was computed), inert, for its leads only. */
function commentBlocks(data: TeamCardData): unknown[] {
  if (data.view.kind !== 'shown') return [];
  const items: unknown[] = [];
  for (const [questionId, comments] of Object.entries(data.view.comments)) {
    const question = data.survey.questions.find((q) => q.id === questionId);
    items.push({
      type: 'TextBlock',
      text: `What your team said: ${question?.text ?? 'comments'}`,
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    });
    // What people wrote is shown inert: never Markdown, never a live link.
    for (const c of comments.slice(0, data.maxComments))
      items.push({ ...inertText(`“${c}”`, { isSubtle: true }), spacing: 'Small' });
  }
  return items;
}

// Buttons on the choice card: a lead rarely leads more; a name matching more asks for more of the name.
export const MAX_TEAM_CHOICES = 12;

/** A choice of teams: the caller's own (several), or those a name matches; each button shows that team's card. */
export function teamChoiceCard(teams: readonly { teamId: string; name: string }[], query?: string): CardJson {
  const shown = teams.slice(0, MAX_TEAM_CHOICES);
  const more = teams.length - shown.length;
  const intro = query
    ? `${teams.length} teams have "${teamText(query)}" in their name. Which one?`
    : 'You lead more than one team. Which team’s results would you like to see?';
  const body: unknown[] = [
    { type: 'TextBlock', text: 'Team results', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: intro, wrap: true },
  ];
  if (more > 0)
    body.push({
      type: 'TextBlock',
      text: `${more} more not shown: type more of the name, for example "results team ${teamText(shown[0]!.name)}".`,
      wrap: true,
      isSubtle: true,
    });
  body.push({
    type: 'ActionSet',
    actions: shown.map((t) => executeAction(teamText(t.name), TEAM_RESULTS_VERBS.show, { team: t.teamId })),
  });
  return card(body);
}
