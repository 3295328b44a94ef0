import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson, commandAction, executeAction } from '../platform/cards';
import type { SurveyResults } from './result';
import { speakUpCount } from './suppression';
import { type ResultsView, surveySection } from './survey-section.cards';

/**
 * The verbs of the results card's buttons. The feature that answers them (actions) passes them in through the
 * composition root, so that results, which actions reads, does not import actions.
 */
export interface ResultsVerbs {
  /** "Respond with an action": opens the action form for the survey's latest wave. */
  readonly respond: string;
}

/** `results` on demand: every survey with a closed wave (or the one asked for). */
export function resultsCard(results: readonly SurveyResults[], view: ResultsView, verbs: ResultsVerbs): CardJson {
  const body: unknown[] = [
    { type: 'TextBlock', text: 'Survey results', weight: 'Bolder', size: 'Large', wrap: true, style: 'heading' },
  ];
  if (results.length === 0)
    body.push({
      type: 'TextBlock',
      text: 'No survey has a closed wave yet. Results appear once a wave closes, never while it is open.',
      wrap: true,
    });
  for (const r of results) {
    body.push(...surveySection(r, view, { comments: true }));
    body.push({
      type: 'ActionSet',
      actions: [executeAction('Respond with an action', verbs.respond, { survey: r.survey.id, wave: r.latest.waveId })],
    });
  }
  body.push(footnote(view.k));
  return card(body, [commandAction('Help', 'help')]);
}

/** Speak-up cases raised in the last completed quarter, by category: counts only, small ones as "fewer than 3". */
export interface SpeakUpCounts {
  /** The NGO's financial-year quarter, e.g. "2026/27 Q2". */
  readonly quarter: string;
  /** Its months, e.g. "July to September". */
  readonly months: string;
  readonly rows: readonly { readonly label: string; readonly count: number }[];
}

function speakUpSection(counts: SpeakUpCounts): unknown {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Large',
    items: [
      {
        type: 'TextBlock',
        text: `Freedom to Speak Up, ${counts.quarter} (${counts.months})`,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      { type: 'FactSet', facts: counts.rows.map((r) => ({ title: r.label, value: speakUpCount(r.count) })) },
      {
        type: 'TextBlock',
        text: 'Cases raised with the Freedom to Speak Up guardians in the last completed quarter, as in the National Guardian\'s Office return; the figures stay the same until the next quarter is complete. Counts of 1 or 2 show as "fewer than 3" so that no case can be recognised.',
        wrap: true,
        isSubtle: true,
        size: 'Small',
      },
    ],
  };
}

/** The weekly leadership digest. With no new survey results since the last one, a one-line note (and the speak-up counts). */
export function digestCard(
  results: readonly SurveyResults[],
  view: ResultsView & { since: string; speakUp?: SpeakUpCounts; actions?: Record<string, unknown> },
): CardJson {
  if (results.length === 0) {
    return card([
      {
        type: 'TextBlock',
        text: `Staff Voice weekly digest: no new survey results since the last digest (${describeTime(view.since, view.timeZone)}).`,
        wrap: true,
      },
      ...(view.speakUp ? [speakUpSection(view.speakUp)] : []),
      ...(view.actions ? [view.actions] : []),
    ]);
  }
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: 'Staff Voice weekly digest',
      weight: 'Bolder',
      size: 'Large',
      wrap: true,
      style: 'heading',
    },
    {
      type: 'TextBlock',
      text: `New survey results since ${describeTime(view.since, view.timeZone)}. Each closed wave appears in one digest, once its results are ready.`,
      wrap: true,
      isSubtle: true,
      spacing: 'None',
    },
  ];
  for (const r of results) body.push(...surveySection(r, view, { comments: r.survey.commentsInDigest }));
  if (view.speakUp) body.push(speakUpSection(view.speakUp));
  if (view.actions) body.push(view.actions);
  body.push(footnote(view.k));
  return card(body);
}

const footnote = (k: number) => ({
  type: 'TextBlock',
  text: `Figures are shown only for closed waves and for ${k} or more people (for a question: ${k} or more who answered it); when a group is hidden, others are hidden with it, and groups that overlap across breakdowns are hidden, so that no one can be worked out by subtraction. A dash means too few answered. Comments appear only when enough people wrote one, with names and numbers removed.`,
  wrap: true,
  isSubtle: true,
  size: 'Small',
  spacing: 'Large',
});
