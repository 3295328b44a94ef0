import { card, type CardJson, executeAction } from '../../platform/cards';
import { SURVEY_VERBS } from './survey.cards';

/** A survey open for the person, in "What surveys are open for me?". */
export interface OpenForMe {
  readonly waveId: string;
  /** The person the list is for, and the card's proof that the wave was sent to them (the button carries both). */
  readonly to: string;
  readonly asked: string;
  /** The team they were asked through (a wave to chosen teams) and its proof, so the card it opens carries them. */
  readonly team?: string;
  readonly teamProof?: string;
  readonly surveyName: string;
  readonly closesOn: string;
}

/** The surveys open for the person right now, each with a button that brings up its card. */
export function openForMeCard(open: readonly OpenForMe[]): CardJson {
  if (open.length === 0) {
    return card([
      { type: 'TextBlock', text: 'No surveys are open for you right now', weight: 'Bolder', wrap: true },
      {
        type: 'TextBlock',
        text: 'When a survey opens, its card arrives here in this chat. Thank you for taking part.',
        wrap: true,
      },
    ]);
  }
  return card([
    { type: 'TextBlock', text: 'Surveys open for you', weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'TextBlock',
      // Honest about what the list cannot know: looking up whether you answered would link you to your answer.
      text: 'To keep your answers anonymous, this list does not look up whether you have answered. A survey you have answered says so when you open it.',
      isSubtle: true,
      wrap: true,
    },
    ...open.map((o) => ({
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', text: o.surveyName, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: `Open until ${o.closesOn}`, isSubtle: true, wrap: true, spacing: 'None' },
        {
          type: 'ActionSet',
          actions: [executeAction('Open', SURVEY_VERBS.show, openData(o))],
        },
      ],
    })),
  ]);
}

/** What an Open button carries: the route of the card it brings up, with its team and team proof if it has them. */
function openData(o: OpenForMe): Record<string, string> {
  const route = { wave: o.waveId, to: o.to, asked: o.asked };
  return o.team && o.teamProof ? { ...route, team: o.team, teamProof: o.teamProof } : route;
}
