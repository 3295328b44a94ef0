import { card, type CardJson, commandAction, executeAction } from '../platform/cards';

/**
 * The verbs of the welcome card's buttons. The features that answer them pass them in, so that people (a lower layer
 * than surveys and speak-up) never imports them.
 */
export interface WelcomeVerbs {
  readonly openSurveys: string;
  readonly speakUp: string;
}

/** The first thing a person sees: what Staff Voice is, how anonymity works, and where to go next. */
export function welcomeCard(minGroupSize: number, verbs: WelcomeVerbs): CardJson {
  return card(
    [
      { type: 'TextBlock', text: 'Welcome to Staff Voice', weight: 'Bolder', size: 'Large', wrap: true },
      {
        type: 'TextBlock',
        wrap: true,
        text: 'Staff Voice lets you tell your trust how work is for you, in a few taps, here in Teams. From time to time it sends a short pulse survey on burnout, engagement and belonging. Leaders see only the combined results, so they can act on them.',
      },
      { type: 'TextBlock', text: 'How your anonymity is protected', weight: 'Bolder', wrap: true, spacing: 'Medium' },
      {
        type: 'FactSet',
        facts: [
          {
            title: 'Your answers',
            value:
              'The link between you and your answers is cut when you submit. Nobody, including us, can see who gave which answer.',
          },
          {
            title: 'Small groups',
            value: `Results are shown only for groups of at least ${minGroupSize} people, and only after a survey closes.`,
          },
          { title: 'What we keep', value: 'Only that you answered, so you are not reminded again.' },
        ],
      },
    ],
    [
      executeAction('What surveys are open for me?', verbs.openSurveys),
      executeAction('Speak up', verbs.speakUp),
      commandAction('Help', 'help'),
    ],
  );
}
