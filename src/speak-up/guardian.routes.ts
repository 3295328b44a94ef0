import { assertNever } from '../platform/assert';
import type { CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import {
  answerIsPrivate,
  asData,
  callerOf,
  cardAttachment,
  isAutomaticRefresh,
  onCardAction,
  originOf,
  type Turn,
} from '../platform/teams/turn';
import type { CaseViewService } from './case-view.service';
import { GUARDIAN_ACTIONS } from './guardian-actions';
import type { GuardianActionService, GuardianOutcome } from './guardian-actions.service';
import { caseStubCard, guardianCaseCard, type GuardianView } from './case.cards';
import { speakUpNote, SPEAK_UP_VERBS, threadCard } from './speak-up.cards';

const guardiansOnlyHere = speakUpNote(
  "Case actions work only in the guardians' channel",
  "Nothing has changed, and the attempt has been recorded. Use the case card in the registered guardians' channel (or your 1:1 chat with me).",
  true,
);

/** Guardians on case cards: anyone's own view of a card (refresh or button), and every guardian action. */
export function registerGuardianRoutes(
  app: BotApp,
  deps: { guardians: GuardianActionService; views: CaseViewService; log: Log },
): void {
  const { guardians, views, log } = deps;

  // Anyone's own view of a case card: its refresh (automatic) and its "Open case (guardians)" button (manual).
  onCardAction(app, SPEAK_UP_VERBS.view, log, async (context, data) => {
    const outcome = await views.open(
      { aadObjectId: callerOf(context).aadObjectId },
      asData(data),
      originOf(context),
      isAutomaticRefresh(context),
    );
    switch (outcome.kind) {
      case 'wrong-place':
        return guardiansOnlyHere;
      case 'not-allowed':
        return speakUpNote(
          'Only Freedom to Speak Up guardians can open a case',
          'Nothing is shown, and the attempt has been recorded.',
          true,
        );
      case 'unknown-case':
        return speakUpNote('That case could not be found', 'Nothing is shown. The card may be out of date.', true);
      case 'summary':
        // A refresh (or an answer everyone would see) simply shows the card as it is; a click is told why there is no more.
        return isAutomaticRefresh(context) || !answerIsPrivate(context)
          ? caseStubCard(outcome.summary)
          : withProblem(
              caseStubCard(outcome.summary),
              'Only Freedom to Speak Up guardians can open a case. Nothing more is shown, and the attempt has been recorded.',
            );
      case 'guardian':
        return privateOr(context, outcome.view, guardianCaseCard(outcome.view));
      default:
        return assertNever(outcome);
    }
  });

  // Guardians, on their own view of the case card in their channel.
  for (const action of GUARDIAN_ACTIONS) {
    onCardAction(app, SPEAK_UP_VERBS[action], log, async (context, data) => {
      const caller = callerOf(context);
      const outcome = await guardians.act(
        { aadObjectId: caller.aadObjectId, name: caller.name },
        action,
        asData(data),
        originOf(context),
      );
      return answerFor(context, outcome);
    });
  }
}

/** What the guardian who clicked sees; on success the shared card and the thread change too. */
async function answerFor(context: Turn, outcome: GuardianOutcome): Promise<CardJson> {
  switch (outcome.kind) {
    case 'wrong-place':
      return guardiansOnlyHere;
    case 'not-allowed':
      return speakUpNote(
        'Only Freedom to Speak Up guardians can act on cases',
        'Nothing has changed, and the attempt has been recorded.',
        true,
      );
    case 'unknown-case':
      return speakUpNote('That case could not be found', 'Nothing has changed. The card may be out of date.', true);
    case 'closed':
      return speakUpNote(`${outcome.ref} is closed`, 'Nothing has changed: a closed case takes no more actions.', true);
    case 'invalid':
      return outcome.view
        ? privateOr(context, outcome.view, withProblem(guardianCaseCard(outcome.view), outcome.message))
        : speakUpNote('That could not be done', outcome.message, true);
    case 'done': {
      // Everyone in the channel sees the card change, but only as the summary (the stored message is always the
      // summary); the guardian who clicked gets their own full view back. The thread records the action.
      if (originOf(context).type === 'channel' && context.activity.replyToId) {
        await context
          .updateActivity({
            id: context.activity.replyToId,
            type: 'message',
            attachments: [cardAttachment(caseStubCard(outcome.view))],
          })
          .catch(() => undefined);
      }
      await context.sendActivity({
        attachments: [cardAttachment(threadCard(outcome.thread.title, outcome.thread.text))],
      });
      return privateOr(context, outcome.view, guardianCaseCard(outcome.view));
    }
    default:
      return assertNever(outcome);
  }
}

// What a guardian's view turns into where the answer would be shown to everyone (an Action.Submit from an older
// client in a channel replaces the shared card): the summary, and where to see the rest.
function privateOr(context: Turn, view: GuardianView, full: CardJson): CardJson {
  if (answerIsPrivate(context)) return full;
  return withProblem(
    caseStubCard(view),
    'This Teams client cannot show your own view of the case here: open it in an up-to-date Teams (desktop, web or mobile).',
  );
}

function withProblem(c: CardJson, message: string): CardJson {
  return {
    ...c,
    body: [
      { type: 'TextBlock', text: message, wrap: true, color: 'Attention', weight: 'Bolder' },
      ...((c.body as unknown[]) ?? []),
    ],
  };
}
