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
import type { Action } from './action';
import { actionFormCard, actionsCard, actionsNoteCard, ACTION_VERBS, type ActionsStatus } from './actions.cards';
import type { ActionsService, Refusal } from './actions.service';
import { MAX_CARRIED } from './asked-proofs';
import type { FeedbackOutcome, FeedbackService } from './feedback.service';
import { STAFF_ACTION_VERBS, youSaidWeDidCard } from './you-said-we-did.cards';

/** `actions [survey]` and the action cards, in 1:1 chat, for executives, admins and team leads. */
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
  // `team`: the team just acted for, listed even when the caller (an executive) does not lead it.
  const list = async (context: Turn, status?: ActionsStatus, team?: string): Promise<CardJson> => {
    const outcome = await actions.overview(caller(context), undefined, team);
    return outcome.kind === 'list' ? actionsCard(outcome.surveys, status) : refusalCard({ kind: 'not-allowed' });
  };
  const teamIn = (data: unknown): string | undefined => {
    const team = asData(data).team;
    return typeof team === 'string' && /^\S{1,400}$/.test(team) ? team : undefined;
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

  onCardAction(app, ACTION_VERBS.list, log, async (context, data) => list(context, undefined, teamIn(data)));

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
        return list(context, CHANGED_MEANWHILE, teamIn(data));
      case 'saved':
        return list(context, outcome.created ? SAVED : UPDATED, outcome.action.team?.id);
      default:
        return refusalCard(outcome);
    }
  });

  onCardAction(app, ACTION_VERBS.publish, log, async (context, data) => {
    const outcome = await actions.publish(caller(context), asData(data));
    switch (outcome.kind) {
      case 'published':
        return list(
          context,
          publishedNotice(outcome.action, deps.describeTime(outcome.sendsAt)),
          outcome.action.team?.id,
        );
      case 'already-published':
        return list(context, ALREADY_PUBLISHED, outcome.action.team?.id);
      case 'dropped':
        return list(context, { text: 'A dropped action cannot be published.', ok: false }, teamIn(data));
      default:
        return refusalCard(outcome);
    }
  });
}

const CHANGED_MEANWHILE: ActionsStatus = {
  text: 'Someone else changed this action at the same time, so your change was not saved. Here it is as it is now: please edit it again.',
  ok: false,
};
const SAVED: ActionsStatus = { text: 'Action saved. Publish it when you are ready for staff to see it.', ok: true };
const UPDATED: ActionsStatus = { text: 'Action updated.', ok: true };
const ALREADY_PUBLISHED: ActionsStatus = {
  text: 'That action was already published: staff hear about it once.',
  ok: true,
};

/** Who hears about a published action, and when: a team's staff only, or everyone asked and the leadership channels. */
function publishedNotice({ team, waveNumber }: Action, when: string): ActionsStatus {
  const text = team
    ? `Published. Everyone who was asked through ${team.name} in wave ${waveNumber} gets it ${when}.`
    : `Published. Everyone who was asked in wave ${waveNumber} gets it ${when}, and the leadership channels too.`;
  return { text, ok: true };
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
        'Actions are for executives, survey admins and team leads',
        "Nothing was changed. Executives and survey admins answer the organisation's results; a team's leads answer their team's. Staff see published actions in their chat with Staff Voice. Type \"help\" to see what you can do.",
      );
    case 'not-team-lead':
      return actionsNoteCard(
        `Only ${refusal.teamName}'s leads record its actions`,
        "Nothing was changed. A team's actions are recorded by the leads an admin named for it on the roles card, and by executives and survey admins.",
      );
    case 'team-not-shown':
      return actionsNoteCard(
        `${upperFirst(refusal.teamName)} has no results shown for wave ${refusal.waveNumber}`,
        "Nothing was changed. A team's actions answer its own results, which are shown only where enough of the team answered and no smaller group could be worked out from them. Its people's answers still count in the organisation's results.",
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

// A team's name starts a sentence; one Teams has not told us yet is "this team".
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
