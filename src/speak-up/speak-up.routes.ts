import type { TurnContext } from 'botbuilder';
import { assertNever } from '../platform/assert';
import { card, type CardJson } from '../platform/cards';
import type { Log } from '../platform/log';
import { randomId } from '../platform/random';
import type { BotApp } from '../platform/teams/bot';
import { answerIsPrivate, asData, callerOf, cardAttachment, conversationRefOf, isAutomaticRefresh, isPersonal, onCardAction, onCommand, originOf, replyWithCard } from '../platform/teams/turn';
import type { CaseViewService } from './case-view.service';
import { ngoRows } from './ngo-return';
import type { NgoReturnService } from './ngo.service';
import { caseStubCard, guardianCaseCard, myCasesCard, raiseCard, raisedCard, speakUpNote, SPEAK_UP_VERBS, threadCard, type GuardianView } from './speak-up.cards';
import type { ReporterOutcome, SpeakUpService, SpeakUpSettings } from './speak-up.service';

const newDraft = () => randomId(16);

/** Speak up: raising, `my cases`, guardian actions on case cards, reporter replies, feedback, `ngo return`. */
export function registerSpeakUpRoutes(app: BotApp, deps: { speakUp: SpeakUpService; views: CaseViewService; ngo: NgoReturnService; settings: SpeakUpSettings; log: Log }): void {
  const { speakUp, views, ngo, settings, log } = deps;
  const form = () => raiseCard(newDraft(), { incidentNote: settings.incidentNote });
  const chatOnly = speakUpNote('Speak up in your 1:1 chat with me', 'Open a chat with Staff Voice and type "speak up" there: nobody else in this conversation will see it.');
  const chatOnlyAction = speakUpNote(
    'This works only in your 1:1 chat with me',
    'Nothing was sent or saved, and nothing has changed. Open your chat with Staff Voice and type "speak up" or "my cases" there: nobody else sees it.',
    true,
  );
  const guardiansOnlyHere = speakUpNote(
    "Case actions work only in the guardians' channel",
    "Nothing has changed, and the attempt has been recorded. Use the case card in the registered guardians' channel (or your 1:1 chat with me).",
    true,
  );
  // What a guardian's view turns into where the answer would be shown to everyone (an Action.Submit from an older
  // client in a channel replaces the shared card): the summary, and where to see the rest.
  const privateOr = (context: TurnContext, view: GuardianView, full: CardJson) =>
    answerIsPrivate(context) ? full : withProblem(caseStubCard(view), 'This Teams client cannot show your own view of the case here: open it in an up-to-date Teams (desktop, web or mobile).');

  onCommand(app, /^speak ?up$/, async (context) => replyWithCard(context, isPersonal(context) ? form() : chatOnly));
  onCardAction(app, SPEAK_UP_VERBS.open, log, async (context) => ((await speakUp.mayOpenForm(originOf(context))) ? form() : chatOnlyAction));

  onCardAction(app, SPEAK_UP_VERBS.raise, log, async (context, data) => {
    const caller = callerOf(context);
    const outcome = await speakUp.raise({ aadObjectId: caller.aadObjectId, name: caller.name, ref: conversationRefOf(context) }, asData(data), originOf(context));
    const draft = typeof asData(data).draft === 'string' ? String(asData(data).draft) : newDraft();
    switch (outcome.kind) {
      case 'wrong-place':
        return chatOnlyAction;
      case 'problems':
        return raiseCard(/^[0-9a-f]{16,32}$/.test(draft) ? draft : newDraft(), { incidentNote: settings.incidentNote, problems: outcome.problems, values: outcome.values });
      case 'try-again':
        // Same draft: the retry finds (or finishes) the case this attempt may have started, never a second one.
        return raiseCard(draft, { incidentNote: settings.incidentNote, values: outcome.values, problems: ['Sorry, your concern could not be saved just now (a problem on our side). It is still filled in below: please press Send again in a minute.'] });
      case 'raised':
        return raisedCard(outcome.ref, { mode: outcome.mode, ackDays: settings.ackWorkingDays, patientSafety: outcome.patientSafety, incidentNote: settings.incidentNote, notSetUp: outcome.notSetUp });
      default:
        return assertNever(outcome);
    }
  });

  onCommand(app, /^my cases$/, async (context) => replyWithCard(context, isPersonal(context) ? myCasesCard(await speakUp.casesOf(callerOf(context).aadObjectId), settings.timeZone) : chatOnly));

  // Anyone's own view of a case card: its refresh (automatic) and its "Open case (guardians)" button (manual).
  onCardAction(app, SPEAK_UP_VERBS.view, log, async (context, data) => {
    const outcome = await views.open({ aadObjectId: callerOf(context).aadObjectId }, asData(data), originOf(context), isAutomaticRefresh(context));
    switch (outcome.kind) {
      case 'wrong-place':
        return guardiansOnlyHere;
      case 'not-allowed':
        return speakUpNote('Only Freedom to Speak Up guardians can open a case', 'Nothing is shown, and the attempt has been recorded.', true);
      case 'unknown-case':
        return speakUpNote('That case could not be found', 'Nothing is shown. The card may be out of date.', true);
      case 'summary':
        // A refresh (or an answer everyone would see) simply shows the card as it is; a click is told why there is no more.
        return isAutomaticRefresh(context) || !answerIsPrivate(context)
          ? caseStubCard(outcome.summary)
          : withProblem(caseStubCard(outcome.summary), 'Only Freedom to Speak Up guardians can open a case. Nothing more is shown, and the attempt has been recorded.');
      case 'guardian':
        return privateOr(context, outcome.view, guardianCaseCard(outcome.view));
      default:
        return assertNever(outcome);
    }
  });

  // Guardians, on their own view of the case card in their channel.
  for (const action of ['claim', 'reply', 'ask', 'note', 'status', 'close'] as const) {
    onCardAction(app, SPEAK_UP_VERBS[action], log, async (context, data) => {
      const caller = callerOf(context);
      const origin = originOf(context);
      const outcome = await speakUp.act({ aadObjectId: caller.aadObjectId, name: caller.name }, action, asData(data), origin);
      switch (outcome.kind) {
        case 'wrong-place':
          return guardiansOnlyHere;
        case 'not-allowed':
          return speakUpNote('Only Freedom to Speak Up guardians can act on cases', 'Nothing has changed, and the attempt has been recorded.', true);
        case 'unknown-case':
          return speakUpNote('That case could not be found', 'Nothing has changed. The card may be out of date.', true);
        case 'closed':
          return speakUpNote(`${outcome.ref} is closed`, 'Nothing has changed: a closed case takes no more actions.', true);
        case 'invalid':
          return outcome.view ? privateOr(context, outcome.view, withProblem(guardianCaseCard(outcome.view), outcome.message)) : speakUpNote('That could not be done', outcome.message, true);
        case 'done': {
          // Everyone in the channel sees the card change, but only as the summary (the stored message is always the
          // summary); the guardian who clicked gets their own full view back. The thread records the action.
          if (origin.type === 'channel' && context.activity.replyToId) {
            await context.updateActivity({ id: context.activity.replyToId, type: 'message', attachments: [cardAttachment(caseStubCard(outcome.view))] }).catch(() => undefined);
          }
          await context.sendActivity({ attachments: [cardAttachment(threadCard(outcome.thread.title, outcome.thread.text))] });
          return privateOr(context, outcome.view, guardianCaseCard(outcome.view));
        }
        default:
          return assertNever(outcome);
      }
    });
  }

  // Reporters, from their 1:1 chat.
  onCardAction(app, SPEAK_UP_VERBS.reporterReply, log, async (context, data) => reporterCard(await speakUp.reporterReply(callerOf(context).aadObjectId, asData(data), originOf(context)), 'Sent to the guardians', 'Only the guardians see it. Their answers arrive here.'));
  onCardAction(app, SPEAK_UP_VERBS.feedback, log, async (context, data) => reporterCard(await speakUp.feedback(callerOf(context).aadObjectId, asData(data), originOf(context)), 'Thank you for your feedback', 'It helps the trust, and the National Guardian\'s Office, make speaking up safer.'));
  onCardAction(app, SPEAK_UP_VERBS.checkIn, log, async (context, data) => {
    const outcome = await speakUp.checkIn(callerOf(context).aadObjectId, asData(data), originOf(context));
    return outcome.kind === 'sent' && outcome.reopened
      ? speakUpNote('Thank you for telling us', `Your case ${outcome.ref} has been reopened and a guardian will be in touch here. Being treated badly for speaking up is not acceptable.`)
      : reporterCard(outcome, 'Thank you', 'We are glad to hear it. You can speak up again at any time: type "speak up".');
  });

  onCommand(app, /^ngo return(?: (.{1,20}))?$/, async (context, match) => {
    if (!isPersonal(context)) return replyWithCard(context, speakUpNote('The NGO return is shown in your 1:1 chat with me', 'Type "ngo return" there.'));
    const outcome = await ngo.ngoReturn(callerOf(context).aadObjectId, match[1]);
    if (outcome.kind === 'not-allowed') return replyWithCard(context, speakUpNote('The NGO return is for Freedom to Speak Up guardians', 'Nothing was shown.', true));
    if (outcome.kind === 'bad-quarter') return replyWithCard(context, speakUpNote('Which quarter?', 'Write it like "ngo return 2026/27 Q3" (financial year quarters: Q1 is April to June).', true));
    return replyWithCard(
      context,
      card(
        [
          { type: 'TextBlock', text: `NGO quarterly return: ${outcome.figures.quarter}`, weight: 'Bolder', size: 'Medium', wrap: true },
          { type: 'FactSet', facts: ngoRows(outcome.figures).map(([title, n]) => ({ title, value: String(n) })) },
          { type: 'TextBlock', text: 'Counts of cases raised in the quarter. See docs/speak-up.md for how each line maps to the National Guardian\'s Office return. The CSV link works once, for 15 minutes.', wrap: true, isSubtle: true, size: 'Small' },
        ],
        [{ type: 'Action.OpenUrl', title: 'Download as CSV', url: outcome.csvUrl }],
      ),
    );
  });
}

function withProblem(c: CardJson, message: string): CardJson {
  return { ...c, body: [{ type: 'TextBlock', text: message, wrap: true, color: 'Attention', weight: 'Bolder' }, ...((c.body as unknown[]) ?? [])] };
}

function reporterCard(outcome: ReporterOutcome, title: string, detail: string): CardJson {
  switch (outcome.kind) {
    case 'wrong-place':
      return speakUpNote('This works only in your 1:1 chat with me', 'Nothing was sent or saved, and nothing has changed. Open your chat with Staff Voice and type "my cases" there: nobody else sees it.', true);
    case 'sent':
      return speakUpNote(title, detail);
    case 'unknown-case':
      return speakUpNote('That case could not be found', 'Nothing was sent. Type "my cases" to see your open cases.', true);
    case 'not-yours':
      return speakUpNote('This is not your case', 'Only the person who raised a case can reply on it. Nothing was sent.', true);
    case 'closed':
      return speakUpNote(`${outcome.ref} is closed`, 'Nothing was sent. If something new has happened, type "speak up" to raise it.', true);
    case 'invalid':
      return speakUpNote('That could not be sent', outcome.message, true);
    default:
      return assertNever(outcome);
  }
}
