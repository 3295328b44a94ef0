import { assertNever } from '../platform/assert';
import type { CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import {
  asData,
  callerOf,
  conversationRefOf,
  isPersonal,
  onCardAction,
  onCommand,
  replyWithCard,
  type Turn,
} from '../platform/teams/turn';
import { actionFormCard, actionsCard, actionsNoteCard, ACTION_VERBS, type ActionsStatus } from './actions.cards';
import type { ActionsService, Refusal } from './actions.service';
import { MAX_CARRIED } from './asked-proofs';
import type { FeedbackOutcome, FeedbackService } from './feedback.service';
import { STAFF_ACTION_VERBS, youSaidWeDidCard } from './you-said-we-did.cards';

/** `actions [survey]` and the action cards, in 1:1 chat, for executives and admins. */
export function registerActionsRoutes(
  app: BotApp,
  deps: {
    actions: ActionsService;
    log: Log;
    describeTime: (at: Date) => string;
  },
): void {
  const { actions, log } = deps;
  const caller = (context: Turn) => callerOf(context).aadObjectId;
  const list = async (context: Turn, status?: ActionsStatus): Promise<CardJson> => {
    const outcome = await actions.overview(caller(context));
    return outcome.kind === 'list' ? actionsCard(outcome.surveys, status) : refusalCard({ kind: 'not-allowed' });
  };

  onCommand(app, /^actions(?: (.{1,80}))?$/, async (context, match) => {
    if (conversationRefOf(context).kind !== 'personal') {
      await replyWithCard(
        context,
        actionsNoteCard(
          'Actions are managed in your 1:1 chat with me',
          'Open a chat with Staff Voice and type "actions" there.',
        ),
      );
      return;
    }
    const outcome = await actions.overview(caller(context), match[1]?.trim() || undefined);
    await replyWithCard(context, outcome.kind === 'list' ? actionsCard(outcome.surveys) : refusalCard(outcome));
  });

  onCardAction(app, ACTION_VERBS.list, log, async (context) => list(context));

  onCardAction(app, ACTION_VERBS.form, log, async (context, data) => {
    const outcome = await actions.form(caller(context), asData(data));
    return outcome.kind === 'form' ? actionFormCard(outcome.target) : refusalCard(outcome);
  });

  onCardAction(app, ACTION_VERBS.save, log, async (context, data) => {
    const outcome = await actions.save(caller(context), asData(data));
    switch (outcome.kind) {
      case 'problems':
        return actionFormCard(outcome.target, outcome.values, outcome.problems);
      case 'changed-meanwhile':
        return list(context, {
          text: 'Someone else changed this action at the same time, so your change was not saved. Here it is as it is now: please edit it again.',
          ok: false,
        });
      case 'saved':
        return list(context, {
          text: outcome.created
            ? 'Action saved. Publish it when you are ready for staff to see it.'
            : 'Action updated.',
          ok: true,
        });
      default:
        return refusalCard(outcome);
    }
  });

  onCardAction(app, ACTION_VERBS.publish, log, async (context, data) => {
    const outcome = await actions.publish(caller(context), asData(data));
    switch (outcome.kind) {
      case 'published':
        return list(context, {
          text: `Published. Everyone who was asked in wave ${outcome.action.waveNumber} gets it ${deps.describeTime(outcome.sendsAt)}, and the leadership channels too.`,
          ok: true,
        });
      case 'already-published':
        return list(context, {
          text: 'That action was already published: staff hear about it once.',
          ok: true,
        });
      case 'dropped':
        return list(context, {
          text: 'A dropped action cannot be published.',
          ok: false,
        });
      default:
        return refusalCard(outcome);
    }
  });
}

/**
 * "Has this made a difference?" from a "You said, we did" card: only in the person's own 1:1 chat (elsewhere the
 * answer would show to a group, and the card was never sent there). Answered with their card as it now stands.
 * Nothing about who clicked is logged or audited: the answer is anonymous.
 */
export function registerFeedbackRoute(app: BotApp, deps: { feedback: FeedbackService; log: Log }): void {
  onCardAction(app, STAFF_ACTION_VERBS.feedback, deps.log, async (context, data) => {
    if (!isPersonal(context))
      return actionsNoteCard(
        'Please answer in your 1:1 chat with Staff Voice',
        'Nothing was recorded. Your answer is anonymous there: open your chat with Staff Voice and answer on the "You said, we did" card.',
      );
    const payload = asData(data);
    // The card comes back with the proofs it carried (checked again on every click, so a changed one only costs a read).
    const asked = typeof payload.asked === 'string' && payload.asked.length <= MAX_CARRIED ? payload.asked : undefined;
    return feedbackCard(await deps.feedback.answer(callerOf(context).aadObjectId, payload), asked);
  });
}

function feedbackCard(outcome: FeedbackOutcome, asked: string | undefined): CardJson {
  switch (outcome.kind) {
    case 'invalid-card':
      return actionsNoteCard(
        'This card could not be read',
        'Nothing was recorded. Please use the buttons on your latest "You said, we did" message.',
      );
    case 'not-found':
      return actionsNoteCard(
        'That action is not there any more',
        'Nothing was recorded. Type "help" to see what you can do.',
      );
    case 'not-asked':
      return youSaidWeDidCard(
        outcome.items,
        {
          text: 'This question is for the staff who were asked in that survey, so nothing was recorded.',
          ok: false,
        },
        asked,
      );
    case 'out-of-date':
      return actionsNoteCard(
        'This card is out of date',
        'Nothing was recorded. Please answer on your latest "You said, we did" message: the next one will ask again.',
      );
    case 'closed':
      return youSaidWeDidCard(
        outcome.items,
        {
          text: 'Answers to that question have closed, so nothing was recorded.',
          ok: false,
        },
        asked,
      );
    case 'already-answered':
      return youSaidWeDidCard(
        outcome.items,
        {
          text: 'You have already answered that one: each person answers once.',
          ok: true,
        },
        asked,
      );
    case 'try-again':
      return youSaidWeDidCard(
        outcome.items,
        {
          text: 'Sorry, your answer could not be saved just now. Nothing was recorded: please try again in a minute.',
          ok: false,
        },
        asked,
      );
    case 'recorded':
      return youSaidWeDidCard(
        outcome.items,
        { text: 'Thank you: your answer is recorded, anonymously.', ok: true },
        asked,
      );
    default:
      return assertNever(outcome);
  }
}

/** The polite card for each refusal. Nothing was changed in any of them, and each was audited. */
function refusalCard(refusal: Refusal): CardJson {
  switch (refusal.kind) {
    case 'not-allowed':
      return actionsNoteCard(
        'Actions are for executives and survey admins',
        'Nothing was changed. Staff see published actions in their chat with Staff Voice. Type "help" to see what you can do.',
      );
    case 'invalid-card':
      return actionsNoteCard('This card could not be read', 'Nothing was changed. Type "actions" for a fresh card.');
    case 'not-found':
      return actionsNoteCard(
        'That action or wave is not there',
        'Nothing was changed. Actions answer closed waves whose results are ready. Type "actions" to see them.',
      );
    default:
      return assertNever(refusal);
  }
}
