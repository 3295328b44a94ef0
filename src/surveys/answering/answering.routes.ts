import { assertNever } from '../../platform/assert';
import type { CardJson } from '../../platform/cards';
import type { Log } from '../../platform/log';
import type { BotApp } from '../../platform/teams/bot';
import { asData, callerOf, onCardAction, type Turn } from '../../platform/teams/turn';
import type { AnswerService, CardRefusal } from './answer.service';
import { openForMeCard, SURVEY_VERBS, surveyCard, surveyNoteCard, thankYouCard } from '../authoring';

/** Staff on survey cards: answering, declining, showing a survey again, and the surveys open for them. */
export function registerAnsweringRoutes(
  app: BotApp,
  deps: { answers: AnswerService; log: Log; minGroupSize: number },
): void {
  const { answers, log, minGroupSize } = deps;
  const caller = (context: Turn) => callerOf(context).aadObjectId;

  onCardAction(app, SURVEY_VERBS.answer, log, async (context, data) => {
    const outcome = await answers.recordAnswer(caller(context), asData(data));
    switch (outcome.kind) {
      case 'recorded':
        return thankYouCard(outcome.surveyName, minGroupSize);
      case 'problems':
        return surveyCard(outcome.view, { values: outcome.values, problems: outcome.problems });
      case 'try-again':
        return surveyCard(outcome.view, {
          values: outcome.values,
          problems: [
            'Sorry, your answers could not be saved just now (a problem on our side). They are still filled in below: please press Submit again in a minute.',
          ],
        });
      default:
        return refusalCard(outcome);
    }
  });

  onCardAction(app, SURVEY_VERBS.decline, log, async (context, data) => {
    const outcome = await answers.decline(caller(context), asData(data));
    return outcome.kind === 'declined'
      ? surveyNoteCard(
          'No problem: not this time',
          `You won't be reminded about "${outcome.surveyName}". The next survey will come here as usual.`,
        )
      : refusalCard(outcome);
  });

  onCardAction(app, SURVEY_VERBS.show, log, async (context, data) => {
    const outcome = await answers.show(caller(context), asData(data));
    return outcome.kind === 'show' ? surveyCard(outcome.view) : refusalCard(outcome);
  });

  onCardAction(app, SURVEY_VERBS.mine, log, async (context) => openForMeCard(await answers.openFor(caller(context))));
}

/** The polite card for each way a survey card action can be refused. Nothing was stored in any of them. */
function refusalCard(refusal: CardRefusal): CardJson {
  switch (refusal.kind) {
    case 'invalid-card':
      return surveyNoteCard(
        'This card could not be read',
        'Nothing was saved. Type "surveys" to get a fresh card for any survey open for you.',
        true,
      );
    case 'not-yours':
      return surveyNoteCard(
        'This card was sent to someone else',
        'Only the person a survey card was sent to can answer it, so nothing was saved. Type "surveys" to see the surveys open for you.',
        true,
      );
    case 'unknown-wave':
      return surveyNoteCard(
        'This survey no longer exists',
        'Nothing was saved. Type "surveys" to see the surveys open for you.',
        true,
      );
    case 'closed':
      return surveyNoteCard(
        `"${refusal.surveyName}" has closed`,
        `It closed ${refusal.closedOn}, so answers are no longer taken and nothing was saved. Thank you for wanting to take part: the next survey will arrive here.`,
        true,
      );
    case 'out-of-date':
      return surveyNoteCard(
        'This card is out of date',
        'Nothing was saved. Press "My open surveys" (or type "surveys") for a fresh card for each survey open for you.',
        true,
      );
    case 'already-answered':
      return surveyNoteCard(
        'You have already answered',
        `Your answers to "${refusal.surveyName}" are in, and answers are final. Thank you.`,
      );
    default:
      return assertNever(refusal);
  }
}
