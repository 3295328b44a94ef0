import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import type { SurveyResults } from './result';
import { type ResultsView, surveySection } from './survey-section.cards';
import { rowsPerTable, type TeamsTable, teamsTableSection } from './teams-table.cards';

/**
 * The verbs of the results card's buttons. The feature that answers them (actions) passes them in through the
 * composition root, so that results, which actions reads, does not import actions.
 */
export interface ResultsVerbs {
  /** "Respond with an action": opens the action form for the survey's latest wave. */
  readonly respond: string;
}

/**
 * `results` on demand: every survey with a closed wave (or the one asked for), and for a wave sent to teams the
 * executives' table of its teams (`teams`, by wave id).
 */
export function resultsCard(
  results: readonly SurveyResults[],
  view: ResultsView,
  verbs: ResultsVerbs,
  teams: ReadonlyMap<string, TeamsTable> = new Map(),
): CardJson {
  const body: unknown[] = [
    { type: 'TextBlock', text: 'Survey results', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
  ];
  if (results.length === 0)
    body.push({
      type: 'TextBlock',
      text: 'No results yet. Results appear a few minutes after a wave closes (once its last answers are written), never while it is open.',
      wrap: true,
    });
  const maxRows = rowsPerTable(results.filter((r) => teams.has(r.latest.waveId)).length);
  for (const r of results) {
    body.push(...surveySection(r, view, { comments: true }));
    const table = teams.get(r.latest.waveId);
    const overall = r.latest.figures.showable ? r.latest.figures.overall : undefined;
    if (table && overall) body.push(...teamsTableSection(table, overall, r.survey.questions, maxRows));
    body.push({
      type: 'ActionSet',
      actions: [executeAction('Respond with an action', verbs.respond, { survey: r.survey.id, wave: r.latest.waveId })],
    });
  }
  body.push(resultsFootnote(view.k));
  return card(body, [commandAction('Help', 'help')]);
}

/** What results offer the weekly digest: a section per survey, quoting comments only where the survey allows it. */
export function digestSurveysSection(results: readonly SurveyResults[], view: ResultsView): unknown[] {
  return results.flatMap((r) => surveySection(r, view, { comments: r.survey.commentsInDigest }));
}

/** The note under survey figures: what is shown and what is hidden, so that no one can be worked out. */
export const resultsFootnote = (k: number) => ({
  type: 'TextBlock',
  text: `Figures are shown only for closed waves and for ${k} or more people (for a question: ${k} or more who answered it); when a group is hidden, others are hidden with it, and groups that overlap across breakdowns are hidden, so that no one can be worked out by subtraction. A dash means too few answered. Comments appear only when enough people wrote one, with names and numbers removed.`,
  wrap: true,
  isSubtle: true,
  size: 'Small',
  spacing: 'Large',
});
