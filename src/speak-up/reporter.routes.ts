import { assertNever } from '../platform/assert';
import type { CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { asData, callerOf, onCardAction, originOf } from '../platform/teams/turn';
import type { ReporterOutcome, ReporterService } from './reporter.service';
import { speakUpNote, SPEAK_UP_VERBS } from './speak-up.cards';

/** Reporters, from their 1:1 chat: replies to the guardians, the feedback question, the detriment check-in. */
export function registerReporterRoutes(app: BotApp, deps: { reporters: ReporterService; log: Log }): void {
  const { reporters, log } = deps;
  onCardAction(app, SPEAK_UP_VERBS.reporterReply, log, async (context, data) =>
    reporterCard(
      await reporters.replyToGuardians(callerOf(context).aadObjectId, asData(data), originOf(context)),
      'Sent to the guardians',
      'Only the guardians see it. Their answers arrive here.',
    ),
  );
  onCardAction(app, SPEAK_UP_VERBS.feedback, log, async (context, data) =>
    reporterCard(
      await reporters.giveFeedback(callerOf(context).aadObjectId, asData(data), originOf(context)),
      'Thank you for your feedback',
      "It helps the trust, and the National Guardian's Office, make speaking up safer.",
    ),
  );
  onCardAction(app, SPEAK_UP_VERBS.checkIn, log, async (context, data) => {
    const outcome = await reporters.answerCheckIn(callerOf(context).aadObjectId, asData(data), originOf(context));
    return outcome.kind === 'sent' && outcome.reopened
      ? speakUpNote(
          'Thank you for telling us',
          `Your case ${outcome.ref} has been reopened and a guardian will be in touch here. Being treated badly for speaking up is not acceptable.`,
        )
      : reporterCard(
          outcome,
          'Thank you',
          'We are glad to hear it. You can speak up again at any time: type "speak up".',
        );
  });
}

function reporterCard(outcome: ReporterOutcome, title: string, detail: string): CardJson {
  switch (outcome.kind) {
    case 'wrong-place':
      return speakUpNote(
        'This works only in your 1:1 chat with me',
        'Nothing was sent or saved, and nothing has changed. Open your chat with Staff Voice and type "my cases" there: nobody else sees it.',
        true,
      );
    case 'sent':
      return speakUpNote(title, detail);
    case 'unknown-case':
      return speakUpNote(
        'That case could not be found',
        'Nothing was sent. Type "my cases" to see your open cases.',
        true,
      );
    case 'not-yours':
      return speakUpNote(
        'This is not your case',
        'Only the person who raised a case can reply on it. Nothing was sent.',
        true,
      );
    case 'closed':
      return speakUpNote(
        `${outcome.ref} is closed`,
        'Nothing was sent. If something new has happened, type "speak up" to raise it.',
        true,
      );
    case 'invalid':
      return speakUpNote('That could not be sent', outcome.message, true);
    default:
      return assertNever(outcome);
  }
}
