import { describeTime } from '../platform/calendar/local-time';
import { card, type CardJson } from '../platform/cards';
import { digestSurveysSection, resultsFootnote, speakUpCount, type ResultsView, type SurveyResults } from '../results';
import type { SpeakUpCounts } from '../speak-up';

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
    ...digestSurveysSection(results, view),
  ];
  if (view.speakUp) body.push(speakUpSection(view.speakUp));
  if (view.actions) body.push(view.actions);
  body.push(resultsFootnote(view.k));
  return card(body);
}
