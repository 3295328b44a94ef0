import { assertNever } from '../platform/assert';
import { card } from '../platform/cards';
import type { Log } from '../platform/log';
import { randomId } from '../platform/random';
import type { BotApp } from '../platform/teams/bot';
import {
  asData,
  callerOf,
  conversationRefOf,
  isPersonal,
  onCardAction,
  onCommand,
  originOf,
  replyWithCard,
} from '../platform/teams/turn';
import type { CaseViewService } from './case-view.service';
import type { GuardianActionService } from './guardian-actions.service';
import { registerGuardianRoutes } from './guardian.routes';
import { ngoRows } from './ngo-return';
import type { NgoReturnService } from './ngo.service';
import type { RaiseService } from './raise.service';
import { registerReporterRoutes } from './reporter.routes';
import type { ReporterService } from './reporter.service';
import type { SpeakUpSettings } from './settings';
import { myCasesCard, raiseCard, raisedCard, speakUpNote, SPEAK_UP_VERBS } from './speak-up.cards';

/** The speak-up use cases the routes call, one service each. */
export interface SpeakUpUseCases {
  readonly raise: RaiseService;
  readonly guardians: GuardianActionService;
  readonly reporters: ReporterService;
  readonly views: CaseViewService;
  readonly ngo: NgoReturnService;
}

const newDraft = () => randomId(16);

/** Speak up: raising, `my cases`, guardian actions on case cards, reporter replies, feedback, `ngo return`. */
export function registerSpeakUpRoutes(
  app: BotApp,
  deps: SpeakUpUseCases & { settings: SpeakUpSettings; log: Log },
): void {
  const { raise, guardians, reporters, views, ngo, settings, log } = deps;
  const form = () => raiseCard(newDraft(), { incidentNote: settings.incidentNote });
  const chatOnly = speakUpNote(
    'Speak up in your 1:1 chat with me',
    'Open a chat with Staff Voice and type "speak up" there: nobody else in this conversation will see it.',
  );
  const chatOnlyAction = speakUpNote(
    'This works only in your 1:1 chat with me',
    'Nothing was sent or saved, and nothing has changed. Open your chat with Staff Voice and type "speak up" or "my cases" there: nobody else sees it.',
    true,
  );

  onCommand(app, /^speak ?up$/, async (context) => replyWithCard(context, isPersonal(context) ? form() : chatOnly));
  onCardAction(app, SPEAK_UP_VERBS.open, log, async (context) =>
    (await raise.mayOpenForm(originOf(context))) ? form() : chatOnlyAction,
  );

  onCardAction(app, SPEAK_UP_VERBS.raise, log, async (context, data) => {
    const caller = callerOf(context);
    const outcome = await raise.raiseConcern(
      { aadObjectId: caller.aadObjectId, name: caller.name, ref: conversationRefOf(context) },
      asData(data),
      originOf(context),
    );
    const draft = typeof asData(data).draft === 'string' ? String(asData(data).draft) : newDraft();
    switch (outcome.kind) {
      case 'wrong-place':
        return chatOnlyAction;
      case 'problems':
        return raiseCard(/^[0-9a-f]{16,32}$/.test(draft) ? draft : newDraft(), {
          incidentNote: settings.incidentNote,
          problems: outcome.problems,
          values: outcome.values,
        });
      case 'try-again':
        // Same draft: the retry finds (or finishes) the case this attempt may have started, never a second one.
        return raiseCard(draft, {
          incidentNote: settings.incidentNote,
          values: outcome.values,
          problems: [
            'Sorry, your concern could not be saved just now (a problem on our side). It is still filled in below: please press Send again in a minute.',
          ],
        });
      case 'raised':
        return raisedCard(outcome.ref, {
          mode: outcome.mode,
          ackDays: settings.ackWorkingDays,
          patientSafety: outcome.patientSafety,
          incidentNote: settings.incidentNote,
          notSetUp: outcome.notSetUp,
        });
      default:
        return assertNever(outcome);
    }
  });

  onCommand(app, /^my cases$/, async (context) =>
    replyWithCard(
      context,
      isPersonal(context)
        ? myCasesCard(await reporters.openCasesOf(callerOf(context).aadObjectId), settings.timeZone)
        : chatOnly,
    ),
  );

  registerGuardianRoutes(app, { guardians, views, log });
  registerReporterRoutes(app, { reporters, log });
  registerNgoReturnRoute(app, ngo);
}

/** `ngo return [quarter]`: the guardians' quarterly figures for the National Guardian's Office, and a CSV link. */
function registerNgoReturnRoute(app: BotApp, ngo: NgoReturnService): void {
  onCommand(app, /^ngo return(?: (.{1,20}))?$/, async (context, match) => {
    if (!isPersonal(context))
      return replyWithCard(
        context,
        speakUpNote('The NGO return is shown in your 1:1 chat with me', 'Type "ngo return" there.'),
      );
    const outcome = await ngo.ngoReturn(callerOf(context).aadObjectId, match[1]);
    if (outcome.kind === 'not-allowed')
      return replyWithCard(
        context,
        speakUpNote('The NGO return is for Freedom to Speak Up guardians', 'Nothing was shown.', true),
      );
    if (outcome.kind === 'bad-quarter')
      return replyWithCard(
        context,
        speakUpNote(
          'Which quarter?',
          'Write it like "ngo return 2026/27 Q3" (financial year quarters: Q1 is April to June).',
          true,
        ),
      );
    return replyWithCard(
      context,
      card(
        [
          {
            type: 'TextBlock',
            text: `NGO quarterly return: ${outcome.figures.quarter}`,
            weight: 'Bolder',
            size: 'Medium',
            wrap: true,
          },
          { type: 'FactSet', facts: ngoRows(outcome.figures).map(([title, n]) => ({ title, value: String(n) })) },
          {
            type: 'TextBlock',
            text: "Counts of cases raised in the quarter. See docs/speak-up.md for how each line maps to the National Guardian's Office return. The CSV link works once, for 15 minutes.",
            wrap: true,
            isSubtle: true,
            size: 'Small',
          },
        ],
        [{ type: 'Action.OpenUrl', title: 'Download as CSV', url: outcome.csvUrl }],
      ),
    );
  });
}
