import { randomBytes } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { assertNever } from '../platform/assert';
import { card } from '../platform/cards';
import type { CardJson } from '../platform/conversation-ref';
import type { Log } from '../platform/log';
import type { BotApp } from '../platform/teams/bot';
import { cardAttachment, callerOf, conversationRefOf, onCardAction, onCommand, replyWithCard } from '../platform/teams/turn';
import { ngoRows } from './ngo-return';
import type { NgoReturnService } from './ngo.service';
import { guardianCaseCard, myCasesCard, raiseCard, raisedCard, speakUpNote, SPEAK_UP_VERBS, threadCard } from './speak-up.cards';
import type { ReporterOutcome, SpeakUpService, SpeakUpSettings } from './speak-up.service';

type Data = Record<string, unknown>;
const asData = (data: unknown): Data => (data && typeof data === 'object' && !Array.isArray(data) ? (data as Data) : {});
const newDraft = () => randomBytes(16).toString('hex');

/** Speak up: raising, `my cases`, guardian actions on case cards, reporter replies, feedback, `ngo return`. */
export function registerSpeakUpRoutes(app: BotApp, deps: { speakUp: SpeakUpService; ngo: NgoReturnService; settings: SpeakUpSettings; log: Log }): void {
  const { speakUp, ngo, settings, log } = deps;
  const form = () => raiseCard(newDraft(), { incidentNote: settings.incidentNote });
  const privately = (context: TurnContext) => conversationRefOf(context).kind === 'personal';
  const chatOnly = speakUpNote('Speak up in your 1:1 chat with me', 'Open a chat with Staff Voice and type "speak up" there: nobody else in this conversation will see it.');

  onCommand(app, /^speak ?up$/, async (context) => replyWithCard(context, privately(context) ? form() : chatOnly));
  onCardAction(app, SPEAK_UP_VERBS.open, log, async () => form());

  onCardAction(app, SPEAK_UP_VERBS.raise, log, async (context, data) => {
    const caller = callerOf(context);
    const outcome = await speakUp.raise({ aadObjectId: caller.aadObjectId, name: caller.name, ref: conversationRefOf(context) }, asData(data));
    const draft = typeof asData(data).draft === 'string' ? String(asData(data).draft) : newDraft();
    switch (outcome.kind) {
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

  onCommand(app, /^my cases$/, async (context) => replyWithCard(context, privately(context) ? myCasesCard(await speakUp.casesOf(callerOf(context).aadObjectId), settings.timeZone) : chatOnly));

  // Guardians, on the case card in their channel.
  for (const action of ['claim', 'reply', 'ask', 'note', 'status', 'close'] as const) {
    onCardAction(app, SPEAK_UP_VERBS[action], log, async (context, data) => {
      const caller = callerOf(context);
      const outcome = await speakUp.act({ aadObjectId: caller.aadObjectId, name: caller.name }, action, asData(data));
      switch (outcome.kind) {
        case 'not-allowed':
          return speakUpNote('Only Freedom to Speak Up guardians can act on cases', 'Nothing has changed, and the attempt has been recorded.', true);
        case 'unknown-case':
          return speakUpNote('That case could not be found', 'Nothing has changed. The card may be out of date.', true);
        case 'closed':
          return speakUpNote(`${outcome.ref} is closed`, 'Nothing has changed: a closed case takes no more actions.', true);
        case 'invalid':
          return outcome.view ? withProblem(guardianCaseCard(outcome.view), outcome.message) : speakUpNote('That could not be done', outcome.message, true);
        case 'done': {
          const updated = guardianCaseCard(outcome.view);
          // Everyone in the channel sees the card change, not just the guardian who clicked; the thread records it.
          if (context.activity.replyToId) await context.updateActivity({ id: context.activity.replyToId, type: 'message', attachments: [cardAttachment(updated)] }).catch(() => undefined);
          await context.sendActivity({ attachments: [cardAttachment(threadCard(outcome.thread.title, outcome.thread.text))] });
          return updated;
        }
        default:
          return assertNever(outcome);
      }
    });
  }

  // Reporters, from their 1:1 chat.
  onCardAction(app, SPEAK_UP_VERBS.reporterReply, log, async (context, data) => reporterCard(await speakUp.reporterReply(callerOf(context).aadObjectId, asData(data)), 'Sent to the guardians', 'Only the guardians see it. Their answers arrive here.'));
  onCardAction(app, SPEAK_UP_VERBS.feedback, log, async (context, data) => reporterCard(await speakUp.feedback(callerOf(context).aadObjectId, asData(data)), 'Thank you for your feedback', 'It helps the trust, and the National Guardian\'s Office, make speaking up safer.'));
  onCardAction(app, SPEAK_UP_VERBS.checkIn, log, async (context, data) => {
    const outcome = await speakUp.checkIn(callerOf(context).aadObjectId, asData(data));
    return outcome.kind === 'sent' && outcome.reopened
      ? speakUpNote('Thank you for telling us', `Your case ${outcome.ref} has been reopened and a guardian will be in touch here. Being treated badly for speaking up is not acceptable.`)
      : reporterCard(outcome, 'Thank you', 'We are glad to hear it. You can speak up again at any time: type "speak up".');
  });

  onCommand(app, /^ngo return(?: (.{1,20}))?$/, async (context, match) => {
    if (!privately(context)) return replyWithCard(context, speakUpNote('The NGO return is shown in your 1:1 chat with me', 'Type "ngo return" there.'));
    const outcome = await ngo.ngoReturn(callerOf(context).aadObjectId, match[1]);
    if (outcome.kind === 'not-allowed') return replyWithCard(context, speakUpNote('The NGO return is for Freedom to Speak Up guardians', 'Nothing was shown.', true));
    if (outcome.kind === 'bad-quarter') return replyWithCard(context, speakUpNote('Which quarter?', 'Write it like "ngo return 2026/27 Q3" (financial year quarters: Q1 is April to June).', true));
    return replyWithCard(
      context,
      card(
        [
          { type: 'TextBlock', text: `NGO quarterly return: ${outcome.figures.quarter}`, weight: 'Bolder', size: 'Medium', wrap: true },
          { type: 'FactSet', facts: ngoRows(outcome.figures).map(([title, n]) => ({ title, value: String(n) })) },
          { type: 'TextBlock', text: 'Counts of cases raised in the quarter. See docs/speak-up.md for how each line maps to the National Guardian\'s Office return. The CSV link works for 15 minutes.', wrap: true, isSubtle: true, size: 'Small' },
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
